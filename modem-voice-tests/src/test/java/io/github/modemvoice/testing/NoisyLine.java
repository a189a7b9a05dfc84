package io.github.modemvoice.testing;

import java.util.Random;

/**
 * Deterministic test audio for silence detection, 16-bit LE mono PCM at 8000 Hz: a speech-like
 * talker and continuous background noise at set levels (RMS in dBFS re full-scale square wave),
 * and their mix. Everything is seeded; the same arguments give the same bytes.
 *
 * <p>The talker speaks phrases of 3-9 syllables; a syllable is 120-300 ms of a voiced sound
 * (fundamental 100-220 Hz, six harmonics falling 6 dB per octave) under a raised-sine envelope
 * whose peak varies by up to 6 dB from syllable to syllable, with 30-100 ms between syllables
 * and 300-800 ms between phrases. Its level is the RMS over the syllables only (the active
 * speech level, as ITU-T P.56 measures a talker), so a talker at -30 dBFS over noise at
 * -40 dBFS is at 10 dB SNR.
 */
public final class NoisyLine {
    /** Colour of the background noise. */
    public enum Noise {
        /** Flat spectrum: line hiss. */
        WHITE,
        /** Falling 3 dB per octave: street and crowd noise. */
        PINK,
        /** Mostly below 150 Hz (white noise through a one-pole low-pass): a car's rumble. */
        RUMBLE
    }

    private NoisyLine() {
    }

    /**
     * @param millis length, a multiple of 20 ms recommended
     * @param dbfs   active speech level
     * @param seed   random seed
     * @return a talker that speaks from the first to the last sample (the last phrase is cut off)
     */
    public static byte[] speech(int millis, double dbfs, long seed) {
        int n = millis * 8;
        double[] x = new double[n];
        boolean[] active = new boolean[n];
        Random r = new Random(seed);
        int pos = 0;
        while (pos < n) {
            int syllables = 3 + r.nextInt(7);
            for (int k = 0; k < syllables && pos < n; k++) {
                int len = 8 * (120 + r.nextInt(181));
                double f0 = 100 + 120 * r.nextDouble();
                double peak = Math.pow(10, -6 * r.nextDouble() / 20);
                for (int i = 0; i < len && pos + i < n; i++) {
                    double env = Math.sin(Math.PI * i / len);
                    double t = (pos + i) / 8000.0;
                    double v = 0;
                    for (int h = 1; h <= 6; h++) {
                        v += Math.sin(2 * Math.PI * f0 * h * t + h) / h;
                    }
                    x[pos + i] = peak * env * env * v;
                    active[pos + i] = true;
                }
                pos += len + 8 * (30 + r.nextInt(71));
            }
            pos += 8 * (300 + r.nextInt(501));
        }
        double sum = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (active[i]) {
                sum += x[i] * x[i];
                count++;
            }
        }
        return scaled(x, Math.sqrt(sum / Math.max(1, count)), dbfs);
    }

    /**
     * @param millis length
     * @param dbfs   RMS level over the whole length
     * @param colour spectrum
     * @param seed   random seed
     * @return continuous noise
     */
    public static byte[] noise(int millis, double dbfs, Noise colour, long seed) {
        int n = millis * 8;
        double[] x = new double[n];
        Random r = new Random(seed);
        // pink: the sum of seven one-pole low-passes an octave apart, each weighted so that
        // every octave carries about the same power (roughly a 3 dB/octave fall)
        double[] state = new double[7];
        double lp = 0;
        for (int i = 0; i < n; i++) {
            double w = r.nextGaussian();
            switch (colour) {
                case WHITE -> x[i] = w;
                case RUMBLE -> {
                    lp += 0.11 * (w - lp); // one pole at about 150 Hz
                    x[i] = lp;
                }
                case PINK -> {
                    double v = 0;
                    for (int k = 0; k < state.length; k++) {
                        double a = Math.pow(0.5, k); // corner frequencies ~ 1000 Hz / 2^k
                        state[k] += a * 0.8 * (w - state[k]);
                        v += state[k] / Math.sqrt(a);
                    }
                    x[i] = v;
                }
                default -> throw new IllegalStateException();
            }
        }
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        return scaled(x, Math.sqrt(sum / Math.max(1, n)), dbfs);
    }

    /**
     * @param a PCM
     * @param b PCM, at most as long as {@code a}
     * @param at sample at which {@code b} starts in {@code a}
     * @return a copy of {@code a} with {@code b} added from sample {@code at}, clipped to 16 bits
     */
    public static byte[] mix(byte[] a, byte[] b, int at) {
        byte[] out = a.clone();
        for (int i = 0; i + 1 < b.length && 2 * at + i + 1 < out.length; i += 2) {
            int j = 2 * at + i;
            int v = (short) ((out[j] & 0xFF) | (out[j + 1] << 8)) + (short) ((b[i] & 0xFF) | (b[i + 1] << 8));
            v = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            out[j] = (byte) v;
            out[j + 1] = (byte) (v >> 8);
        }
        return out;
    }

    private static byte[] scaled(double[] x, double rms, double dbfs) {
        double gain = rms == 0 ? 0 : 32768 * Math.pow(10, dbfs / 20) / rms;
        byte[] out = new byte[x.length * 2];
        for (int i = 0; i < x.length; i++) {
            long v = Math.round(x[i] * gain);
            v = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            out[2 * i] = (byte) v;
            out[2 * i + 1] = (byte) (v >> 8);
        }
        return out;
    }
}
