package io.github.modemvoice.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * The checks the business-hours tests make over and over: "open at these times", "closed at
 * those", "the next change after this time is that one". A time is written as text: with an
 * offset ({@code 2026-10-25T02:00+01:00}, {@code 2026-06-01T10:00:00Z}) it is that instant, the
 * way to name one side of an ambiguous hour; without one it is local time in Berlin.
 */
final class OpeningChecks {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private OpeningChecks() {
    }

    /** A local date-time in Berlin (2026-06-01 is a Monday; Berlin is on +02:00 in June). */
    static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    /** An instant given with an explicit offset or {@code Z}. */
    static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    /** {@link #at} when the text names an offset or {@code Z}, else {@link #berlin}. */
    static Instant when(String time) {
        return time.endsWith("Z") || time.matches(".*[+-]\\d\\d:\\d\\d") ? at(time) : berlin(time);
    }

    /** Asserts that {@code hours} is open at every one of {@code times} (see {@link #when}). */
    static void assertOpenAt(BusinessHours hours, String... times) {
        assertOpenness(hours, true, times);
    }

    /** Asserts that {@code hours} is closed at every one of {@code times} (see {@link #when}). */
    static void assertClosedAt(BusinessHours hours, String... times) {
        assertOpenness(hours, false, times);
    }

    private static void assertOpenness(BusinessHours hours, boolean open, String... times) {
        for (String time : times) {
            assertThat(hours.isOpen(when(time))).as("open at %s", time).isEqualTo(open);
        }
    }

    /**
     * Asserts the next change after each "from" time: {@code steps} holds pairs, a from and the
     * change expected after it, e.g. {@code "2026-06-01T07:00", "2026-06-01T08:00"}.
     */
    static void assertNextChanges(BusinessHours hours, String... steps) {
        assertThat(steps.length % 2).as("from/to pairs").isZero();
        for (int i = 0; i < steps.length; i += 2) {
            assertThat(hours.nextChange(when(steps[i]))).as("next change after %s", steps[i])
                    .contains(when(steps[i + 1]));
        }
    }
}
