package io.github.modemvoice.audio;

import java.time.Duration;
import java.util.Objects;

/**
 * Energy-based speech and silence detection on 16-bit LE mono PCM at 8000 Hz, used to end a
 * recording after the caller stops speaking and to trim the trailing silence (both use the same
 * decision: {@link #lastSpeechEndSample()}).
 *
 * <p>Audio is analysed in blocks of 20 ms (160 samples), the frame of the GSM full-rate codec
 * and of its voice activity detector (3GPP TS 46.032, formerly GSM 06.32: one speech/no-speech
 * decision per 20 ms frame); bytes may be fed in pieces of any length, even odd ones, and
 * partial blocks are carried over. Level is in dBFS relative to a full-scale square wave (RMS
 * 32768), so a full-scale sine reads about -3 dBFS. A block is either <em>loud</em> or not:
 *
 * <ul>
 *   <li><b>Adaptive</b> ({@link SilenceDetection#adaptive()}, the default): loud when its
 *       smoothed energy is at least {@link SilenceDetection#marginDb() the margin} (default
 *       {@value SilenceDetection#DEFAULT_MARGIN_DB} dB) above the line's noise floor <em>and</em>
 *       at least {@link SilenceDetection#levelDbfs() the absolute floor} (default
 *       {@value SilenceDetection#DEFAULT_FLOOR_DBFS} dBFS). The floor is tracked by minimum
 *       statistics ({@link NoiseFloor}: recursive smoothing with factor 0.75 per block, minimum
 *       over a 5.12 s window of sixteen 320 ms sub-windows, after Martin 2001), so it follows
 *       continuous car, street or line noise under the voice and a caller 10 dB above such noise
 *       still falls silent. The margin covers the minimum's bias below the mean noise (our
 *       estimate from the spread of smoothed 20 ms energies: about 1 dB for white noise, up to
 *       3 dB for the low-frequency rumble of a car, whose 20 ms energies vary more) plus the
 *       noise's own block-to-block spread, with room left so that noise alone is not taken for
 *       speech. The absolute floor is far below any talker
 *       (conversation is around -16 to -20 dBm0; ITU-T G.711 section 5 puts a full-scale sine at
 *       +3.14 dBm0 A-law and +3.17 dBm0 mu-law, -3 dBFS here, so a talker is about -22 to
 *       -26 dBFS, and a quiet one at -50 dBFS still reaches the floor) and keeps breathing, clicks
 *       and line hiss on an otherwise clean line from counting.</li>
 *   <li><b>Fixed</b> ({@link SilenceDetection#fixed(double)}): loud when the block's RMS level is
 *       at or above one threshold, -40 dBFS by default: the detector before adaptive detection,
 *       and in effect vgetty's {@code rec_silence_threshold} (a percentage handed to the modem,
 *       which vgetty's defaults tell users to raise on a noisy line).</li>
 * </ul>
 *
 * <p><b>Digital silence</b>: a block with at most two distinct sample values is the codec's or
 * the modem's idle pattern, not sound: all zeros (a dropout, or a modem or module filling the
 * stream when it has no audio), a constant, the A-law or mu-law codes nearest zero
 * alternating (A-law 0xD5/0x55 decode to +8/-8, mu-law 0xFF/0x7F to 0), or 8-bit linear 0x7F/0x80
 * (the pair callattendant counts as silence). Such blocks are never loud and their level does
 * not enter the noise floor (time passes for its window, nothing more), so a dropout inside
 * speech over noise cannot drag the floor down and make the noise "speech" afterwards. Only
 * when digital silence lasts {@value #DIGITAL_SILENCE_LINE_MS} ms or more is the line taken to
 * be really silent: the floor is then fed the <em>quiet-line
 * level</em>, the floor at which the threshold equals the absolute floor.
 *
 * <p><b>Start</b>: before the line was heard, the floor is the quiet-line level, held for the
 * first 2.56 s (half a search window) unless the line shows itself quieter. A caller who starts
 * speaking in the very first block is then heard at once (a floor learnt from that block would
 * be the voice itself); the price is on a noisy line, where noise above the absolute floor
 * counts as speech for those first 2.56 s at most (a message shorter than that keeps noise up
 * to 2.56 s, and ends on silence that much later).
 *
 * <p>Loud blocks count as speech only once a run of consecutive loud blocks lasts at least the
 * minimum speech duration (the onset rule); shorter bursts such as clicks are silence. In the
 * adaptive mode, once speech was heard a loud block within the {@value #HANGOVER_MS} ms hangover
 * after the last speech counts as speech at once, so the short weak bursts between syllables
 * and at word ends (the hangover idea of the GSM and G.729 Annex B detectors) are not lost to
 * the onset rule. Silence is counted in samples since the end of the last speech block.
 *
 * <p>Defaults: adaptive, minimum speech 60 ms. 60 ms (three blocks) rejects clicks and
 * DTMF-length blips of noise while catching the first syllable.
 *
 * <p>Deterministic: time is counted in samples, never read from a clock. Not thread-safe.
 */
public final class SilenceDetector {
    /** Default threshold of the fixed mode, in dBFS (RMS relative to full-scale square wave). */
    public static final double DEFAULT_THRESHOLD_DBFS = SilenceDetection.DEFAULT_FIXED_DBFS;
    /** Default minimum duration of a loud run to count as speech. */
    public static final Duration DEFAULT_MIN_SPEECH = Duration.ofMillis(60);
    /** Samples per analysis block (20 ms at 8000 Hz). */
    public static final int BLOCK_SAMPLES = 160;
    /** Adaptive mode: after speech, how long a single loud block still continues it. */
    public static final int HANGOVER_MS = 200;
    /** Adaptive mode: digital silence at least this long means the line itself is silent. */
    public static final int DIGITAL_SILENCE_LINE_MS = 1000;

    private static final double FULL_SCALE_BLOCK = 32768.0 * 32768.0 * BLOCK_SAMPLES;

    private final SilenceDetection detection;
    private final long thresholdEnergy; // fixed: sum of squares over a block at the threshold
    private final double floorEnergy; // adaptive: the absolute floor as a block energy
    private final double marginFactor;
    private final int minSpeechBlocks;
    private final long hangoverSamples;
    private final NoiseFloor noise;

    private long blockEnergy;
    private int blockFill;
    private int firstValue;
    private int secondValue;
    private int distinct; // 1, 2, or 3 meaning "more than two"
    private final SampleFeed feed = new SampleFeed();
    private final SampleFeed.Sink toBlock = this::addSample;
    private long processedSamples;
    private int loudRun;
    private int digitalSilenceRun;
    private boolean speechStarted;
    private long lastSpeechEnd;
    private double lastBlockDbfs = Double.NEGATIVE_INFINITY;

    /** An adaptive detector ({@link SilenceDetection#adaptive()}) with the default minimum speech. */
    public SilenceDetector() {
        this(SilenceDetection.adaptive(), DEFAULT_MIN_SPEECH);
    }

    /**
     * A fixed-threshold detector, as this constructor always made.
     *
     * @param thresholdDbfs RMS level (dBFS re full-scale square wave) at or above which a block
     *                      is loud; between -96 and 0
     * @param minSpeech     how long loud blocks must persist to count as speech; rounded up to
     *                      whole 20 ms blocks, at least one block
     * @throws IllegalArgumentException if a value is out of range, naming it
     */
    public SilenceDetector(double thresholdDbfs, Duration minSpeech) {
        this(SilenceDetection.fixed(thresholdDbfs), minSpeech);
    }

    /**
     * @param detection adaptive or fixed, with its levels
     * @param minSpeech how long loud blocks must persist to count as speech; rounded up to whole
     *                  20 ms blocks, at least one block, at most an hour
     * @throws IllegalArgumentException if a value is out of range, naming it
     */
    public SilenceDetector(SilenceDetection detection, Duration minSpeech) {
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(minSpeech, "minSpeech");
        long samples = Pcm.samplesFor(minSpeech, "minSpeech");
        if (samples > 3600L * Pcm.SAMPLE_RATE) {
            throw new IllegalArgumentException("minSpeech must be at most an hour, was " + minSpeech);
        }
        this.detection = detection;
        double rms = 32768.0 * Math.pow(10, detection.levelDbfs() / 20);
        this.thresholdEnergy = (long) Math.ceil(rms * rms * BLOCK_SAMPLES);
        this.floorEnergy = rms * rms * BLOCK_SAMPLES;
        this.marginFactor = Math.pow(10, detection.marginDb() / 10);
        this.minSpeechBlocks = (int) Math.max(1, (samples + BLOCK_SAMPLES - 1) / BLOCK_SAMPLES);
        this.hangoverSamples = detection.isAdaptive() ? HANGOVER_MS * 8L : 0;
        this.noise = detection.isAdaptive() ? new NoiseFloor(floorEnergy / marginFactor) : null;
    }

    /**
     * Feeds audio.
     *
     * @param pcm 16-bit signed little-endian mono PCM at 8000 Hz
     * @param off first byte
     * @param len number of bytes (any length; an odd byte is carried to the next call)
     */
    public void accept(byte[] pcm, int off, int len) {
        int end = off + len;
        off = feed.begin(pcm, off, len, toBlock);
        // hot loop: whole samples, block by block
        long energy = blockEnergy;
        int fill = blockFill;
        while (end - off >= 2) {
            int s = (pcm[off] & 0xFF) | (pcm[off + 1] << 8);
            off += 2;
            energy += s * s;
            if (distinct < 3) {
                countDistinct(s, fill);
            }
            if (++fill == BLOCK_SAMPLES) {
                blockEnergy = energy;
                endBlock();
                energy = 0;
                fill = 0;
            }
        }
        blockEnergy = energy;
        blockFill = fill;
        feed.end(pcm, off, end);
    }

    /**
     * @param pcm 16-bit signed little-endian mono PCM at 8000 Hz, fed entirely
     */
    public void accept(byte[] pcm) {
        accept(pcm, 0, pcm.length);
    }

    private void addSample(short s) {
        blockEnergy += s * s;
        if (distinct < 3) {
            countDistinct(s, blockFill);
        }
        if (++blockFill == BLOCK_SAMPLES) {
            endBlock();
            blockEnergy = 0;
            blockFill = 0;
        }
    }

    /** Counts distinct sample values in the block up to three (more than two: not digital silence). */
    private void countDistinct(int s, int fill) {
        if (fill == 0) {
            firstValue = s;
            distinct = 1;
        } else if (s != firstValue) {
            if (distinct == 1) {
                secondValue = s;
                distinct = 2;
            } else if (s != secondValue) {
                distinct = 3;
            }
        }
    }

    private void endBlock() {
        processedSamples += BLOCK_SAMPLES;
        lastBlockDbfs = blockEnergy == 0 ? Double.NEGATIVE_INFINITY
                : 10 * Math.log10(blockEnergy / FULL_SCALE_BLOCK);
        boolean digitalSilence = distinct < 3;
        distinct = 0;
        boolean loud = noise == null ? blockEnergy >= thresholdEnergy : adaptiveLoud(digitalSilence);
        if (loud) {
            loudRun++;
            boolean continues = hangoverSamples > 0 && speechStarted
                    && processedSamples - BLOCK_SAMPLES - lastSpeechEnd <= hangoverSamples;
            if (loudRun >= minSpeechBlocks || continues) {
                speechStarted = true;
                lastSpeechEnd = processedSamples;
            }
        } else {
            loudRun = 0;
        }
    }

    private boolean adaptiveLoud(boolean digitalSilence) {
        if (digitalSilence) {
            // time passes for the floor's window, but the block's level does not count
            noise.enter(++digitalSilenceRun >= DIGITAL_SILENCE_LINE_MS / 20 ? floorEnergy / marginFactor
                    : Double.POSITIVE_INFINITY);
            return false;
        }
        digitalSilenceRun = 0;
        double smoothed = noise.add(blockEnergy);
        return smoothed >= floorEnergy && smoothed >= noise.energy() * marginFactor;
    }

    /** @return true once loud audio has persisted for the minimum speech duration */
    public boolean speechStarted() {
        return speechStarted;
    }

    /**
     * @return samples of silence since the end of the last speech block, or since the start if
     *         there was no speech; counts whole analysed blocks only
     */
    public long trailingSilenceSamples() {
        return processedSamples - lastSpeechEnd;
    }

    /** @return {@link #trailingSilenceSamples()} as a duration */
    public Duration trailingSilence() {
        return Pcm.durationOf(trailingSilenceSamples());
    }

    /**
     * @return the sample position (from the first sample fed) just after the last speech
     *         block, or 0 if there has been no speech; multiply by 2 for a byte offset to trim to
     */
    public long lastSpeechEndSample() {
        return lastSpeechEnd;
    }

    /** @return number of samples analysed so far (whole blocks) */
    public long processedSamples() {
        return processedSamples;
    }

    /** @return level of the last complete block in dBFS, negative infinity for digital silence */
    public double lastBlockDbfs() {
        return lastBlockDbfs;
    }

    /** @return how this detector decides */
    public SilenceDetection detection() {
        return detection;
    }

    /**
     * @return the level a block must reach now to be loud, in dBFS: the fixed threshold, or in
     *         the adaptive mode the larger of the absolute floor and the noise floor plus the margin
     */
    public double thresholdDbfs() {
        if (noise == null) {
            return detection.levelDbfs();
        }
        return Math.max(detection.levelDbfs(), noiseFloorDbfs() + detection.marginDb());
    }

    /**
     * @return the estimated noise floor in dBFS (adaptive mode; the quiet-line level, absolute
     *         floor less margin, until the line was heard); negative infinity in the fixed mode
     */
    public double noiseFloorDbfs() {
        double e = noise == null ? 0 : noise.energy();
        return e <= 0 ? Double.NEGATIVE_INFINITY
                : 10 * Math.log10(e / FULL_SCALE_BLOCK);
    }

    /** Forgets all audio seen, as if newly constructed. */
    public void reset() {
        blockEnergy = 0;
        blockFill = 0;
        distinct = 0;
        feed.clear();
        processedSamples = 0;
        loudRun = 0;
        digitalSilenceRun = 0;
        speechStarted = false;
        lastSpeechEnd = 0;
        lastBlockDbfs = Double.NEGATIVE_INFINITY;
        if (noise != null) {
            noise.reset();
        }
    }
}
