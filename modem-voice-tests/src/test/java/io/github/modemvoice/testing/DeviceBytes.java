package io.github.modemvoice.testing;

/**
 * Bytes as V.253 voice modems put them on the wire, written from the cited field facts and not
 * from the dialect's own code (a test that encodes with the code under test proves nothing: that
 * is how a signed reading of the USRobotics' 8-bit samples once passed every test).
 *
 * <p>Facts: the USRobotics 5637 with {@code AT+VSM=128,8000} ("8-BIT LINEAR") and the Conexant
 * CX93001 with {@code AT+VSM=1,8000} ("UNSIGNED PCM") both send unsigned offset binary, 0x80 =
 * silence (vgetty {@code voice/libvoice/V253modem.c} treats "8-BIT LINEAR" as "UNSIGNED PCM";
 * callattendant {@code hardware/modem.py} writes the bytes straight into 8-bit WAV, which is
 * unsigned). DLE shielding per ITU-T V.253: a data byte 0x10 is sent as 0x10 0x10.
 */
public final class DeviceBytes {
    /** The byte an offset-binary modem sends for silence. */
    public static final byte SILENCE = (byte) 0x80;

    private DeviceBytes() {
    }

    /**
     * @param pcm16 16-bit LE samples
     * @return the offset-binary bytes a modem sends for them (rounded to nearest)
     */
    public static byte[] offsetBinary(byte[] pcm16) {
        byte[] out = new byte[pcm16.length / 2];
        for (int i = 0; i < out.length; i++) {
            int s = (short) ((pcm16[2 * i] & 0xFF) | (pcm16[2 * i + 1] << 8));
            int r = Math.min(127, Math.round(s / 256f));
            out[i] = (byte) (r + 128);
        }
        return out;
    }

    /**
     * @param wire offset-binary bytes from a modem
     * @return 16-bit LE samples: (byte - 128) * 256
     */
    public static byte[] fromOffsetBinary(byte[] wire) {
        byte[] pcm = new byte[wire.length * 2];
        for (int i = 0; i < wire.length; i++) {
            int s = ((wire[i] & 0xFF) - 128) * 256;
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        return pcm;
    }

    /**
     * A tone as an offset-binary modem sends it: {@code 128 + round(amplitude * sin(2 pi f n / 8000))}.
     *
     * @param hz        frequency
     * @param amplitude peak in 8-bit steps (at most 127)
     * @param samples   length at 8000 samples per second
     * @return the bytes
     */
    public static byte[] toneOffsetBinary(double hz, int amplitude, int samples) {
        byte[] out = new byte[samples];
        for (int n = 0; n < samples; n++) {
            out[n] = (byte) (128 + Math.round(amplitude * Math.sin(2 * Math.PI * hz * n / 8000.0)));
        }
        return out;
    }

    /**
     * @param n       length
     * @return a run of offset-binary silence
     */
    public static byte[] silence(int n) {
        byte[] out = new byte[n];
        java.util.Arrays.fill(out, SILENCE);
        return out;
    }

    /**
     * Pearson correlation of two 16-bit LE signals over their common length.
     *
     * @param a first signal
     * @param b second signal
     * @return the correlation in [-1, 1] (0 when either is constant)
     */
    public static double correlation(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length) / 2;
        double sa = 0;
        double sb = 0;
        for (int i = 0; i < n; i++) {
            sa += sample(a, i);
            sb += sample(b, i);
        }
        double ma = sa / n;
        double mb = sb / n;
        double num = 0;
        double da = 0;
        double db = 0;
        for (int i = 0; i < n; i++) {
            double x = sample(a, i) - ma;
            double y = sample(b, i) - mb;
            num += x * y;
            da += x * x;
            db += y * y;
        }
        return da == 0 || db == 0 ? 0 : num / Math.sqrt(da * db);
    }

    private static int sample(byte[] pcm, int i) {
        return (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
    }
}
