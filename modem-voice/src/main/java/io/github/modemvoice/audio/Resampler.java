package io.github.modemvoice.audio;

/**
 * Sample-rate conversion between any two rates by band-limited interpolation (a Kaiser-windowed
 * sinc evaluated at each output instant, the method of Smith's "Digital Audio Resampling").
 *
 * <p>Why not {@code javax.sound.sampled}: the JDK's converter does change the rate of
 * {@code PCM_SIGNED} audio, but without an anti-alias filter worth the name: measured on JDK 17,
 * a 5 kHz tone at 44.1 kHz converted to 8 kHz comes out at -0.4 dB, folded to 3 kHz, audible in
 * every greeting with sibilants or music. Here the low-pass sits at the lower of the two rates:
 * flat to 0.425 of it (3400 Hz at 8 kHz, the telephone band), -6 dB at 0.4625, and at least
 * 80 dB down from its Nyquist frequency (4000 Hz at 8 kHz) on; the numbers are measured in
 * {@code ResamplerTest}. Each output sample is divided by the sum of the kernel weights that
 * produced it, so a constant stays exactly constant whatever the phase.
 */
public final class Resampler {
    /** Cut-off (-6 dB) as a fraction of the lower rate. */
    static final double CUTOFF = 0.4625;
    /** Half-width of the kernel in periods of the lower rate: (80 - 7.95) / (14.36 * 0.075) / 2, rounded up. */
    static final int HALF_WIDTH = 34;
    /** Kaiser beta for 80 dB stop-band attenuation: 0.1102 * (80 - 8.7). */
    static final double BETA = 7.857;
    private static final int TABLE_STEPS = 4096;

    private Resampler() {
    }

    /** The kernel, tabulated over [0, HALF_WIDTH] (it is even), built on first use. */
    private static final class Table {
        static final double[] KERNEL = build();

        private static double[] build() {
            double[] t = new double[HALF_WIDTH * TABLE_STEPS + 2];
            double i0Beta = besselI0(BETA);
            for (int i = 0; i < t.length; i++) {
                double u = (double) i / TABLE_STEPS;
                if (u >= HALF_WIDTH) {
                    t[i] = 0;
                    continue;
                }
                double x = 2 * CUTOFF * u;
                double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
                double r = u / HALF_WIDTH;
                t[i] = 2 * CUTOFF * sinc * besselI0(BETA * Math.sqrt(1 - r * r)) / i0Beta;
            }
            return t;
        }

        /** The modified Bessel function of the first kind, order 0 (power series). */
        private static double besselI0(double x) {
            double sum = 1;
            double term = 1;
            double q = x * x / 4;
            for (int k = 1; k < 60; k++) {
                term *= q / ((double) k * k);
                sum += term;
                if (term < sum * 1e-17) {
                    break;
                }
            }
            return sum;
        }
    }

    private static double kernel(double u) {
        double p = Math.abs(u) * TABLE_STEPS;
        int i = (int) p;
        double[] t = Table.KERNEL;
        if (i >= t.length - 1) {
            return 0;
        }
        double f = p - i;
        return t[i] + (t[i + 1] - t[i]) * f;
    }

    /**
     * Converts a signal from one sample rate to another.
     *
     * @param x       the samples (any scale)
     * @param inRate  their rate in Hz
     * @param outRate the wanted rate in Hz
     * @return {@code ceil(x.length * outRate / inRate)} samples (a copy when the rates are equal)
     * @throws IllegalArgumentException for a rate below 1, or an output too long for an array
     */
    public static float[] resample(float[] x, int inRate, int outRate) {
        if (inRate < 1 || outRate < 1) {
            throw new IllegalArgumentException("rates must be positive, were " + inRate + " and " + outRate);
        }
        if (inRate == outRate) {
            return x.clone();
        }
        long outLength = ((long) x.length * outRate + inRate - 1) / inRate;
        if (outLength > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("too many samples: " + outLength);
        }
        float[] y = new float[(int) outLength];
        double step = (double) Math.min(inRate, outRate) / inRate; // kernel units per input sample
        double radius = HALF_WIDTH / step; // in input samples
        for (int n = 0; n < y.length; n++) {
            double center = (double) n * inRate / outRate;
            long k0 = (long) Math.ceil(center - radius);
            long k1 = (long) Math.floor(center + radius);
            double acc = 0;
            double weights = 0;
            for (long k = k0; k <= k1; k++) {
                double w = kernel((center - k) * step);
                weights += w; // also over the zeros beyond the ends: the edges are not boosted
                if (k >= 0 && k < x.length) {
                    acc += x[(int) k] * w;
                }
            }
            y[n] = (float) (acc / weights);
        }
        return y;
    }
}
