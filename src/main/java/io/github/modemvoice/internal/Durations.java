package io.github.modemvoice.internal;

import java.time.Duration;

/** Argument checks on durations. Not API. */
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
}
