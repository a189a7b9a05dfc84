package io.github.modemvoice.bench;

import java.util.Random;

/**
 * Deterministic speech-like 8 kHz 16-bit LE mono PCM: "syllables" of 120-300 ms (a voiced
 * fundamental of 90-240 Hz with decaying harmonics under a raised-sine envelope, around -20 dBFS),
 * short gaps between syllables, pauses of 0.3-1.5 s between phrases, over a noise floor of about
 * -60 dBFS. No pause reaches the default 5 s silence timeout, so a recording of it ends by its
 * length limit while the silence detector is busy deciding speech against silence all along.
 */
final class SyntheticSpeech {
    private SyntheticSpeech() {
    }

    /**
     * @param seconds length
     * @param seed    random seed
     * @return PCM bytes, {@code seconds * 16000} of them
     */
    static byte[] generate(int seconds, long seed) {
        Random rnd = new Random(seed);
        int total = seconds * 8000;
        double[] x = new double[total];
        int pos = 0;
        while (pos < total) {
            int syllables = 2 + rnd.nextInt(12);
            for (int s = 0; s < syllables && pos < total; s++) {
                int len = (int) (8000 * (0.12 + 0.18 * rnd.nextDouble()));
                double f0 = 90 + 150 * rnd.nextDouble();
                double amp = 3000 + 4000 * rnd.nextDouble();
                for (int i = 0; i < len && pos + i < total; i++) {
                    double env = Math.sin(Math.PI * i / len);
                    double t = (pos + i) / 8000.0;
                    double v = 0;
                    for (int h = 1; h <= 8; h++) {
                        v += Math.sin(2 * Math.PI * f0 * h * t) / h;
                    }
                    x[pos + i] += amp * env * env * v / 2;
                }
                pos += len + (int) (8000 * (0.02 + 0.08 * rnd.nextDouble()));
            }
            pos += (int) (8000 * (0.3 + 1.2 * rnd.nextDouble()));
        }
        byte[] pcm = new byte[total * 2];
        for (int i = 0; i < total; i++) {
            double v = x[i] + rnd.nextGaussian() * 33; // about -60 dBFS
            int s = (int) Math.max(-32768, Math.min(32767, Math.round(v)));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        return pcm;
    }
}
