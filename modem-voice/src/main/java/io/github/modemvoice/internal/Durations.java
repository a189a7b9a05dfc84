package io.github.modemvoice.internal;

import java.time.Duration;

/** Argument checks on durations, and the seconds of the JSON formats. Not API. */
public final class Durations {
    private Durations() {
    }

    /**
     * @param field the parameter's name, for the message
     * @param d     the duration
     * @return the duration
     * @throws IllegalArgumentException when it is null, zero or negative, naming the field
     */
    public static Duration requirePositive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + d);
        }
        return d;
    }

    /**
     * @param field   the field's name, for the message
     * @param seconds a length in seconds, as the JSON formats write it
     * @return the length, rounded to the nanosecond
     * @throws IllegalArgumentException when it is negative, NaN or infinite, naming the field
     */
    public static Duration ofSeconds(String field, double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(field + " must be a finite number >= 0, was " + seconds);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /**
     * @param d a length
     * @return it in seconds, the unit of the JSON formats
     */
    public static double toSeconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
