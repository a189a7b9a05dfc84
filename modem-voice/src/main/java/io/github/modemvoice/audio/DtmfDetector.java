package io.github.modemvoice.audio;

import java.util.Objects;

/**
 * Detects DTMF keys in 16-bit LE mono PCM at 8000 Hz, following ITU-T Q.24 practice.
 *
 * <p>Method: every {@value #HOP} samples (4 ms) the last {@value #WINDOW} samples (16 ms) are
 * Hann-windowed and correlated with the eight DTMF frequencies (a Goertzel-style single-bin DFT).
 * The strongest row and column are taken; a window counts for a key when
 * <ul>
 * <li>each tone is at least {@value #MIN_TONE_DBFS} dBFS (peak amplitude re full scale);</li>
 * <li>the twist is within limits: the high (column) tone at most {@value #NORMAL_TWIST_DB} dB
 *     above the low one (normal twist), the low tone at most {@value #REVERSE_TWIST_DB} dB above
 *     the high one (reverse twist);</li>
 * <li>the two tones carry at least {@value #MIN_ENERGY_FRACTION} of the window's total energy,
 *     which rejects speech, music and noise, whose energy is spread over many frequencies;</li>
 * <li>both tones are steady (level within {@value #STABILITY_DB} dB of the previous window) and
 *     their actual frequencies, measured from the phase advance between consecutive windows,
 *     are within {@value #FREQUENCY_TOLERANCE_PERCENT} % of nominal. Q.24 requires acceptance
 *     within 1.5 % and rejection beyond 3.5 %; the limit sits half-way so that noise has a full
 *     percent of margin either side. The phase measurement is far finer than the bin width of
 *     a short block, which is why a short window (good time resolution) suffices.</li>
 * </ul>
 * A key is reported once {@value #ON_WINDOWS} consecutive windows agree (the tone has lasted
 * about 30 ms, so 40 ms digits are always caught) and released after {@value #OFF_WINDOWS}
 * windows without it (about 32 ms, so the 40 ms minimum pause between repeated keys is seen
 * while dropouts of a few milliseconds are bridged). Each press is reported once.
 *
 * <p>Deterministic and allocation-free while running. Not thread-safe.
 */
public final class DtmfDetector {
    /** Analysis window in samples. */
    public static final int WINDOW = 128;
    /** Samples between analyses. */
    public static final int HOP = 32;
    /** Minimum level of each tone, dBFS of its peak amplitude. */
    public static final double MIN_TONE_DBFS = -45.0;
    /** Largest allowed excess of the high tone over the low one, in dB. */
    public static final double NORMAL_TWIST_DB = 8.0;
    /** Largest allowed excess of the low tone over the high one, in dB. */
    public static final double REVERSE_TWIST_DB = 4.0;
    /** Least fraction of the window's energy the two tones must carry. */
    public static final double MIN_ENERGY_FRACTION = 0.85;
    /** Largest level change of a tone between consecutive windows, in dB. */
    public static final double STABILITY_DB = 1.0;
    /** Largest deviation from nominal frequency, in percent. */
    public static final double FREQUENCY_TOLERANCE_PERCENT = 2.5;
    /** Consecutive agreeing windows before a key is reported. */
    public static final int ON_WINDOWS = 4;
    /** Consecutive windows without the key before it is released. */
    public static final int OFF_WINDOWS = 8;

    /** Receives detected keys. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param key         the key: 0-9, *, #, A-D
         * @param startSample approximate position of the start of the tone, in samples from the
         *                    first sample fed (accurate to about one window, 16 ms)
         */
        void keyDetected(char key, long startSample);
    }

    private static final int[] FREQS = {697, 770, 852, 941, 1209, 1336, 1477, 1633};
    private static final double[][] COS = new double[8][WINDOW];
    private static final double[][] SIN = new double[8][WINDOW];
    private static final double[] HANN = new double[WINDOW];
    private static final double SUM_W;
    private static final double SUM_W2;
    private static final double MIN_AMPLITUDE = 32768 * Math.pow(10, MIN_TONE_DBFS / 20);
    private static final double NORMAL_TWIST = Math.pow(10, NORMAL_TWIST_DB / 20);
    private static final double REVERSE_TWIST = Math.pow(10, REVERSE_TWIST_DB / 20);
    private static final double STABILITY = Math.pow(10, STABILITY_DB / 20);
    private static final double HZ_PER_RADIAN = Pcm.SAMPLE_RATE / (2 * Math.PI * HOP);

    static {
        double sw = 0;
        double sw2 = 0;
        for (int n = 0; n < WINDOW; n++) {
            HANN[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / WINDOW);
            sw += HANN[n];
            sw2 += HANN[n] * HANN[n];
        }
        SUM_W = sw;
        SUM_W2 = sw2;
        for (int k = 0; k < 8; k++) {
            double w = 2 * Math.PI * FREQS[k] / Pcm.SAMPLE_RATE;
            for (int n = 0; n < WINDOW; n++) {
                COS[k][n] = HANN[n] * Math.cos(w * n);
                SIN[k][n] = HANN[n] * Math.sin(w * n);
            }
        }
    }

    private final Listener listener;
    private final StringBuilder collected = new StringBuilder();

    private final double[] ring = new double[WINDOW];
    private final double[] win = new double[WINDOW];
    private int ringPos;
    private long samples;
    private int hopFill;
    private final SampleFeed feed = new SampleFeed();
    private final SampleFeed.Sink toWindow = this::addSample;

    private final double[] amp = new double[8];
    private final double[] re = new double[8];
    private final double[] im = new double[8];
    private final double[] prevAmp = new double[8];
    private final double[] prevRe = new double[8];
    private final double[] prevIm = new double[8];
    private long windowStart;
    private long prevWindowStart;
    private boolean havePrev;

    private char runKey;
    private int runCount;
    private long runStart;
    private char down;
    private int misses;

    /** A detector that collects keys for {@link #takeKeys()}. */
    public DtmfDetector() {
        this.listener = null;
    }

    /**
     * @param listener called on the feeding thread for each key pressed
     */
    public DtmfDetector(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Feeds audio; keys found are reported to the listener, or collected.
     *
     * @param pcm 16-bit signed little-endian mono PCM at 8000 Hz
     * @param off first byte
     * @param len number of bytes (any length; an odd byte is carried to the next call)
     */
    public void accept(byte[] pcm, int off, int len) {
        feed.feed(pcm, off, len, toWindow);
    }

    /**
     * @param pcm 16-bit signed little-endian mono PCM at 8000 Hz, fed entirely
     */
    public void accept(byte[] pcm) {
        accept(pcm, 0, pcm.length);
    }

    /**
     * @return the keys collected since the last call (only for a detector without listener)
     */
    public String takeKeys() {
        String s = collected.toString();
        collected.setLength(0);
        return s;
    }

    /** @return the key currently held down, or 0 if none */
    public char keyDown() {
        return down;
    }

    /** @return samples fed so far */
    public long samplesProcessed() {
        return samples;
    }

    /** Forgets all audio and state, as if newly constructed (collected keys are kept). */
    public void reset() {
        java.util.Arrays.fill(ring, 0);
        ringPos = 0;
        samples = 0;
        hopFill = 0;
        feed.clear();
        havePrev = false;
        runKey = 0;
        runCount = 0;
        down = 0;
        misses = 0;
    }

    private void addSample(short s) {
        ring[ringPos] = s;
        ringPos = (ringPos + 1) & (WINDOW - 1);
        samples++;
        if (++hopFill == HOP) {
            hopFill = 0;
            if (samples >= WINDOW) {
                analyse();
            }
        }
    }

    private void analyse() {
        long start = samples - WINDOW;
        double energy = 0;
        for (int k = 0; k < 8; k++) {
            prevAmp[k] = amp[k];
            prevRe[k] = re[k];
            prevIm[k] = im[k];
        }
        prevWindowStart = windowStart;
        windowStart = start;
        // the window in time order, so that the correlations below run without ring indexing
        int tail = WINDOW - ringPos;
        System.arraycopy(ring, ringPos, win, 0, tail);
        System.arraycopy(ring, 0, win, tail, ringPos);
        // four frequencies per pass over the window: eight independent sums keep the FPU busy
        // (one frequency at a time, each pass waited on its two sums' add latency). Every sum
        // still adds its terms in sample order, so the results are the same to the last bit.
        for (int k = 0; k < 8; k += 4) {
            double[] c0 = COS[k];
            double[] c1 = COS[k + 1];
            double[] c2 = COS[k + 2];
            double[] c3 = COS[k + 3];
            double[] s0 = SIN[k];
            double[] s1 = SIN[k + 1];
            double[] s2 = SIN[k + 2];
            double[] s3 = SIN[k + 3];
            double r0 = 0;
            double r1 = 0;
            double r2 = 0;
            double r3 = 0;
            double i0 = 0;
            double i1 = 0;
            double i2 = 0;
            double i3 = 0;
            for (int n = 0; n < WINDOW; n++) {
                double x = win[n];
                r0 += x * c0[n];
                i0 += x * s0[n];
                r1 += x * c1[n];
                i1 += x * s1[n];
                r2 += x * c2[n];
                i2 += x * s2[n];
                r3 += x * c3[n];
                i3 += x * s3[n];
            }
            bin(k, r0, i0);
            bin(k + 1, r1, i1);
            bin(k + 2, r2, i2);
            bin(k + 3, r3, i3);
        }
        // total energy of the windowed signal without its DC offset (cheap analog modems have
        // one; it carries no information and must not dilute the tones' share)
        double sum = 0;
        for (int n = 0; n < WINDOW; n++) {
            sum += ring[n];
        }
        double mean = sum / WINDOW;
        for (int n = 0; n < WINDOW; n++) {
            double x = (win[n] - mean) * HANN[n];
            energy += x * x;
        }
        boolean hadPrev = havePrev;
        havePrev = true;
        char key = hadPrev ? evaluate(energy) : 0;
        track(key, start);
    }

    /**
     * Stores frequency k's local DFT {@code sr - i*sim} and its amplitude. The phase is worked
     * out only for the few windows that reach the frequency test ({@link #offsetHz}).
     */
    private void bin(int k, double sr, double sim) {
        re[k] = sr;
        im[k] = sim;
        amp[k] = 2 * Math.sqrt(sr * sr + sim * sim) / SUM_W;
    }

    /** Phase of frequency k in a window starting at {@code start}, referred to absolute sample 0. */
    private static double phase(int k, double sr, double sim, long start) {
        double ref = 2 * Math.PI * (double) ((FREQS[k] * start) % Pcm.SAMPLE_RATE) / Pcm.SAMPLE_RATE;
        return Math.atan2(-sim, sr) - ref;
    }

    /** @return the key this window shows, or 0 */
    private char evaluate(double energy) {
        int r = 0;
        for (int k = 1; k < 4; k++) {
            if (amp[k] > amp[r]) {
                r = k;
            }
        }
        int c = 4;
        for (int k = 5; k < 8; k++) {
            if (amp[k] > amp[c]) {
                c = k;
            }
        }
        if (amp[r] < MIN_AMPLITUDE || amp[c] < MIN_AMPLITUDE) {
            return 0; // cheap early exit for quiet windows
        }
        if (!steady(r) || !steady(c)) {
            return 0;
        }
        double offR = offsetHz(r);
        double offC = offsetHz(c);
        if (Math.abs(offR) > FREQS[r] * FREQUENCY_TOLERANCE_PERCENT / 100
                || Math.abs(offC) > FREQS[c] * FREQUENCY_TOLERANCE_PERCENT / 100) {
            return 0;
        }
        // amplitudes corrected for the window's response at the measured frequency offset
        double ar = amp[r] / hannResponse(offR);
        double ac = amp[c] / hannResponse(offC);
        if (ac > ar * NORMAL_TWIST || ar > ac * REVERSE_TWIST) {
            return 0;
        }
        double toneEnergy = (ar * ar + ac * ac) / 2 * SUM_W2;
        if (toneEnergy < MIN_ENERGY_FRACTION * energy) {
            return 0;
        }
        return Dtmf.KEYS[r][c - 4];
    }

    /** Response of the Hann window to a sine {@code offsetHz} away from the bin, relative to 1. */
    private static double hannResponse(double offsetHz) {
        double k = Math.abs(offsetHz) * WINDOW / Pcm.SAMPLE_RATE; // in bins
        if (k < 1e-6) {
            return 1;
        }
        if (k > 0.9) {
            return 0.5; // never reached: the tolerance keeps offsets below 0.7 bins
        }
        double sinc = Math.sin(Math.PI * k) / (Math.PI * k);
        return sinc / (1 - k * k);
    }

    private boolean steady(int k) {
        double a = amp[k];
        double b = prevAmp[k];
        return a <= b * STABILITY && b <= a * STABILITY;
    }

    /** Frequency offset of tone k from nominal, from the phase advance over one hop. */
    private double offsetHz(int k) {
        double d = phase(k, re[k], im[k], windowStart) - phase(k, prevRe[k], prevIm[k], prevWindowStart);
        d -= 2 * Math.PI * Math.rint(d / (2 * Math.PI));
        return d * HZ_PER_RADIAN;
    }

    private void track(char key, long windowStart) {
        if (key != 0) {
            if (key == runKey) {
                runCount++;
            } else {
                runKey = key;
                runCount = 1;
                runStart = windowStart - HOP;
            }
            if (key == down) {
                misses = 0;
            } else if (down != 0 && ++misses >= OFF_WINDOWS) {
                down = 0;
                misses = 0;
            }
            if (runCount >= ON_WINDOWS && down != key) {
                down = key;
                misses = 0;
                emit(key, Math.max(0, runStart));
            }
        } else {
            runKey = 0;
            runCount = 0;
            if (down != 0 && ++misses >= OFF_WINDOWS) {
                down = 0;
                misses = 0;
            }
        }
    }

    private void emit(char key, long start) {
        if (listener != null) {
            listener.keyDetected(key, start);
        } else {
            collected.append(key);
        }
    }
}
