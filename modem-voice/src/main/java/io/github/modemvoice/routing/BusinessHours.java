package io.github.modemvoice.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a business is open: a weekly schedule in a time zone, closure dates (holidays) and
 * one-off openings. Immutable and thread-safe.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Local time.</b> An instant is converted to the local date-time of {@link #zone()}
 *       ({@code instant.atZone(zone)}) and every rule is evaluated on that local date-time.</li>
 *   <li><b>Weekly ranges</b> are half-open, {@code [from, to)}, in whole minutes. Several ranges
 *       per day are allowed; overlapping ranges simply add up. A range whose {@code to} is
 *       before its {@code from} crosses midnight: {@code FRIDAY 22:00-02:00} is open from
 *       Friday 22:00 until Saturday 02:00. An end of {@code 00:00} (or {@code "24:00"} in JSON)
 *       means the end of the day, so {@code 00:00-24:00} is the whole day. A range whose
 *       {@code from} equals its {@code to} is rejected.</li>
 *   <li><b>Closure dates</b> close the local calendar day, 00:00 to 24:00, entirely. That
 *       includes the tail of the previous day's overnight range (Friday 22:00-02:00 with
 *       Saturday closed: closed from Saturday 00:00). A closure date also cancels the ranges
 *       that <em>start</em> on it, including their tail after midnight (Friday closed: the
 *       Friday 22:00-02:00 shift does not happen at all, so Saturday 00:00-02:00 is closed
 *       too).</li>
 *   <li><b>One-off openings</b> are local date-time ranges {@code [from, to)} that are open
 *       whatever the schedule and the closure dates say: openings win over closures.</li>
 *   <li><b>Daylight saving time.</b> On spring-forward the skipped local hour never happens:
 *       a range {@code 02:00-03:00} on that day in Europe/Berlin is never open, and a range
 *       {@code 01:00-02:30} closes at the transition (local 01:59:59 is followed by 03:00).
 *       On fall-back the repeated local hour is evaluated by its local time both times: a
 *       range {@code 02:00-02:30} in Europe/Berlin is open twice that night, for an hour in
 *       total.</li>
 * </ul>
 *
 * <h2>JSON</h2>
 * <p>{@link #fromJson(String)}, {@link #fromJson(Path)} and {@link #toJson()} use this format
 * (keys in snake_case; unknown keys are rejected):
 * <pre>{@code
 * { "zone": "Europe/Berlin",
 *   "weekly": { "monday": ["08:00-12:00", "13:00-17:30"], "friday": ["22:00-02:00"], "saturday": [] },
 *   "closed": ["2026-12-25", "2026-12-26"],
 *   "open": [ { "from": "2026-12-24T09:00", "to": "2026-12-24T12:00" } ] }
 * }</pre>
 * <ul>
 *   <li>{@code zone} (required): a time-zone id such as {@code "Europe/Berlin"} or
 *       {@code "UTC"}.</li>
 *   <li>{@code weekly} (optional): an object keyed by lower-case English day names
 *       ({@code monday} .. {@code sunday}); each value is an array of {@code "HH:mm-HH:mm"}
 *       ranges. A day that is missing or has an empty array is closed. {@code "24:00"} is
 *       allowed as an end only.</li>
 *   <li>{@code closed} (optional): an array of {@code "yyyy-MM-dd"} closure dates.</li>
 *   <li>{@code open} (optional): an array of one-off openings, objects with the local
 *       date-times {@code from} and {@code to} ({@code "yyyy-MM-ddTHH:mm[:ss]"}), {@code to}
 *       after {@code from}.</li>
 * </ul>
 * <p>Errors are reported as {@link IllegalArgumentException}s naming the field path and the bad
 * value, for example {@code weekly.monday[1]: "13:00-25:00" is not HH:mm-HH:mm}.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * BusinessHours hours = BusinessHours.builder()
 *         .zone(ZoneId.of("Europe/Berlin"))
 *         .weekdays(LocalTime.of(8, 0), LocalTime.of(17, 0))
 *         .closed(LocalDate.of(2026, 12, 25))
 *         .openOn(LocalDateTime.of(2026, 12, 27, 10, 0), LocalDateTime.of(2026, 12, 27, 12, 0))
 *         .build();
 * if (!hours.isOpenNow()) { ... voicemail ... }
 * }</pre>
 *
 * <p>{@link #equals(Object)} compares the zone, schedule, closure dates and openings, not the
 * clock.
 *
 * <p>One file on purpose: the rules (ranges across midnight, closures, openings, daylight-saving edges) and the builder that validates them; the JSON reading is in {@code BusinessHoursJson}.
 */
public final class BusinessHours {

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    private static final int MINUTES_PER_DAY = 24 * 60;
    private static final ObjectMapper MAPPER = BusinessHoursJson.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private static final BusinessHours ALWAYS;
    private static final BusinessHours NEVER = builder().zone(ZoneOffset.UTC).build();

    static {
        Builder b = builder().zone(ZoneOffset.UTC);
        for (DayOfWeek day : DayOfWeek.values()) {
            b.openAllDay(day);
        }
        ALWAYS = b.build();
    }

    /** A daily range in minutes of the day: from in [0, 1440), to in [1, 1440]; crosses midnight iff to &lt; from. */
    private record DailyRange(int from, int to) {
        boolean crossesMidnight() {
            return to < from;
        }

        /** Whether the part of this range on its own day covers the given nano of day. */
        boolean coversSameDay(long nanoOfDay) {
            long end = crossesMidnight() ? MINUTES_PER_DAY : to;
            return nanoOfDay >= from * NANOS_PER_MINUTE && nanoOfDay < end * NANOS_PER_MINUTE;
        }

        /** Whether the tail of this range after midnight covers the given nano of the next day. */
        boolean coversNextDay(long nanoOfDay) {
            return crossesMidnight() && nanoOfDay < to * NANOS_PER_MINUTE;
        }

        String format() {
            return hhmm(from) + "-" + hhmm(to);
        }

        private static String hhmm(int minutes) {
            return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
        }
    }

    /** A weekly range as given to the builder, validated in {@link Builder#build()}. */
    private record PendingRange(DayOfWeek day, LocalTime from, LocalTime to, boolean allDay) {
    }

    /** A one-off opening [from, to) in local date-time. */
    private record Opening(LocalDateTime from, LocalDateTime to) {
        boolean covers(LocalDateTime t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }

    private final ZoneId zone;
    private final Map<DayOfWeek, List<DailyRange>> weekly;
    private final NavigableSet<LocalDate> closed;
    private final List<Opening> openings;
    private final Clock clock;

    private BusinessHours(ZoneId zone, Map<DayOfWeek, List<DailyRange>> weekly,
            NavigableSet<LocalDate> closed, List<Opening> openings, Clock clock) {
        this.zone = zone;
        this.weekly = weekly;
        this.closed = closed;
        this.openings = openings;
        this.clock = clock;
    }

    /**
     * Starts a new builder. Only the zone is required; with nothing else the result is always
     * closed.
     *
     * @return a new, empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Open around the clock, every day (zone UTC, system clock). Use
     * {@link #withClock(Clock)} to inject a clock.
     *
     * @return business hours that are always open
     */
    public static BusinessHours always() {
        return ALWAYS;
    }

    /**
     * Never open: every call goes to voicemail (zone UTC, system clock).
     *
     * @return business hours that are always closed
     */
    public static BusinessHours never() {
        return NEVER;
    }

    /**
     * The time zone in which the schedule, the closure dates and the openings are evaluated.
     *
     * @return the zone
     */
    public ZoneId zone() {
        return zone;
    }

    /**
     * The clock used by {@link #isOpenNow()}.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * A copy of these business hours that uses another clock for {@link #isOpenNow()}.
     *
     * @param clock the clock, not null
     * @return a copy with the given clock
     * @throws IllegalArgumentException if {@code clock} is null
     */
    public BusinessHours withClock(Clock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
        return new BusinessHours(zone, weekly, closed, openings, clock);
    }

    /**
     * Tells whether the business is open at the given instant.
     *
     * @param instant the instant, not null
     * @return {@code true} if open
     */
    public boolean isOpen(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return isOpenAt(LocalDateTime.ofInstant(instant, zone));
    }

    /**
     * Tells whether the business is open at the current instant of the {@link #clock()}.
     *
     * @return {@code true} if open now
     */
    public boolean isOpenNow() {
        return isOpen(clock.instant());
    }

    private boolean isOpenAt(LocalDateTime local) {
        for (Opening opening : openings) {
            if (opening.covers(local)) {
                return true;
            }
        }
        LocalDate date = local.toLocalDate();
        if (closed.contains(date)) {
            return false;
        }
        long nanoOfDay = local.toLocalTime().toNanoOfDay();
        for (DailyRange range : weekly.get(date.getDayOfWeek())) {
            if (range.coversSameDay(nanoOfDay)) {
                return true;
            }
        }
        LocalDate previous = date.minusDays(1);
        if (!closed.contains(previous)) {
            for (DailyRange range : weekly.get(previous.getDayOfWeek())) {
                if (range.coversNextDay(nanoOfDay)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The first instant after {@code instant} at which {@link #isOpen(Instant)} gives a
     * different answer than at {@code instant}: the next opening if closed now, the next
     * closing if open now.
     *
     * @param instant the instant to start from, not null
     * @return the next change, or empty if the answer never changes again (for example
     *     {@link #always()}, {@link #never()}, or an empty schedule after the last opening)
     */
    public Optional<Instant> nextChange(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        boolean openNow = isOpen(instant);
        ZoneRules rules = zone.getRules();
        LocalDate startDay = LocalDateTime.ofInstant(instant, zone).toLocalDate().minusDays(1);
        LocalDate lastDay = startDay.plusDays(16);
        if (!closed.isEmpty() && closed.last().plusDays(2).isAfter(lastDay)) {
            lastDay = closed.last().plusDays(2);
        }
        for (Opening opening : openings) {
            LocalDate end = opening.to().toLocalDate().plusDays(2);
            if (end.isAfter(lastDay)) {
                lastDay = end;
            }
        }
        // Candidates are the instants at which the answer may change; between two consecutive
        // candidates it is constant. Day d produces local date-times in [d 00:00, d+1 00:00);
        // once day d is added, every pending candidate before the earliest instant of local
        // d+1 00:00 is final, since later days cannot produce anything earlier.
        TreeSet<Instant> pending = new TreeSet<>();
        Instant transitionCursor = instant;
        for (LocalDate day = startDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
            for (LocalDateTime local : localCandidates(day)) {
                pending.addAll(instantsOf(local, rules));
            }
            Instant horizon = instantsOf(day.plusDays(1).atStartOfDay(), rules).get(0);
            ZoneOffsetTransition transition = rules.nextTransition(transitionCursor);
            while (transition != null && transition.getInstant().isBefore(horizon)) {
                pending.add(transition.getInstant());
                transitionCursor = transition.getInstant();
                transition = rules.nextTransition(transitionCursor);
            }
            Iterator<Instant> it = pending.iterator();
            while (it.hasNext()) {
                Instant candidate = it.next();
                if (!candidate.isBefore(horizon)) {
                    break;
                }
                it.remove();
                if (candidate.isAfter(instant) && isOpen(candidate) != openNow) {
                    return Optional.of(candidate);
                }
            }
        }
        for (Instant candidate : pending) {
            if (candidate.isAfter(instant) && isOpen(candidate) != openNow) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Local date-times on {@code day} at which the answer may change. */
    private List<LocalDateTime> localCandidates(LocalDate day) {
        List<LocalDateTime> result = new ArrayList<>();
        result.add(day.atStartOfDay());
        for (DailyRange range : weekly.get(day.getDayOfWeek())) {
            result.add(atMinute(day, range.from()));
            if (!range.crossesMidnight() && range.to() < MINUTES_PER_DAY) {
                result.add(atMinute(day, range.to()));
            }
        }
        for (DailyRange range : weekly.get(day.minusDays(1).getDayOfWeek())) {
            if (range.crossesMidnight()) {
                result.add(atMinute(day, range.to()));
            }
        }
        for (Opening opening : openings) {
            if (opening.from().toLocalDate().equals(day)) {
                result.add(opening.from());
            }
            if (opening.to().toLocalDate().equals(day)) {
                result.add(opening.to());
            }
        }
        return result;
    }

    private static LocalDateTime atMinute(LocalDate day, int minuteOfDay) {
        return day.atTime(LocalTime.ofSecondOfDay(minuteOfDay * 60L));
    }

    /** The instants at which a local date-time occurs, earliest first; a time in a gap maps to the transition. */
    private static List<Instant> instantsOf(LocalDateTime local, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return List.of(rules.getTransition(local).getInstant());
        }
        List<Instant> result = new ArrayList<>(offsets.size());
        for (ZoneOffset offset : offsets) {
            result.add(local.toInstant(offset));
        }
        Collections.sort(result);
        return result;
    }

    // ------------------------------------------------------------------------------------
    // JSON

    /**
     * Reads business hours from a JSON file in the format described in the class
     * documentation. The result uses the system UTC clock; see {@link #withClock(Clock)}.
     *
     * @param file the JSON file (UTF-8)
     * @return the business hours
     * @throws IllegalArgumentException if the content is invalid; the message starts with the
     *     file name and line ({@code hours.json:4: }), then names the field path and the bad value
     * @throws UncheckedIOException if the file cannot be read
     */
    public static BusinessHours fromJson(Path file) {
        Objects.requireNonNull(file, "file");
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read business hours from " + file, e);
        }
        try {
            return fromJson(json);
        } catch (IllegalArgumentException e) {
            int line = BusinessHoursJson.lineOf(json, e);
            throw new IllegalArgumentException(file + (line > 0 ? ":" + line : "") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses business hours from JSON in the format described in the class documentation.
     * The result uses the system UTC clock; see {@link #withClock(Clock)}.
     *
     * @param json the JSON text
     * @return the business hours
     * @throws IllegalArgumentException if the JSON is malformed or invalid; the message names
     *     the field path and the bad value
     */
    public static BusinessHours fromJson(String json) {
        return BusinessHoursJson.read(json);
    }

    /**
     * Writes these business hours as JSON in the format described in the class documentation
     * (pretty-printed, all seven days listed, closure dates sorted, openings in the order they
     * were added). The clock is not written. {@code fromJson(toJson())} equals this object.
     *
     * @return the JSON text
     */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("zone", zone.getId());
        ObjectNode weeklyNode = root.putObject("weekly");
        for (DayOfWeek day : DayOfWeek.values()) {
            ArrayNode ranges = weeklyNode.putArray(day.name().toLowerCase(Locale.ROOT));
            for (DailyRange range : weekly.get(day)) {
                ranges.add(range.format());
            }
        }
        ArrayNode closedNode = root.putArray("closed");
        for (LocalDate date : closed) {
            closedNode.add(date.toString());
        }
        ArrayNode openNode = root.putArray("open");
        for (Opening opening : openings) {
            ObjectNode o = openNode.addObject();
            o.put("from", opening.from().toString());
            o.put("to", opening.to().toString());
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write business hours as JSON", e);
        }
    }

    /**
     * Compares the zone, the weekly schedule, the closure dates and the openings; the clock is
     * ignored.
     *
     * @param o the other object
     * @return {@code true} if both describe the same business hours
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BusinessHours)) {
            return false;
        }
        BusinessHours other = (BusinessHours) o;
        return zone.equals(other.zone) && weekly.equals(other.weekly) && closed.equals(other.closed)
                && openings.equals(other.openings);
    }

    /**
     * A hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(zone, weekly, closed, openings);
    }

    /**
     * A short, human-readable description.
     *
     * @return the description
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("BusinessHours[zone=").append(zone);
        for (DayOfWeek day : DayOfWeek.values()) {
            List<DailyRange> ranges = weekly.get(day);
            if (!ranges.isEmpty()) {
                sb.append(", ").append(day.name().substring(0, 3).toLowerCase(Locale.ROOT)).append('=');
                StringBuilder r = new StringBuilder();
                for (DailyRange range : ranges) {
                    r.append(r.length() == 0 ? "" : "|").append(range.format());
                }
                sb.append(r);
            }
        }
        return sb.append(", closed=").append(closed.size())
                .append(", openings=").append(openings.size()).append(']').toString();
    }

    // ------------------------------------------------------------------------------------
    // Builder

    /**
     * Builds {@link BusinessHours}. Not thread-safe. Arguments are checked when
     * {@link #build()} is called; an {@link IllegalArgumentException} then names the field,
     * for example {@code schedule.MONDAY[1]: from equals to} (the index counts the ranges of
     * that day in the order they were added) or {@code openings[0]: to must be after from}.
     */
    public static final class Builder {
        private ZoneId zone;
        private Clock clock = Clock.systemUTC();
        private boolean clockSet;
        private final List<PendingRange> ranges = new ArrayList<>();
        private final List<LocalDate> closedDates = new ArrayList<>();
        private final List<LocalDateTime[]> openings = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the time zone in which everything is evaluated (required).
         *
         * @param zone the zone
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        /**
         * Adds a weekly range {@code [from, to)} on {@code day}, in whole minutes. If {@code to}
         * is before {@code from} the range crosses midnight into the next day; a {@code to} of
         * {@link LocalTime#MIDNIGHT} means the end of the day. {@code from} equal to {@code to}
         * is rejected (use {@link #openAllDay(DayOfWeek)} for the whole day).
         *
         * @param day the day the range starts on
         * @param from the start, inclusive
         * @param to the end, exclusive
         * @return this builder
         */
        public Builder open(DayOfWeek day, LocalTime from, LocalTime to) {
            ranges.add(new PendingRange(day, from, to, false));
            return this;
        }

        /**
         * Opens {@code day} from 00:00 to 24:00.
         *
         * @param day the day
         * @return this builder
         */
        public Builder openAllDay(DayOfWeek day) {
            ranges.add(new PendingRange(day, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, true));
            return this;
        }

        /**
         * Adds the range {@code [from, to)} on every day from Monday to Friday.
         *
         * @param from the start, inclusive
         * @param to the end, exclusive (before {@code from}: crosses midnight)
         * @return this builder
         */
        public Builder weekdays(LocalTime from, LocalTime to) {
            for (DayOfWeek day : DayOfWeek.values()) {
                if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
                    open(day, from, to);
                }
            }
            return this;
        }

        /**
         * Adds a closure date (a holiday): the local calendar day is closed from 00:00 to
         * 24:00, including the tail of the previous day's overnight range, and the ranges
         * starting on that day do not happen (their tail after midnight included). One-off
         * openings still win.
         *
         * @param date the date
         * @return this builder
         */
        public Builder closed(LocalDate date) {
            closedDates.add(date);
            return this;
        }

        /**
         * Adds a one-off opening {@code [from, to)} in local date-time of the zone; it is open
         * even on a closure date or outside the weekly schedule.
         *
         * @param from the start, inclusive
         * @param to the end, exclusive; must be after {@code from}
         * @return this builder
         */
        public Builder openOn(LocalDateTime from, LocalDateTime to) {
            openings.add(new LocalDateTime[] {from, to});
            return this;
        }

        /**
         * Sets the clock used by {@link BusinessHours#isOpenNow()} (default: system UTC).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            this.clockSet = true;
            return this;
        }

        /** Adds an already validated range in minutes of the day (used by the JSON reader). */
        void addRange(DayOfWeek day, int from, int to) {
            LocalTime fromTime = LocalTime.ofSecondOfDay(from * 60L);
            LocalTime toTime = LocalTime.ofSecondOfDay((to % MINUTES_PER_DAY) * 60L);
            ranges.add(new PendingRange(day, fromTime, toTime, from == 0 && to == MINUTES_PER_DAY));
        }

        /**
         * Validates the configuration and builds the immutable {@link BusinessHours}.
         *
         * @return the business hours
         * @throws IllegalArgumentException naming the first invalid field
         */
        public BusinessHours build() {
            if (zone == null) {
                throw new IllegalArgumentException("zone is required");
            }
            if (clockSet && clock == null) {
                throw new IllegalArgumentException("clock is required");
            }
            Map<DayOfWeek, List<DailyRange>> weekly = new EnumMap<>(DayOfWeek.class);
            for (DayOfWeek day : DayOfWeek.values()) {
                weekly.put(day, new ArrayList<>());
            }
            for (int i = 0; i < ranges.size(); i++) {
                PendingRange r = ranges.get(i);
                if (r.day() == null) {
                    throw new IllegalArgumentException("schedule: day is required (range #" + (i + 1)
                            + " added)");
                }
                List<DailyRange> dayRanges = weekly.get(r.day());
                String path = "schedule." + r.day() + "[" + dayRanges.size() + "]";
                int from = minuteOfDay(path, "from", r.from());
                int to = minuteOfDay(path, "to", r.to());
                if (from == to && !r.allDay()) {
                    throw new IllegalArgumentException(path + ": from equals to (" + r.from() + ")");
                }
                if (to == 0) {
                    to = MINUTES_PER_DAY;
                }
                dayRanges.add(new DailyRange(from, to));
            }
            for (DayOfWeek day : DayOfWeek.values()) {
                weekly.put(day, List.copyOf(weekly.get(day)));
            }
            TreeSet<LocalDate> closed = new TreeSet<>();
            for (int i = 0; i < closedDates.size(); i++) {
                LocalDate date = closedDates.get(i);
                if (date == null) {
                    throw new IllegalArgumentException("closed[" + i + "]: date is required");
                }
                closed.add(date);
            }
            Set<Opening> opens = new LinkedHashSet<>();
            for (int i = 0; i < openings.size(); i++) {
                LocalDateTime[] o = openings.get(i);
                String path = "openings[" + i + "]";
                if (o[0] == null) {
                    throw new IllegalArgumentException(path + ": from is required");
                }
                if (o[1] == null) {
                    throw new IllegalArgumentException(path + ": to is required");
                }
                if (!o[1].isAfter(o[0])) {
                    throw new IllegalArgumentException(path + ": to must be after from (from " + o[0]
                            + ", to " + o[1] + ")");
                }
                opens.add(new Opening(o[0], o[1]));
            }
            return new BusinessHours(zone, Collections.unmodifiableMap(weekly),
                    Collections.unmodifiableNavigableSet(closed), List.copyOf(opens), clock);
        }

        private static int minuteOfDay(String path, String field, LocalTime time) {
            if (time == null) {
                throw new IllegalArgumentException(path + ": " + field + " is required");
            }
            if (time.getSecond() != 0 || time.getNano() != 0) {
                throw new IllegalArgumentException(path + ": " + field + " " + time
                        + " is not a whole minute");
            }
            return time.getHour() * 60 + time.getMinute();
        }
    }
}
