package io.github.modemvoice.routing;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static io.github.modemvoice.routing.OpeningChecks.BERLIN;
import static io.github.modemvoice.routing.OpeningChecks.assertClosedAt;
import static io.github.modemvoice.routing.OpeningChecks.assertNextChanges;
import static io.github.modemvoice.routing.OpeningChecks.assertOpenAt;
import static io.github.modemvoice.routing.OpeningChecks.at;
import static io.github.modemvoice.routing.OpeningChecks.berlin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static LocalTime t(String hhmm) {
        return LocalTime.parse(hhmm);
    }

    static BusinessHours office() {
        return BusinessHours.builder()
                .zone(BERLIN)
                .open(MONDAY, t("08:00"), t("12:00"))
                .open(MONDAY, t("13:00"), t("17:30"))
                .open(FRIDAY, t("22:00"), t("02:00"))
                .build();
    }

    @Nested
    class WeeklySchedule {
        @Test
        void insideAndOutsideHours() {
            assertOpenAt(office(), "2026-06-01T10:00");
            assertClosedAt(office(), "2026-06-01T07:00", "2026-06-01T20:00",
                    "2026-06-02T10:00"); // Tuesday has no ranges
        }

        @Test
        void startIsInclusiveAndEndExclusive() {
            assertOpenAt(office(), "2026-06-01T08:00", "2026-06-01T11:59:59.999");
            assertClosedAt(office(), "2026-06-01T07:59:59.999999999", "2026-06-01T12:00");
        }

        @Test
        void severalRangesPerDayLeaveTheGapsClosed() {
            assertOpenAt(office(), "2026-06-01T13:00", "2026-06-01T17:29");
            assertClosedAt(office(), "2026-06-01T12:30", "2026-06-01T17:30");
        }

        @Test
        void midnightCrossingRangeRunsIntoTheNextDay() {
            assertOpenAt(office(), "2026-06-05T22:00", "2026-06-05T23:59:59", "2026-06-06T00:00", "2026-06-06T01:59");
            assertClosedAt(office(), "2026-06-05T21:59", "2026-06-06T02:00",
                    "2026-06-05T01:00"); // Thursday night has no range
        }

        @Test
        void sundayNightRangeRunsIntoMonday() {
            BusinessHours hours = BusinessHours.builder().zone(ZoneOffset.UTC)
                    .open(SUNDAY, t("23:00"), t("01:00")).build();
            assertOpenAt(hours, "2026-06-07T23:30:00Z", "2026-06-08T00:30:00Z");
            assertClosedAt(hours, "2026-06-08T01:00:00Z");
        }

        @Test
        void midnightAsEndMeansEndOfDayAndOpenAllDayCoversTheDay() {
            BusinessHours hours = BusinessHours.builder().zone(ZoneOffset.UTC)
                    .open(MONDAY, t("20:00"), LocalTime.MIDNIGHT)
                    .openAllDay(SATURDAY)
                    .build();
            assertOpenAt(hours, "2026-06-01T23:59:59Z", "2026-06-06T00:00:00Z", "2026-06-06T23:59:59Z");
            assertClosedAt(hours, "2026-06-02T00:00:00Z", "2026-06-07T00:00:00Z");
            assertThat(hours).isEqualTo(BusinessHours.fromJson(
                    "{\"zone\":\"Z\",\"weekly\":{\"monday\":[\"20:00-24:00\"],\"saturday\":[\"00:00-24:00\"]}}"));
        }

        @Test
        void weekdaysOpensMondayToFriday() {
            BusinessHours hours = BusinessHours.builder().zone(BERLIN)
                    .weekdays(t("09:00"), t("17:00")).build();
            for (int day = 1; day <= 5; day++) {
                assertOpenAt(hours, "2026-06-0" + day + "T09:00");
                assertClosedAt(hours, "2026-06-0" + day + "T17:00");
            }
            assertClosedAt(hours, "2026-06-06T10:00", "2026-06-07T10:00");
        }

        @Test
        void evaluatesInTheZoneNotInUtc() {
            BusinessHours hours = BusinessHours.builder().zone(NEW_YORK)
                    .weekdays(t("09:00"), t("17:00")).build();
            // 09:00 in New York in June is 13:00 UTC
            assertClosedAt(hours, "2026-06-01T12:59:00Z");
            assertOpenAt(hours, "2026-06-01T13:00:00Z");
        }

        @Test
        void alwaysAndNever() {
            assertOpenAt(BusinessHours.always(), "2026-06-03T03:17:00Z", "2026-12-25T00:00:00Z");
            assertClosedAt(BusinessHours.never(), "2026-06-03T03:17:00Z", "2026-06-01T10:00:00Z");
        }
    }

    @Nested
    class Closures {
        @Test
        void closureDateIsClosedAllDay() {
            BusinessHours hours = BusinessHours.builder().zone(BERLIN)
                    .weekdays(t("08:00"), t("18:00"))
                    .closed(LocalDate.of(2026, 6, 3))
                    .build();
            assertClosedAt(hours, "2026-06-03T08:00", "2026-06-03T12:00");
            assertOpenAt(hours, "2026-06-02T12:00", "2026-06-04T12:00");
        }

        @Test
        void closureDateClosesTheTailOfThePreviousDaysOvernightRange() {
            BusinessHours hours = fridayNightShiftClosedOn(LocalDate.of(2026, 6, 6)); // Saturday
            assertOpenAt(hours, "2026-06-05T23:59");
            assertClosedAt(hours, "2026-06-06T00:00", "2026-06-06T01:00");
        }

        @Test
        void closureDateCancelsItsOwnOvernightRangeIncludingTheTail() {
            BusinessHours hours = fridayNightShiftClosedOn(LocalDate.of(2026, 12, 25)); // Friday
            assertClosedAt(hours, "2026-12-25T22:30", "2026-12-26T01:00");
            // the next Friday is normal again
            assertOpenAt(hours, "2027-01-01T22:30", "2027-01-02T01:00");
        }

        private static BusinessHours fridayNightShiftClosedOn(LocalDate closed) {
            return BusinessHours.builder().zone(BERLIN)
                    .open(FRIDAY, t("22:00"), t("02:00"))
                    .closed(closed)
                    .build();
        }

        @Test
        void oneOffOpeningWinsOverClosureDate() {
            BusinessHours hours = BusinessHours.builder().zone(BERLIN)
                    .weekdays(t("08:00"), t("18:00"))
                    .closed(LocalDate.of(2026, 12, 24))
                    .openOn(LocalDateTime.parse("2026-12-24T09:00"), LocalDateTime.parse("2026-12-24T12:00"))
                    .build();
            assertOpenAt(hours, "2026-12-24T09:00", "2026-12-24T11:59");
            assertClosedAt(hours, "2026-12-24T08:30", "2026-12-24T12:00", "2026-12-24T15:00");
        }

        @Test
        void oneOffOpeningOnAWeekendAndAcrossMidnight() {
            BusinessHours hours = BusinessHours.builder().zone(BERLIN)
                    .weekdays(t("08:00"), t("18:00"))
                    .openOn(LocalDateTime.parse("2026-06-06T10:00"), LocalDateTime.parse("2026-06-06T14:00"))
                    .openOn(LocalDateTime.parse("2026-06-07T23:00"), LocalDateTime.parse("2026-06-08T01:00"))
                    .build();
            assertOpenAt(hours, "2026-06-06T10:00", "2026-06-07T23:30", "2026-06-08T00:30");
            assertClosedAt(hours, "2026-06-06T09:59", "2026-06-06T14:00", "2026-06-08T01:00");
        }

        @Test
        void onlyOpeningsWithoutSchedule() {
            BusinessHours hours = BusinessHours.builder().zone(BERLIN)
                    .openOn(LocalDateTime.parse("2026-06-06T10:00"), LocalDateTime.parse("2026-06-06T14:00"))
                    .build();
            assertOpenAt(hours, "2026-06-06T12:00");
            assertClosedAt(hours, "2026-06-13T12:00");
        }
    }

    @Nested
    class DaylightSavingTime {
        // Europe/Berlin: 2026-03-29 02:00 CET -> 03:00 CEST; 2026-10-25 03:00 CEST -> 02:00 CET.
        // America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST.

        /** Open on Sundays from {@code from} to {@code to}, local time in {@code zone}. */
        private static BusinessHours sundays(ZoneId zone, String from, String to) {
            return BusinessHours.builder().zone(zone).open(SUNDAY, t(from), t(to)).build();
        }

        @Test
        void berlinSpringForwardSkippedHourIsNeverOpen() {
            BusinessHours hours = sundays(BERLIN, "02:00", "03:00");
            // every instant of that night: local time jumps from 01:59:59 to 03:00
            for (Instant i = at("2026-03-29T00:00+01:00"); i.isBefore(at("2026-03-29T05:00+02:00"));
                    i = i.plusSeconds(60)) {
                assertThat(hours.isOpen(i)).as("%s", i).isFalse();
            }
            // a normal Sunday is open
            assertOpenAt(hours, "2026-04-05T02:30+02:00");
        }

        @Test
        void berlinSpringForwardRangeIntoTheGapClosesAtTheTransition() {
            BusinessHours hours = BusinessHours.builder().zone(BERLIN)
                    .open(SUNDAY, t("01:00"), t("02:30"))
                    .open(SUNDAY, t("02:30"), t("04:00"))
                    .build();
            // 01:00Z is local 03:00 CEST: in the second range
            assertOpenAt(hours, "2026-03-29T01:59:59+01:00", "2026-03-29T01:00:00Z");
            BusinessHours first = sundays(BERLIN, "01:00", "02:30");
            assertOpenAt(first, "2026-03-29T01:59:59+01:00");
            assertClosedAt(first, "2026-03-29T03:00+02:00");
            assertNextChanges(first, "2026-03-29T01:30+01:00", "2026-03-29T03:00+02:00");
        }

        @Test
        void berlinFallBackRepeatedHourCountsByLocalTimeBothTimes() {
            BusinessHours hours = sundays(BERLIN, "02:00", "02:30");
            assertOpenAt(hours, "2026-10-25T02:00+02:00", "2026-10-25T02:29+02:00",
                    "2026-10-25T02:00+01:00", "2026-10-25T02:29+01:00");
            assertClosedAt(hours, "2026-10-25T01:59+02:00", "2026-10-25T02:30+02:00", "2026-10-25T02:30+01:00");
            assertNextChanges(hours,
                    "2026-10-25T02:45+02:00", "2026-10-25T02:00+01:00",
                    "2026-10-25T02:00+01:00", "2026-10-25T02:30+01:00");
        }

        @Test
        void berlinFallBackRangeEndingInTheRepeatedHour() {
            // 01:00-02:30 local: open 01:00 CEST .. 02:30 CEST, closed 02:30 CEST .. 02:00 CET,
            // open again 02:00 CET .. 02:30 CET
            BusinessHours hours = sundays(BERLIN, "01:00", "02:30");
            assertOpenAt(hours, "2026-10-25T02:29+02:00", "2026-10-25T02:10+01:00");
            assertClosedAt(hours, "2026-10-25T02:45+02:00", "2026-10-25T02:30+01:00");
        }

        @Test
        void newYorkSpringForward() {
            BusinessHours hours = BusinessHours.builder().zone(NEW_YORK)
                    .open(SUNDAY, t("02:00"), t("03:00"))
                    .open(SUNDAY, t("01:00"), t("02:15"))
                    .build();
            assertOpenAt(hours, "2026-03-08T01:59:59-05:00");
            // next second is 03:00 EDT: closed
            assertClosedAt(hours, "2026-03-08T03:00-04:00", "2026-03-08T07:00:00Z");
            assertNextChanges(hours, "2026-03-08T01:30-05:00", "2026-03-08T03:00-04:00");
            // a normal Sunday is open at 02:30
            assertOpenAt(hours, "2026-03-15T02:30-04:00");
        }

        @Test
        void newYorkFallBack() {
            BusinessHours hours = sundays(NEW_YORK, "01:00", "01:30");
            assertOpenAt(hours, "2026-11-01T01:15-04:00", "2026-11-01T01:15-05:00");
            assertClosedAt(hours, "2026-11-01T01:45-04:00", "2026-11-01T01:45-05:00");
            assertNextChanges(hours, "2026-11-01T01:45-04:00", "2026-11-01T01:00-05:00");
        }

        @Test
        void overnightRangeAcrossFallBackIsOneHourLonger() {
            BusinessHours hours = BusinessHours.builder().zone(NEW_YORK)
                    .open(SATURDAY, t("22:00"), t("06:00")).build();
            Instant opens = at("2026-10-31T22:00-04:00");
            assertThat(hours.nextChange(opens.minusSeconds(1))).contains(opens);
            assertThat(hours.nextChange(opens)).contains(at("2026-11-01T06:00-05:00"));
            assertThat(Duration.between(opens, at("2026-11-01T06:00-05:00")).toHours()).isEqualTo(9);
        }
    }

    @Nested
    class ClockAndNextChange {
        @Test
        void isOpenNowUsesTheInjectedClock() {
            Clock open = Clock.fixed(berlin("2026-06-01T09:00"), ZoneOffset.UTC);
            Clock closed = Clock.fixed(berlin("2026-06-01T12:15"), ZoneOffset.UTC);
            BusinessHours base = BusinessHours.builder().zone(BERLIN)
                    .open(MONDAY, t("08:00"), t("12:00")).clock(open).build();
            assertThat(base.isOpenNow()).isTrue();
            assertThat(base.clock()).isSameAs(open);
            BusinessHours later = base.withClock(closed);
            assertThat(later.isOpenNow()).isFalse();
            assertThat(later).isEqualTo(base);
            assertThat(BusinessHours.never().withClock(open).isOpenNow()).isFalse();
            assertThat(BusinessHours.always().withClock(closed).isOpenNow()).isTrue();
        }

        @Test
        void clockZoneDoesNotMatterOnlyTheBusinessZone() {
            Instant instant = berlin("2026-06-01T09:00");
            BusinessHours hours = BusinessHours.builder().zone(BERLIN)
                    .open(MONDAY, t("08:00"), t("12:00"))
                    .clock(Clock.fixed(instant, ZoneId.of("Asia/Tokyo"))).build();
            assertThat(hours.isOpenNow()).isTrue();
        }

        @Test
        void defaultClockIsSystemUtc() {
            assertThat(BusinessHours.builder().zone(BERLIN).build().clock().getZone()).isEqualTo(ZoneOffset.UTC);
        }

        @Test
        void nextChangeWalksTheWeek() {
            assertNextChanges(office(),
                    "2026-06-01T07:00", "2026-06-01T08:00",
                    "2026-06-01T08:00", "2026-06-01T12:00",
                    "2026-06-01T12:00", "2026-06-01T13:00",
                    "2026-06-01T17:30", "2026-06-05T22:00",
                    "2026-06-05T23:00", "2026-06-06T02:00",
                    "2026-06-06T02:00", "2026-06-08T08:00");
        }

        @Test
        void nextChangeMergesAdjacentRangesAndSkipsClosures() {
            BusinessHours hours = BusinessHours.builder().zone(BERLIN)
                    .open(MONDAY, t("08:00"), t("12:00"))
                    .open(MONDAY, t("12:00"), t("16:00"))
                    .weekdays(t("09:00"), t("10:00"))
                    .closed(LocalDate.of(2026, 6, 2))
                    .build();
            assertNextChanges(hours,
                    "2026-06-01T09:00", "2026-06-01T16:00",
                    "2026-06-01T16:00", "2026-06-03T09:00");
        }

        @Test
        void nextChangeFindsOpeningsFarAheadAndLongClosures() {
            BusinessHours.Builder b = BusinessHours.builder().zone(BERLIN)
                    .weekdays(t("08:00"), t("18:00"));
            for (LocalDate d = LocalDate.of(2026, 7, 1); d.isBefore(LocalDate.of(2026, 9, 1)); d = d.plusDays(1)) {
                b.closed(d);
            }
            BusinessHours hours = b.build();
            assertThat(hours.nextChange(berlin("2026-06-30T18:00"))).contains(berlin("2026-09-01T08:00"));

            BusinessHours onlyOnce = BusinessHours.builder().zone(BERLIN)
                    .openOn(LocalDateTime.parse("2027-12-24T09:00"), LocalDateTime.parse("2027-12-24T12:00"))
                    .build();
            assertNextChanges(onlyOnce,
                    "2026-06-01T00:00", "2027-12-24T09:00",
                    "2027-12-24T10:00", "2027-12-24T12:00");
            assertThat(onlyOnce.nextChange(berlin("2027-12-24T12:00"))).isEmpty();
        }

        @Test
        void nextChangeIsEmptyWhenNothingEverChanges() {
            Instant now = Instant.parse("2026-06-01T10:00:00Z");
            assertThat(BusinessHours.always().nextChange(now)).isEqualTo(Optional.empty());
            assertThat(BusinessHours.never().nextChange(now)).isEmpty();
            assertThat(BusinessHours.builder().zone(BERLIN).build().nextChange(now)).isEmpty();
        }

        @Test
        void nextChangeAgreesWithIsOpenMinuteByMinute() {
            BusinessHours hours = BusinessHours.builder().zone(BERLIN)
                    .open(FRIDAY, t("22:00"), t("02:00"))
                    .open(SUNDAY, t("01:30"), t("02:30"))
                    .weekdays(t("08:00"), t("12:00"))
                    .closed(LocalDate.of(2026, 10, 27))
                    .openOn(LocalDateTime.parse("2026-10-25T02:15"), LocalDateTime.parse("2026-10-25T05:00"))
                    .build();
            Instant from = Instant.parse("2026-10-22T00:00:00Z");
            Instant to = Instant.parse("2026-11-02T00:00:00Z");
            Instant expected = hours.nextChange(from).orElseThrow();
            boolean state = hours.isOpen(from);
            for (Instant i = from.plusSeconds(60); i.isBefore(to); i = i.plusSeconds(60)) {
                boolean now = hours.isOpen(i);
                if (now != state) {
                    assertThat(i).as("change after %s", from).isEqualTo(expected);
                    from = i;
                    state = now;
                    expected = hours.nextChange(i).orElseThrow();
                }
            }
        }
    }

    @Nested
    class BuilderValidation {
        @Test
        void zoneIsRequired() {
            assertThatThrownBy(() -> BusinessHours.builder().build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("zone is required");
        }

        @Test
        void equalFromAndToIsRejectedWithItsIndex() {
            assertThatThrownBy(() -> BusinessHours.builder().zone(BERLIN)
                    .open(MONDAY, t("08:00"), t("12:00"))
                    .open(FRIDAY, t("08:00"), t("12:00"))
                    .open(MONDAY, t("13:00"), t("13:00"))
                    .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("schedule.MONDAY[1]: from equals to (13:00)");
            assertThatThrownBy(() -> BusinessHours.builder().zone(BERLIN)
                    .open(MONDAY, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT).build())
                    .hasMessage("schedule.MONDAY[0]: from equals to (00:00)");
        }

        @Test
        void nullsAreReportedByField() {
            assertThatThrownBy(() -> BusinessHours.builder().zone(BERLIN).open(MONDAY, null, t("12:00")).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("schedule.MONDAY[0]: from is required");
            assertThatThrownBy(() -> BusinessHours.builder().zone(BERLIN).open(SUNDAY, t("12:00"), null).build())
                    .hasMessage("schedule.SUNDAY[0]: to is required");
            assertThatThrownBy(() -> BusinessHours.builder().zone(BERLIN).open(null, t("08:00"), t("12:00")).build())
                    .hasMessage("schedule: day is required (range #1 added)");
            assertThatThrownBy(() -> BusinessHours.builder().zone(BERLIN)
                    .closed(LocalDate.of(2026, 1, 1)).closed(null).build())
                    .hasMessage("closed[1]: date is required");
            assertThatThrownBy(() -> BusinessHours.builder().zone(BERLIN)
                    .openOn(null, LocalDateTime.parse("2026-01-01T10:00")).build())
                    .hasMessage("openings[0]: from is required");
            assertThatThrownBy(() -> BusinessHours.builder().zone(BERLIN)
                    .openOn(LocalDateTime.parse("2026-01-01T10:00"), null).build())
                    .hasMessage("openings[0]: to is required");
            assertThatThrownBy(() -> BusinessHours.builder().zone(BERLIN).clock(null).build())
                    .hasMessage("clock is required");
            assertThatThrownBy(() -> BusinessHours.always().withClock(null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("clock is required");
        }

        @Test
        void timesMustBeWholeMinutes() {
            assertThatThrownBy(() -> BusinessHours.builder().zone(BERLIN)
                    .open(MONDAY, t("08:00:30"), t("12:00")).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("schedule.MONDAY[0]: from 08:00:30 is not a whole minute");
        }

        @Test
        void openingMustEndAfterItStarts() {
            assertThatThrownBy(() -> BusinessHours.builder().zone(BERLIN)
                    .openOn(LocalDateTime.parse("2026-12-24T09:00"), LocalDateTime.parse("2026-12-24T12:00"))
                    .openOn(LocalDateTime.parse("2026-12-31T12:00"), LocalDateTime.parse("2026-12-31T12:00"))
                    .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("openings[1]: to must be after from (from 2026-12-31T12:00, to 2026-12-31T12:00)");
            assertThatThrownBy(() -> BusinessHours.builder().zone(BERLIN)
                    .openOn(LocalDateTime.parse("2026-12-24T12:00"), LocalDateTime.parse("2026-12-24T09:00"))
                    .build())
                    .hasMessageStartingWith("openings[0]: to must be after from");
        }

        @Test
        void builtObjectDoesNotSeeLaterBuilderChanges() {
            BusinessHours.Builder b = BusinessHours.builder().zone(BERLIN).open(MONDAY, t("08:00"), t("12:00"));
            BusinessHours first = b.build();
            b.closed(LocalDate.of(2026, 6, 1));
            assertOpenAt(first, "2026-06-01T09:00");
            assertClosedAt(b.build(), "2026-06-01T09:00");
        }
    }
}
