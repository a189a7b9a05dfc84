package io.github.modemvoice.audio;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Detects the call-progress tones of {@link CallProgressTone} (busy, congestion, dial tone,
 * special information tone) in 16-bit LE mono PCM at 8000 Hz: the tones an exchange plays into
 * a line whose caller has hung up without the modem noticing.
 *
 * <p>Method. Every {@value #BLOCK} samples (20 ms) the last {@value #WINDOW} samples (40 ms,
 * 25 Hz resolution, enough to tell 400 from 425 Hz) are filtered with a Goertzel filter at each
 * frequency of the enabled plans. A block counts as "on" for a frequency set (480+620, 425, ...)
 * when
 * <ul>
 * <li>its level is at least {@value #MIN_LEVEL_DBFS} dBFS (RMS re a full-scale square wave, as
 *     {@link SilenceDetector});</li>
 * <li>the set's frequencies carry at least {@value #MIN_PURITY} of the block's energy (DC
 *     removed). Speech and music spread their energy over harmonics and formants: even a square
 *     wave keeps only 81 % in its fundamental;</li>
 * <li>for two frequencies, neither is more than {@value #MAX_TWIST_DB} dB below the other.</li>
 * </ul>
 * Of the sets that pass, the purest is on. Runs of on and off blocks form segments; a cadenced
 * tone is recognised once the last {@value #REQUIRED_PAIRS} on/off pairs (and at least one whole
 * cycle) match its cadence within {@value #CADENCE_TOLERANCE_PERCENT} % plus one block, with the
 * off segments quiet (every block at least {@value #QUIET_DB} dB below the on level, the
 * two windows at either edge, which hold part of the tone, excepted). A continuous tone (dial tone) is recognised after
 * {@value #DIAL_MILLIS} ms without a break. The special information tone is analysed on each
 * 20 ms block alone (50 Hz resolution, filters every 25 Hz from 50 Hz below to 50 Hz above
 * each nominal frequency): three segments of 950, 1400 and 1800 Hz in that order, each
 * {@value #SIT_MIN_MILLIS}-{@value #SIT_MAX_MILLIS} ms (nominal 330 ms; the range takes in the North
 * American codes' 274 and 380 ms, see {@link CallProgressTone#SPECIAL_INFORMATION}), with gaps of
 * at most {@value #SIT_MAX_GAP_BLOCKS} blocks.
 *
 * <p>The first detection is kept ({@link #detection()}) and analysis stops. Deterministic:
 * time is counted in samples. Allocation-free while running. Not thread-safe.
 */
public final class CallProgressDetector {
    /** Samples between analyses (20 ms). */
    public static final int BLOCK = 160;
    /** Analysis window of the national tones, in samples (40 ms). */
    public static final int WINDOW = 320;
    /** Least level of a tone block, dBFS RMS re full-scale square wave. */
    public static final double MIN_LEVEL_DBFS = -42.0;
    /** Least share of a block's energy the tone's frequencies must carry. */
    public static final double MIN_PURITY = 0.9;
    /** Least share for a special information tone segment (its frequency may be 12.5 Hz off a filter). */
    public static final double SIT_MIN_PURITY = 0.7;
    /** Largest level difference of the two frequencies of a dual tone, dB. */
    public static final double MAX_TWIST_DB = 10.0;
    /** How far below the on level every block of an off segment must be, dB. */
    public static final double QUIET_DB = 10.0;
    /** Cadence tolerance, percent of each nominal duration (one block is allowed on top). */
    public static final int CADENCE_TOLERANCE_PERCENT = 10;
    /** On/off pairs that must match before a cadenced tone counts. */
    public static final int REQUIRED_PAIRS = 3;
    /** Duration of unbroken dial tone that counts, ms. */
    public static final int DIAL_MILLIS = 3000;
    /** Shortest special information tone segment, ms (274 ms codes, less a block and a bit). */
    public static final int SIT_MIN_MILLIS = 240;
    /** Longest special information tone segment, ms (380 ms codes, plus two blocks). */
    public static final int SIT_MAX_MILLIS = 420;
    /** Longest break between special information tone segments, in blocks. */
    public static final int SIT_MAX_GAP_BLOCKS = 2;

    private static final int BLOCK_MILLIS = BLOCK * 1000 / Pcm.SAMPLE_RATE;
    private static final int HISTORY = 32;
    private static final int[] SIT_OFFSETS = {-50, -25, 0, 25, 50};
    private static final double MIN_ENERGY_PER_SAMPLE = Math.pow(32768 * Math.pow(10, MIN_LEVEL_DBFS / 20), 2);
    private static final double TWIST = Math.pow(10, -MAX_TWIST_DB / 10);
    private static final double QUIET = Math.pow(10, -QUIET_DB / 10);

    /**
     * A tone heard.
     *
     * @param tone        which tone
     * @param startSample where it began, in samples from the first sample fed (accurate to about
     *                    one window; errs early, so that cutting there removes the whole tone)
     * @param atSample    where it was recognised
     */
    public record Detection(CallProgressTone tone, long startSample, long atSample) {
        /** Validates. */
        public Detection {
            Objects.requireNonNull(tone, "tone");
        }
    }

    private final Set<CallProgressTone.Plan> plans;
    private final double[] coefficients;
    private final Signature[] signatures;
    private final double[] sitCoefficients;
    private final double[] sitPower;
    private final boolean sit;

    private final double[] ring = new double[WINDOW];
    private final double[] win = new double[WINDOW];
    private final double[] power;
    private final SampleFeed feed = new SampleFeed();
    private final SampleFeed.Sink toRing = this::addSample;
    private int ringPos;
    private int blockFill;
    private long samples;
    private Detection detection;

    private final SitTracker sitTracker = new SitTracker();

    /** A detector for every plan. */
    public CallProgressDetector() {
        this(EnumSet.allOf(CallProgressTone.Plan.class));
    }

    /**
     * @param plans the plans whose tones are recognised; not empty
     */
    public CallProgressDetector(Set<CallProgressTone.Plan> plans) {
        Objects.requireNonNull(plans, "plans");
        if (plans.isEmpty()) {
            throw new IllegalArgumentException("plans must not be empty (leave the detector out to detect nothing)");
        }
        this.plans = Set.copyOf(plans);
        List<Integer> freqs = new ArrayList<>();
        Map<String, List<CallProgressTone>> sets = new LinkedHashMap<>();
        boolean withSit = false;
        for (CallProgressTone t : CallProgressTone.values()) {
            if (!this.plans.contains(t.plan())) {
                continue;
            }
            if (t.kind() == CallProgressTone.Kind.SPECIAL_INFORMATION) {
                withSit = true;
                continue;
            }
            sets.computeIfAbsent(t.frequencies().toString(), k -> new ArrayList<>()).add(t);
            for (int f : t.frequencies()) {
                if (!freqs.contains(f)) {
                    freqs.add(f);
                }
            }
        }
        this.sit = withSit;
        this.coefficients = new double[freqs.size()];
        for (int i = 0; i < coefficients.length; i++) {
            coefficients[i] = 2 * Math.cos(2 * Math.PI * freqs.get(i) / Pcm.SAMPLE_RATE);
        }
        this.power = new double[coefficients.length];
        this.signatures = new Signature[sets.size()];
        int k = 0;
        for (List<CallProgressTone> tones : sets.values()) {
            List<Integer> f = tones.get(0).frequencies();
            int[] bins = new int[f.size()];
            for (int i = 0; i < bins.length; i++) {
                bins[i] = freqs.indexOf(f.get(i));
            }
            signatures[k++] = new Signature(bins, tones.toArray(new CallProgressTone[0]));
        }
        List<Integer> sitTones = CallProgressTone.SPECIAL_INFORMATION.frequencies();
        this.sitCoefficients = new double[sitTones.size() * SIT_OFFSETS.length];
        this.sitPower = new double[sitCoefficients.length];
        for (int b = 0; b < sitTones.size(); b++) {
            for (int o = 0; o < SIT_OFFSETS.length; o++) {
                sitCoefficients[b * SIT_OFFSETS.length + o] =
                        2 * Math.cos(2 * Math.PI * (sitTones.get(b) + SIT_OFFSETS[o]) / Pcm.SAMPLE_RATE);
            }
        }
    }

    /** @return the plans recognised */
    public Set<CallProgressTone.Plan> plans() {
        return plans;
    }

    /**
     * Feeds audio.
     *
     * @param pcm 16-bit signed little-endian mono PCM at 8000 Hz
     * @param off first byte
     * @param len number of bytes (any length; an odd byte is carried to the next call)
     */
    public void accept(byte[] pcm, int off, int len) {
        feed.feed(pcm, off, len, toRing);
    }

    /** @param pcm 16-bit signed little-endian mono PCM at 8000 Hz, fed entirely */
    public void accept(byte[] pcm) {
        accept(pcm, 0, pcm.length);
    }

    /** @return the first tone recognised, if any */
    public Optional<Detection> detection() {
        return Optional.ofNullable(detection);
    }

    /** @return samples fed so far */
    public long samplesProcessed() {
        return samples;
    }

    /** Forgets all audio, state and the detection, as if newly constructed. */
    public void reset() {
        java.util.Arrays.fill(ring, 0);
        ringPos = 0;
        blockFill = 0;
        samples = 0;
        feed.clear();
        detection = null;
        for (Signature s : signatures) {
            s.reset();
        }
        sitTracker.reset();
    }

    private void addSample(short s) {
        ring[ringPos] = s;
        ringPos = (ringPos + 1) % WINDOW;
        samples++;
        if (++blockFill == BLOCK) {
            blockFill = 0;
            if (samples >= WINDOW && detection == null) {
                analyse();
            }
        }
    }

    private void analyse() {
        int tail = WINDOW - ringPos;
        System.arraycopy(ring, ringPos, win, 0, tail);
        System.arraycopy(ring, 0, win, tail, ringPos);
        double energy = removeMean(win, 0, WINDOW);
        int best = -1;
        if (energy >= MIN_ENERGY_PER_SAMPLE * WINDOW) {
            goertzel(win, 0, WINDOW, coefficients, power);
            double bestPurity = MIN_PURITY;
            for (int k = 0; k < signatures.length; k++) {
                double p = signatures[k].purity(power, energy);
                if (p >= bestPurity) {
                    bestPurity = p;
                    best = k;
                }
            }
        }
        for (int k = 0; k < signatures.length && detection == null; k++) {
            signatures[k].block(k == best, energy);
        }
        if (sit && detection == null) {
            sitTracker.block();
        }
    }

    /** Subtracts the mean of {@code x[off..off+n)} in place; returns the energy left. */
    private static double removeMean(double[] x, int off, int n) {
        double sum = 0;
        for (int i = off; i < off + n; i++) {
            sum += x[i];
        }
        double mean = sum / n;
        double e = 0;
        for (int i = off; i < off + n; i++) {
            x[i] -= mean;
            e += x[i] * x[i];
        }
        return e;
    }

    /**
     * Energy of the sine at each filter's frequency in {@code x[off..off+n)} (a pure sine gives its
     * own energy) into {@code out}. Four filters run per pass over the samples: their recursions
     * are independent, so the processor overlaps them (one at a time, each step waits on the
     * previous one's multiply-add). Each filter's arithmetic is the same as alone.
     */
    private static void goertzel(double[] x, int off, int n, double[] coefficients, double[] out) {
        int k = 0;
        for (; k + 4 <= coefficients.length; k += 4) {
            double c0 = coefficients[k];
            double c1 = coefficients[k + 1];
            double c2 = coefficients[k + 2];
            double c3 = coefficients[k + 3];
            double a1 = 0;
            double a2 = 0;
            double b1 = 0;
            double b2 = 0;
            double d1 = 0;
            double d2 = 0;
            double e1 = 0;
            double e2 = 0;
            for (int i = off; i < off + n; i++) {
                double v = x[i];
                double a0 = v + c0 * a1 - a2;
                double b0 = v + c1 * b1 - b2;
                double d0 = v + c2 * d1 - d2;
                double e0 = v + c3 * e1 - e2;
                a2 = a1;
                a1 = a0;
                b2 = b1;
                b1 = b0;
                d2 = d1;
                d1 = d0;
                e2 = e1;
                e1 = e0;
            }
            out[k] = power(a1, a2, c0, n);
            out[k + 1] = power(b1, b2, c1, n);
            out[k + 2] = power(d1, d2, c2, n);
            out[k + 3] = power(e1, e2, c3, n);
        }
        for (; k < coefficients.length; k++) {
            double c = coefficients[k];
            double s1 = 0;
            double s2 = 0;
            for (int i = off; i < off + n; i++) {
                double s0 = x[i] + c * s1 - s2;
                s2 = s1;
                s1 = s0;
            }
            out[k] = power(s1, s2, c, n);
        }
    }

    private static double power(double s1, double s2, double coefficient, int n) {
        return 2 * (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / n;
    }

    private void detected(CallProgressTone tone, long start) {
        if (detection == null) {
            detection = new Detection(tone, Math.max(0, start), samples);
        }
    }

    private static boolean within(long measuredMillis, int nominalMillis) {
        long tolerance = nominalMillis * CADENCE_TOLERANCE_PERCENT / 100 + BLOCK_MILLIS;
        return Math.abs(measuredMillis - nominalMillis) <= tolerance;
    }

    /** One frequency set (480+620, 425, ...) with its tones and its on/off segments. */
    private final class Signature {
        final int[] bins;
        final CallProgressTone[] tones;
        final long[] durations = new long[HISTORY];
        final long[] starts = new long[HISTORY];
        final boolean[] quiet = new boolean[HISTORY];
        int count;
        boolean on;
        int run;
        long runStart;
        double onEnergySum;
        int onBlocks;
        double lastOnEnergy;
        double offMax;
        final double[] offEnergies = new double[2];

        Signature(int[] bins, CallProgressTone[] tones) {
            this.bins = bins;
            this.tones = tones;
        }

        void reset() {
            count = 0;
            on = false;
            run = 0;
            runStart = 0;
            onEnergySum = 0;
            onBlocks = 0;
            lastOnEnergy = 0;
            offMax = 0;
        }

        double purity(double[] power, double energy) {
            double sum = 0;
            double min = Double.MAX_VALUE;
            double max = 0;
            for (int b : bins) {
                sum += power[b];
                min = Math.min(min, power[b]);
                max = Math.max(max, power[b]);
            }
            if (bins.length > 1 && min < max * TWIST) {
                return 0;
            }
            return sum / energy;
        }

        void block(boolean nowOn, double energy) {
            if (nowOn == on) {
                run++;
            } else {
                close();
                on = nowOn;
                run = 1;
                runStart = samples - WINDOW - BLOCK;
                offMax = 0;
                onEnergySum = 0;
                onBlocks = 0;
            }
            if (on) {
                onEnergySum += energy;
                onBlocks++;
                for (CallProgressTone t : tones) {
                    if (t.continuous() && (long) run * BLOCK_MILLIS >= DIAL_MILLIS) {
                        detected(t, runStart);
                    }
                }
            } else {
                // the windows at either edge of a pause hold part of the tone: the first two and
                // the last two are left out (the last ones are known only when the next come)
                if (run >= 5) {
                    offMax = Math.max(offMax, offEnergies[run % 2]);
                }
                offEnergies[run % 2] = energy;
            }
        }

        /** Ends the current segment; an off segment completes a pair, after which cadences are checked. */
        private void close() {
            if (run == 0) {
                return;
            }
            int i = count % HISTORY;
            // a window only partly filled with tone is not pure: the 40 ms window sees a tone one
            // block shorter than it is, and its pause one block longer
            durations[i] = (long) run * BLOCK_MILLIS + (on ? BLOCK_MILLIS : -BLOCK_MILLIS);
            starts[i] = runStart;
            if (on) {
                lastOnEnergy = onEnergySum / onBlocks;
                quiet[i] = true;
            } else {
                quiet[i] = offMax <= lastOnEnergy * QUIET;
            }
            count++;
            if (!on) {
                for (CallProgressTone t : tones) {
                    if (!t.continuous()) {
                        match(t);
                    }
                }
            }
        }

        /** Checks the newest segments (ending with an off) against the tone's cadence, at every phase. */
        private void match(CallProgressTone t) {
            int m = t.cadenceLength();
            int needed = Math.max(2 * REQUIRED_PAIRS, m);
            if (count < needed) {
                return;
            }
            for (int phase = 0; phase < m; phase += 2) {
                int matched = 0;
                // walk back from the newest segment while it matches; the newest is an off at pattern index m-1-phase'
                while (matched < Math.min(count, HISTORY)) {
                    int seg = (count - 1 - matched) % HISTORY;
                    int patternIndex = Math.floorMod(m - 1 - phase - matched, m);
                    if (!within(durations[seg], t.cadence(patternIndex)) || !quiet[seg]) {
                        break;
                    }
                    matched++;
                }
                if (matched >= needed) {
                    // the oldest matched segment must be an on: where the tone began
                    int oldest = matched % 2 == 0 ? matched : matched - 1;
                    detected(t, starts[(count - oldest) % HISTORY]);
                    return;
                }
            }
        }
    }

    /** The special information tone: three ascending segments in the newest 20 ms block. */
    private final class SitTracker {
        /** Band of the current run: 0 none, 1-3 the segment frequencies. */
        int band;
        int run;
        long runStart;
        /** Completed runs of bands 1-3, newest last, with gaps in between counted. */
        final int[] bands = new int[3];
        final long[] runStarts = new long[3];
        final int[] lengths = new int[3];
        final int[] gapsBefore = new int[3];
        int gap;

        void reset() {
            band = 0;
            run = 0;
            runStart = 0;
            java.util.Arrays.fill(bands, 0);
            gap = 0;
        }

        void block() {
            double energy = removeMean(win, WINDOW - BLOCK, BLOCK);
            int now = 0;
            if (energy >= MIN_ENERGY_PER_SAMPLE * BLOCK) {
                goertzel(win, WINDOW - BLOCK, BLOCK, sitCoefficients, sitPower);
                for (int b = 0; b < 3; b++) {
                    double strongest = 0;
                    for (int o = 0; o < SIT_OFFSETS.length; o++) {
                        strongest = Math.max(strongest, sitPower[b * SIT_OFFSETS.length + o]);
                    }
                    if (strongest >= SIT_MIN_PURITY * energy) {
                        now = b + 1;
                    }
                }
            }
            if (now == band) {
                run++;
                return;
            }
            if (band == 0) {
                gap = run;
            } else {
                push(band, run, runStart, gap);
                gap = 0;
            }
            band = now;
            run = 1;
            runStart = samples - BLOCK;
        }

        private void push(int b, int length, long start, int gapBefore) {
            for (int i = 0; i < 2; i++) {
                bands[i] = bands[i + 1];
                lengths[i] = lengths[i + 1];
                runStarts[i] = runStarts[i + 1];
                gapsBefore[i] = gapsBefore[i + 1];
            }
            bands[2] = b;
            lengths[2] = length;
            runStarts[2] = start;
            gapsBefore[2] = gapBefore;
            for (int i = 0; i < 3; i++) {
                long ms = (long) lengths[i] * BLOCK_MILLIS;
                if (bands[i] != i + 1 || ms < SIT_MIN_MILLIS || ms > SIT_MAX_MILLIS) {
                    return;
                }
                if (i > 0 && gapsBefore[i] > SIT_MAX_GAP_BLOCKS) {
                    return;
                }
            }
            detected(CallProgressTone.SPECIAL_INFORMATION, runStarts[0]);
        }
    }
}
