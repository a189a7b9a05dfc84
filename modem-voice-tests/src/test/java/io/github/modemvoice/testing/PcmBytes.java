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

    /** @return the PCM stored in a WAV file */
    public static byte[] readWav(Path wav) throws IOException {
        try (InputStream in = WavReader.openPcm(wav)) {
            return in.readAllBytes();
        }
    }
}
