package io.github.modemvoice.testing;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavReader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Byte arrays of audio as tests build and check them: 16-bit signed little-endian mono PCM
 * unless a method says otherwise. Computed here, never with the code under test.
 */
public final class PcmBytes {
    private PcmBytes() {
    }

    /** @return the parts one after the other */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /** @return the root mean square of the 16-bit samples, in sample units */
    public static double rms(byte[] pcm16) {
        double sum = 0;
        int n = pcm16.length / 2;
        for (int i = 0; i < n; i++) {
            double x = (short) ((pcm16[2 * i] & 0xFF) | (pcm16[2 * i + 1] << 8));
            sum += x * x;
        }
        return Math.sqrt(sum / n);
    }

    /** @return the prompt's whole PCM */
    public static byte[] of(Prompt p) {
        byte[] b = new byte[p.byteLength()];
        p.copyTo(0, b, 0, b.length);
        return b;
    }

    /** Receives a piece of PCM. */
    @FunctionalInterface
    public interface PieceSink {
        void accept(byte[] pcm, int off, int len);
    }

    /** Feeds {@code pcm} in uneven pieces (1, 8, 57, ... bytes), odd ones included, as a serial port delivers it. */
    public static void feedInUnevenPieces(byte[] pcm, PieceSink sink) {
        int at = 0;
        int piece = 1;
        while (at < pcm.length) {
            int n = Math.min(pcm.length - at, piece);
            sink.accept(pcm, at, n);
            at += n;
            piece = piece * 7 % 401 + 1;
        }
    }

    /**
     * A vowel-like voice: 20 harmonics (falling as 1/h) of a fundamental wavering 3 times a
     * second around 120 Hz, with a little noise; never a pure tone.
     *
     * @param ms    duration
     * @param level amplitude of the fundamental, in sample units
     * @param seed  the noise's seed
     * @return 16-bit LE mono PCM at 8000 Hz
     */
    public static byte[] vowel(int ms, double level, long seed) {
        java.util.Random r = new java.util.Random(seed);
        int n = ms * 8;
        byte[] b = new byte[2 * n];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = i / 8000.0;
            phase += 2 * Math.PI * (120 + 30 * Math.sin(2 * Math.PI * 3 * t)) / 8000.0;
            double v = 0;
            for (int h = 1; h <= 20; h++) {
                v += level / h * Math.sin(h * phase);
            }
            int s = (int) Math.max(-32768, Math.min(32767, Math.round(v + r.nextGaussian() * 50)));
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >> 8);
        }
        return b;
    }

    /** @return the PCM stored in a WAV file */
    public static byte[] readWav(Path wav) throws IOException {
        try (InputStream in = WavReader.openPcm(wav)) {
            return in.readAllBytes();
        }
    }
}
