package io.github.modemvoice.audio;

import java.time.Duration;

/**
 * What {@link WavReader#inspect(java.nio.file.Path)} found in a WAV file.
 *
 * @param sampleRate    samples per second per channel
 * @param channels      number of interleaved channels
 * @param bitsPerSample bits per sample of one channel
 * @param formatTag     the effective format tag: 1 for PCM, 3 IEEE float, 6 A-law, 7 mu-law;
 *                      for WAVE_FORMAT_EXTENSIBLE (0xFFFE) files the tag of the subformat
 *                      (so extensible PCM reads as 1), or 0xFFFE if the subformat is unknown
 * @param dataOffset    byte offset of the first audio byte in the file
 * @param dataLength    number of audio bytes, clamped to the bytes actually present in the
 *                      file and rounded down to whole sample frames
 */
public record WavInfo(int sampleRate, int channels, int bitsPerSample, int formatTag,
                      long dataOffset, long dataLength) {

    /** Format tag of linear PCM. */
    public static final int FORMAT_PCM = 1;
    /** Format tag of IEEE floating point samples. */
    public static final int FORMAT_IEEE_FLOAT = 3;
    /** Format tag of G.711 A-law. */
    public static final int FORMAT_ALAW = 6;
    /** Format tag of G.711 mu-law. */
    public static final int FORMAT_MULAW = 7;
    /** Format tag of WAVE_FORMAT_EXTENSIBLE (only seen here when the subformat is unknown). */
    public static final int FORMAT_EXTENSIBLE = 0xFFFE;

    /** Internal sample rate in Hz. */
    public static final int INTERNAL_SAMPLE_RATE = 8000;

    /**
     * @return true if this is 8000 Hz, 16-bit, mono, linear PCM: the internal format
     */
    public boolean isInternalFormat() {
        return sampleRate == INTERNAL_SAMPLE_RATE && channels == 1 && bitsPerSample == 16
                && formatTag == FORMAT_PCM;
    }

    /** @return bytes per sample frame (all channels), at least 1 */
    public int blockAlign() {
        return Math.max(1, channels * ((bitsPerSample + 7) / 8));
    }

    /**
     * @return playing time of the audio data (zero if the sample rate is unknown)
     */
    public Duration duration() {
        if (sampleRate <= 0) {
            return Duration.ZERO;
        }
        long frames = dataLength / blockAlign();
        long seconds = frames / sampleRate;
        long rest = frames % sampleRate;
        return Duration.ofSeconds(seconds, rest * 1_000_000_000L / sampleRate);
    }

    /**
     * @return a human-readable format such as {@code 44100 Hz 16-bit stereo PCM (format tag 1)}
     */
    public String describe() {
        return describe(sampleRate, channels, bitsPerSample, formatTag);
    }

    static String describe(int sampleRate, int channels, int bitsPerSample, int formatTag) {
        String ch = switch (channels) {
            case 1 -> "mono";
            case 2 -> "stereo";
            default -> channels + "-channel";
        };
        String name = switch (formatTag) {
            case FORMAT_PCM -> "PCM";
            case FORMAT_IEEE_FLOAT -> "IEEE float";
            case FORMAT_ALAW -> "A-law";
            case FORMAT_MULAW -> "mu-law";
            case FORMAT_EXTENSIBLE -> "extensible (unknown subformat)";
            case 2 -> "MS ADPCM";
            case 0x11 -> "IMA ADPCM";
            case 0x31 -> "GSM 6.10";
            case 0x55 -> "MP3";
            default -> "non-PCM";
        };
        return sampleRate + " Hz " + bitsPerSample + "-bit " + ch + " " + name
                + " (format tag " + formatTag + ")";
    }
}
