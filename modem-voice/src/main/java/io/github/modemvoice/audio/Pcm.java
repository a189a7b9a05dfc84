package io.github.modemvoice.audio;

import java.time.Duration;

/** Internal-format arithmetic shared by the audio classes. */
final class Pcm {
    static final int SAMPLE_RATE = 8000;
    static final int BYTES_PER_SAMPLE = 2;
    static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Pcm() {
    }

    /** Samples in a duration at 8000 Hz, rounded to the nearest sample. */
    static long samplesFor(Duration d, String what) {
        if (d == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + d);
        }
        // seconds * 8000 + nanos * 8000 / 1e9, rounded; seconds capped to avoid overflow
        if (d.getSeconds() > Long.MAX_VALUE / SAMPLE_RATE / 2) {
            throw new IllegalArgumentException(what + " is too long: " + d);
        }
        return d.getSeconds() * SAMPLE_RATE + (d.getNano() * (long) SAMPLE_RATE + NANOS_PER_SECOND / 2)
                / NANOS_PER_SECOND;
    }

    /** Duration of a number of samples at 8000 Hz. */
    static Duration durationOf(long samples) {
        return Duration.ofSeconds(samples / SAMPLE_RATE,
                (samples % SAMPLE_RATE) * NANOS_PER_SECOND / SAMPLE_RATE);
    }

    static short get(byte[] b, int byteOffset) {
        return (short) ((b[byteOffset] & 0xFF) | (b[byteOffset + 1] << 8));
    }

    static void put(byte[] b, int byteOffset, int sample) {
        b[byteOffset] = (byte) sample;
        b[byteOffset + 1] = (byte) (sample >> 8);
    }

    /** Rounds and clamps to the 16-bit range. */
    static int clamp16(double v) {
        long r = Math.round(v);
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }
}
