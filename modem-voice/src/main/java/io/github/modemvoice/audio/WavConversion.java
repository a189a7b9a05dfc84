package io.github.modemvoice.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads a WAV file in any common format and converts it to the internal format, 8000 Hz 16-bit
 * signed little-endian mono: linear PCM of 8 (unsigned), 16, 24 or 32 bits, IEEE float of 32 or
 * 64 bits, G.711 A-law or mu-law; any number of channels (mixed down by averaging); any sample
 * rate ({@link Resampler}). Anything else (ADPCM, GSM, MP3, 12-bit PCM...) is an
 * {@link AudioFormatException} naming the file and the format found (encoding, rate, channels,
 * bits).
 */
final class WavConversion {
    /** The most sample frames read (about 6 minutes at 48 kHz): a prompt, not an album. */
    static final int MAX_FRAMES = 1 << 24;

    private WavConversion() {
    }

    /**
     * @param info a WAV's format
     * @return true when {@link #toInternal} can convert it
     */
    static boolean convertible(WavInfo info) {
        if (info.sampleRate() < 1 || info.channels() < 1) {
            return false;
        }
        return switch (info.formatTag()) {
            case WavInfo.FORMAT_PCM -> info.bitsPerSample() == 8 || info.bitsPerSample() == 16
                    || info.bitsPerSample() == 24 || info.bitsPerSample() == 32;
            case WavInfo.FORMAT_IEEE_FLOAT -> info.bitsPerSample() == 32 || info.bitsPerSample() == 64;
            case WavInfo.FORMAT_ALAW, WavInfo.FORMAT_MULAW -> info.bitsPerSample() == 8;
            default -> false;
        };
    }

    /**
     * Reads and converts a whole file.
     *
     * @param file the WAV file
     * @param info what {@link WavReader#inspect} found in it
     * @return 16-bit signed little-endian mono PCM at 8000 Hz
     * @throws AudioFormatException when the format cannot be converted or the file is too long
     */
    static byte[] toInternal(Path file, WavInfo info) {
        if (!convertible(info)) {
            throw new AudioFormatException(file, "cannot convert " + info.describe() + " to 8000 Hz 16-bit mono; "
                    + "supported are PCM of 8, 16, 24 or 32 bits, IEEE float of 32 or 64 bits, A-law and mu-law, "
                    + "any rate and any number of channels");
        }
        long frames = info.dataLength() / info.blockAlign();
        if (frames > MAX_FRAMES) {
            throw new AudioFormatException(file, "too long for a prompt (" + info.duration() + " of " + info.describe()
                    + "; at most " + MAX_FRAMES + " sample frames)");
        }
        float[] mono = new float[(int) frames];
        int bytes = info.blockAlign() / info.channels();
        byte[] frame = new byte[info.blockAlign()];
        try (InputStream in = new java.io.BufferedInputStream(WavReader.openData(file), 1 << 16)) {
            for (int f = 0; f < mono.length; f++) {
                if (in.readNBytes(frame, 0, frame.length) != frame.length) {
                    throw new AudioFormatException(file, "file shrank while being read");
                }
                double sum = 0;
                for (int c = 0; c < info.channels(); c++) {
                    sum += sample(frame, c * bytes, info);
                }
                mono[f] = (float) (sum / info.channels());
            }
        } catch (IOException e) {
            throw WavReader.ioFailure(file, e);
        }
        float[] out = Resampler.resample(mono, info.sampleRate(), WavInfo.INTERNAL_SAMPLE_RATE);
        byte[] pcm = new byte[out.length * 2];
        for (int i = 0; i < out.length; i++) {
            long s = Math.round(out[i] * 32768.0);
            Pcm.put(pcm, 2 * i, (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, s)));
        }
        return pcm;
    }

    /** @return one channel's sample as a fraction of full scale, [-1, 1) */
    private static double sample(byte[] b, int at, WavInfo info) {
        switch (info.formatTag()) {
            case WavInfo.FORMAT_ALAW:
                return PcmCodec.alawToLinear(b[at]) / 32768.0;
            case WavInfo.FORMAT_MULAW:
                return PcmCodec.ulawToLinear(b[at]) / 32768.0;
            case WavInfo.FORMAT_IEEE_FLOAT:
                if (info.bitsPerSample() == 32) {
                    return Float.intBitsToFloat(littleEndian(b, at, 4));
                }
                return Double.longBitsToDouble(((long) littleEndian(b, at + 4, 4) << 32) | (littleEndian(b, at, 4) & 0xFFFFFFFFL));
            default:
                switch (info.bitsPerSample()) {
                    case 8:
                        return ((b[at] & 0xFF) - 128) / 128.0; // 8-bit WAV is unsigned, 0x80 silence
                    case 16:
                        return (short) littleEndian(b, at, 2) / 32768.0;
                    case 24:
                        return (littleEndian(b, at, 3) << 8 >> 8) / 8388608.0;
                    default:
                        return littleEndian(b, at, 4) / 2147483648.0;
                }
        }
    }

    private static int littleEndian(byte[] b, int at, int n) {
        int v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
