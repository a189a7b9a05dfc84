package io.github.modemvoice.audio;

import java.time.Duration;
import java.util.Objects;

/**
 * Energy-based speech and silence detection on 16-bit LE mono PCM at 8000 Hz, used to end a
 * recording after the caller stops speaking and to trim the trailing silence.
 *
 * <p>Audio is analysed in blocks of 20 ms (160 samples); bytes may be fed in pieces of any
 * length, even odd ones, and partial blocks are carried over. A block is <em>loud</em> when its
 * RMS level is at or above the threshold. Level is in dBFS relative to a full-scale square
 * wave (RMS 32768), so a full-scale sine reads about -3 dBFS. Loud blocks count as speech only
 * once a run of consecutive loud blocks lasts at least the minimum speech duration (the
 * hangover); shorter bursts such as clicks are treated as silence. Silence is counted in
 * samples since the end of the last speech block.
 *
 * <p>Defaults: threshold {@value #DEFAULT_THRESHOLD_DBFS} dBFS and minimum speech 60 ms.
 * Speech on a telephone line is typically -30 to -15 dBFS and line or comfort noise -70 to
 * -50 dBFS; -40 dBFS sits clear of both. 60 ms (three blocks) rejects clicks and DTMF-length
 * blips of noise while catching the first syllable.
 *
 * <p>Deterministic: time is counted in samples, never read from a clock. Not thread-safe.
 */
public final class SilenceDetector {
    /** Default threshold in dBFS (RMS relative to full-scale square wave). */
    public static final double DEFAULT_THRESHOLD_DBFS = -40.0;
    /** Default minimum duration of a loud run to count as speech. */
    public static final Duration DEFAULT_MIN_SPEECH = Duration.ofMillis(60);
    /** Samples per analysis block (20 ms at 8000 Hz). */
    public static final int BLOCK_SAMPLES = 160;

    private final double thresholdDbfs;
    private final long thresholdEnergy; // sum of squares over a block at the threshold
    private final int minSpeechBlocks;

    private long blockEnergy;
    private int blockFill;
    private final SampleFeed feed = new SampleFeed();
    private final SampleFeed.Sink toBlock = this::addSample;
    private long processedSamples;
    private int loudRun;
    private boolean speechStarted;
    private long lastSpeechEnd;
    private double lastBlockDbfs = Double.NEGATIVE_INFINITY;

    /** A detector with the default threshold and minimum speech duration. */
    public SilenceDetector() {
        this(DEFAULT_THRESHOLD_DBFS, DEFAULT_MIN_SPEECH);
    }

    /**
     * @param thresholdDbfs RMS level (dBFS re full-scale square wave) at or above which a block
     *                      is loud; between -96 and 0
     * @param minSpeech     how long loud blocks must persist to count as speech; rounded up to
     *                      whole 20 ms blocks, at least one block
     * @throws IllegalArgumentException if a value is out of range, naming it
     */
    public SilenceDetector(double thresholdDbfs, Duration minSpeech) {
        if (!(thresholdDbfs >= -96 && thresholdDbfs <= 0)) {
            throw new IllegalArgumentException(
                    "thresholdDbfs must be between -96 and 0, was " + thresholdDbfs);
        }
        Objects.requireNonNull(minSpeech, "minSpeech");
        long samples = Pcm.samplesFor(minSpeech, "minSpeech");
        if (samples > 3600L * Pcm.SAMPLE_RATE) {
            throw new IllegalArgumentException("minSpeech must be at most an hour, was " + minSpeech);
        }
        this.thresholdDbfs = thresholdDbfs;
        double rms = 32768.0 * Math.pow(10, thresholdDbfs / 20);
        this.thresholdEnergy = (long) Math.ceil(rms * rms * BLOCK_SAMPLES);
        this.minSpeechBlocks = (int) Math.max(1, (samples + BLOCK_SAMPLES - 1) / BLOCK_SAMPLES);
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
        if (++blockFill == BLOCK_SAMPLES) {
            endBlock();
            blockEnergy = 0;
            blockFill = 0;
        }
    }

    private void endBlock() {
        processedSamples += BLOCK_SAMPLES;
        boolean loud = blockEnergy >= thresholdEnergy;
        lastBlockDbfs = blockEnergy == 0 ? Double.NEGATIVE_INFINITY
                : 10 * Math.log10((double) blockEnergy / BLOCK_SAMPLES / (32768.0 * 32768.0));
        if (loud) {
            loudRun++;
            if (loudRun >= minSpeechBlocks) {
                speechStarted = true;
                lastSpeechEnd = processedSamples;
            }
        } else {
            loudRun = 0;
        }
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

    /** @return the threshold in dBFS */
    public double thresholdDbfs() {
        return thresholdDbfs;
    }

    /** Forgets all audio seen, as if newly constructed. */
    public void reset() {
        blockEnergy = 0;
        blockFill = 0;
        feed.clear();
        processedSamples = 0;
        loudRun = 0;
        speechStarted = false;
        lastSpeechEnd = 0;
        lastBlockDbfs = Double.NEGATIVE_INFINITY;
    }
}
