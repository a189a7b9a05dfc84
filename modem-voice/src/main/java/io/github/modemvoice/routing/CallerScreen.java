package io.github.modemvoice.routing;

import io.github.modemvoice.call.CallerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Call screening before a call is answered: a block list, an allow list and a policy for callers
 * without a number, the core of the call screeners people put in front of analog lines.
 *
 * <p>The decision for a ringing call ({@link #screen(CallerInfo)}):
 * <ol>
 *   <li>no usable number (withheld, unavailable, or a text such as {@code Anonymous}): the
 *       {@link Builder#withheld withheld policy} (default {@link Action#ANSWER});</li>
 *   <li>the number matches the allow list: {@link Action#ANSWER} (an allow-list entry wins over a
 *       block-list entry, so {@code +4930*} may be blocked while {@code +4930123456} gets through);</li>
 *   <li>the number matches the block list: the {@link Builder#blockedAction blocked action}
 *       ({@link Action#REJECT}, the default, or {@link Action#IGNORE}: left ringing);</li>
 *   <li>otherwise {@link Action#ANSWER}.</li>
 * </ol>
 *
 * <p><b>List files</b> (UTF-8): one entry per line; blank lines and everything from a {@code #}
 * that starts a line or follows a blank are comments. An entry is a number ({@code +4930123456},
 * {@code 0049 30 123456}, {@code 030 123456}) or a prefix: a number ending in {@code *}
 * ({@code +4930*}, {@code +1900*}); {@code *} alone matches every number. Spaces, {@code -},
 * {@code .}, {@code /} and parentheses inside a number are ignored. Anything else is an error
 * naming the file and line ({@link IllegalArgumentException}).
 *
 * <p><b>Normalisation</b> (applied to the list entries and to the caller's number alike, towards
 * E.164 {@code +<country code><national number>}): separators are removed; a leading {@code +}
 * is kept; a leading {@code 00} (the ITU-T E.164 recommended international prefix) becomes
 * {@code +}; with a {@linkplain Builder#countryCode country code} configured, a number starting
 * with the {@linkplain Builder#trunkPrefix trunk prefix} ({@code 0} unless set) is national: the
 * prefix is replaced by {@code +<country code>}; any other number (no country code configured, or
 * a local number without trunk prefix) is compared as its digits. So with country code 49,
 * {@code 030 123456}, {@code 0049 30 123456} and {@code +49 30 123456} are the same number.
 * In a number written internationally ({@code +} or {@code 00}), a trunk prefix in parentheses
 * is dropped ({@code +49 (0)30 123456} is {@code +4930123456}): ITU-T E.123 uses parentheses for
 * digits that are not always dialled, and the trunk prefix is not dialled from abroad. Other
 * parenthesised digits are kept ({@code +1 (703) 234 5678}).
 *
 * <p>The lists are files so that they can be edited while the answering machine runs: before a
 * decision, at most once per {@link Builder#recheckEvery recheck interval} of the injected
 * clock, each file's modification time, size and file key are compared with the ones read, and
 * the file is read again when one changed. A file that became unreadable or malformed keeps the
 * entries read before (one WARN naming the file and line, until it is fixed). Thread-safe.
 */
public final class CallerScreen {
    private static final Logger LOG = LoggerFactory.getLogger(CallerScreen.class);

    /** What to do with a ringing call. */
    public enum Action {
        /** Take the call as usual (business hours, voicemail). */
        ANSWER,
        /** Reject it without answering (the caller hears busy or the network's announcement). */
        REJECT,
        /** Leave it ringing without answering (it rings out; other phones on the line may take it). */
        IGNORE;

        /**
         * @param text {@code answer}, {@code reject} or {@code ignore} (any case)
         * @return the action
         * @throws IllegalArgumentException naming the accepted values
         */
        public static Action parse(String text) {
            for (Action a : values()) {
                if (a.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return a;
                }
            }
            throw new IllegalArgumentException("expected answer, reject or ignore, was \"" + text + "\"");
        }
    }

    /**
     * A screening decision.
     *
     * @param action what to do with the call
     * @param why    why, for logs and displays (never the number)
     */
    public record Decision(Action action, String why) {
        /** Validates. */
        public Decision {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(why, "why");
        }
    }

    private final ListFile blockList;
    private final ListFile allowList;
    private final Action withheld;
    private final Action blockedAction;
    private final String countryCode;
    private final String trunkPrefix;
    private final Clock clock;
    private final Duration recheckEvery;
    private final AtomicLong screenedOut = new AtomicLong();

    private CallerScreen(Builder b) {
        this.withheld = b.withheld;
        this.blockedAction = b.blockedAction;
        this.countryCode = b.countryCode;
        this.trunkPrefix = b.trunkPrefix;
        this.clock = b.clock;
        this.recheckEvery = b.recheckEvery;
        // read now: a wrong file is an error at start-up, not at the first call
        this.blockList = b.blockList == null ? null : new ListFile(b.blockList);
        this.allowList = b.allowList == null ? null : new ListFile(b.allowList);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decides what to do with a ringing call (the lists are re-read first when they changed).
     *
     * @param caller who is calling
     * @return the decision; not {@link Action#ANSWER} counts as screened out ({@link #screenedOut()})
     */
    public Decision screen(CallerInfo caller) {
        Decision d = decide(caller);
        if (d.action() != Action.ANSWER) {
            screenedOut.incrementAndGet();
        }
        return d;
    }

    private Decision decide(CallerInfo caller) {
        Optional<String> number = caller.number().flatMap(n -> normalize(n, countryCode, trunkPrefix));
        if (number.isEmpty()) {
            return new Decision(withheld, "no caller number (" + caller.redacted() + ")");
        }
        if (allowList != null && allowList.entries().matches(number.get())) {
            return new Decision(Action.ANSWER, "on the allow list");
        }
        if (blockList != null && blockList.entries().matches(number.get())) {
            return new Decision(blockedAction, "on the block list");
        }
        return new Decision(Action.ANSWER, "not on a list");
    }

    /** @return how many calls this screen did not let through ({@link Action#REJECT} or {@link Action#IGNORE}) */
    public long screenedOut() {
        return screenedOut.get();
    }

    /** @return what the screen does, for start-up messages (no numbers) */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (blockList != null) {
            parts.add("block list " + blockList.path + " (" + blockList.entries().size() + " entries, "
                    + blockedAction.name().toLowerCase(Locale.ROOT) + ")");
        }
        if (allowList != null) {
            parts.add("allow list " + allowList.path + " (" + allowList.entries().size() + " entries)");
        }
        parts.add("withheld numbers: " + withheld.name().toLowerCase(Locale.ROOT));
        return String.join("; ", parts);
    }

    /**
     * Normalises a phone number towards E.164 (see the class comment).
     *
     * @param number      the number as presented or written
     * @param countryCode the country code for national numbers (digits, no {@code +}), or null
     * @param trunkPrefix the national trunk prefix (e.g. {@code 0})
     * @return {@code +<digits>} or the bare digits; empty when it is not a number
     */
    public static Optional<String> normalize(String number, String countryCode, String trunkPrefix) {
        if (number == null) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder();
        String s = number.strip();
        boolean plus = s.startsWith("+");
        int groupStart = -1; // where the digits of an open parenthesis begin in b
        for (int i = plus ? 1 : 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                b.append(c);
            } else if (c == '(') {
                groupStart = b.length();
            } else if (c == ')') {
                if (groupStart >= 0 && (plus || b.indexOf("00") == 0)
                        && isTrunkPrefix(b.substring(groupStart), trunkPrefix)) {
                    // ITU-T E.123: parentheses mark digits that are not always dialled, and in
                    // international notation the trunk prefix is not dialled, so the "(0)" of
                    // "+49 (0)30 123456" is dropped; "+1 (703) ..." keeps its area code.
                    b.setLength(groupStart);
                }
                groupStart = -1;
            } else if (" -./\t".indexOf(c) < 0) {
                return Optional.empty();
            }
        }
        String digits = b.toString();
        if (digits.isEmpty()) {
            return Optional.empty();
        }
        if (plus) {
            return Optional.of("+" + digits);
        }
        if (digits.startsWith("00") && digits.length() > 2) {
            return Optional.of("+" + digits.substring(2));
        }
        if (countryCode != null && !trunkPrefix.isEmpty() && digits.startsWith(trunkPrefix)
                && digits.length() > trunkPrefix.length()) {
            return Optional.of("+" + countryCode + digits.substring(trunkPrefix.length()));
        }
        return Optional.of(digits);
    }

    private static boolean isTrunkPrefix(String group, String trunkPrefix) {
        return group.equals("0") || (trunkPrefix != null && !trunkPrefix.isEmpty() && group.equals(trunkPrefix));
    }

    /** The parsed entries of one list: exact numbers and prefixes, normalised. */
    record Entries(java.util.Set<String> numbers, List<String> prefixes) {
        boolean matches(String number) {
            if (numbers.contains(number)) {
                return true;
            }
            for (String p : prefixes) {
                if (number.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }

        int size() {
            return numbers.size() + prefixes.size();
        }
    }

    /**
     * Parses list-file text.
     *
     * @param text        the file's content
     * @param where       the file's name, for errors
     * @param countryCode as {@link #normalize}
     * @param trunkPrefix as {@link #normalize}
     * @return the entries
     * @throws IllegalArgumentException {@code where:line: ...} on the first bad line
     */
    static Entries parse(String text, String where, String countryCode, String trunkPrefix) {
        java.util.Set<String> numbers = new java.util.HashSet<>();
        List<String> prefixes = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean prefix = line.endsWith("*");
            String body = prefix ? line.substring(0, line.length() - 1).strip() : line;
            if (prefix && body.isEmpty()) {
                prefixes.add(""); // "*": every number
                continue;
            }
            Optional<String> n = body.indexOf('*') >= 0 ? Optional.empty() : normalize(body, countryCode, trunkPrefix);
            if (n.isEmpty()) {
                String shown = line.length() > 40 ? line.substring(0, 40) + "..." : line;
                // the entry may be someone's number written wrongly: its digits but the last four are masked
                shown = shown.replaceAll("\\d(?=(?:\\D*\\d){4})", "*");
                throw new IllegalArgumentException(where + ":" + (i + 1) + ": not a number or prefix: \""
                        + shown.replaceAll("[^\\x20-\\x7E]", "?") + "\" (expected e.g. +4930123456 or +4930*)");
            }
            if (prefix) {
                prefixes.add(n.get());
            } else {
                numbers.add(n.get());
            }
        }
        return new Entries(java.util.Set.copyOf(numbers), List.copyOf(prefixes));
    }

    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** A list file and what was read from it; re-read when its attributes change. */
    private final class ListFile {
        final Path path;
        private Entries entries;
        private Object stamp;
        private Instant checkedAt;
        private String failureLogged;

        ListFile(Path path) {
            this.path = path;
            this.checkedAt = clock.instant();
            Object s;
            try {
                s = stamp(path);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(path + ": no such file");
            } catch (IOException e) {
                throw new IllegalArgumentException(path + ": cannot read: " + e.getMessage(), e);
            }
            this.entries = read(path);
            this.stamp = s;
        }

        synchronized Entries entries() {
            Instant now = clock.instant();
            if (Duration.between(checkedAt, now).compareTo(recheckEvery) < 0) {
                return entries;
            }
            checkedAt = now;
            try {
                Object s = stamp(path);
                if (!s.equals(stamp)) {
                    Entries fresh = read(path);
                    stamp = s;
                    LOG.info("caller list {} changed: {} entries", path, fresh.size());
                    entries = fresh;
                    failureLogged = null;
                }
            } catch (IOException | IllegalArgumentException e) {
                String msg = e instanceof IOException ? path + ": cannot read: " + e : e.getMessage();
                if (!msg.equals(failureLogged)) {
                    failureLogged = msg;
                    LOG.warn("caller list {} not reloaded, the {} entries read before stay in force: {}", path,
                            entries.size(), msg);
                }
            }
            return entries;
        }

        private Entries read(Path p) {
            String text;
            try {
                text = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException(p + ": cannot read: " + e.getMessage(), e);
            }
            return parse(text, p.toString(), countryCode, trunkPrefix);
        }

        private static Object stamp(Path p) throws IOException {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return java.util.Arrays.asList(a.lastModifiedTime(), a.size(), a.fileKey());
        }
    }

    /** Builds a {@link CallerScreen}; {@link #build()} validates and reads the list files. */
    public static final class Builder {
        private Path blockList;
        private Path allowList;
        private Action withheld = Action.ANSWER;
        private Action blockedAction = Action.REJECT;
        private String countryCode;
        private String trunkPrefix = "0";
        private Clock clock = Clock.systemUTC();
        private Duration recheckEvery = Duration.ofSeconds(2);

        private Builder() {
        }

        /**
         * @param file the block list (format in the class comment)
         * @return this
         */
        public Builder blockList(Path file) {
            this.blockList = file;
            return this;
        }

        /**
         * @param file the allow list, whose entries always get through
         * @return this
         */
        public Builder allowList(Path file) {
            this.allowList = file;
            return this;
        }

        /**
         * @param a what to do with callers without a number (default ANSWER)
         * @return this
         */
        public Builder withheld(Action a) {
            this.withheld = a;
            return this;
        }

        /**
         * @param a REJECT (default) or IGNORE: what to do with a blocked caller
         * @return this
         */
        public Builder blockedAction(Action a) {
            this.blockedAction = a;
            return this;
        }

        /**
         * @param cc the country code of national numbers, e.g. {@code 49} or {@code +49}; null: none
         * @return this
         */
        public Builder countryCode(String cc) {
            this.countryCode = cc == null ? null : cc.strip().startsWith("+") ? cc.strip().substring(1) : cc.strip();
            return this;
        }

        /**
         * @param prefix the national trunk prefix replaced by the country code (default {@code 0})
         * @return this
         */
        public Builder trunkPrefix(String prefix) {
            this.trunkPrefix = prefix;
            return this;
        }

        /**
         * @param c the clock that paces the checks for changed list files
         * @return this
         */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /**
         * @param d how often, at most, the list files are checked for changes (default 2 s; zero: every call)
         * @return this
         */
        public Builder recheckEvery(Duration d) {
            this.recheckEvery = d;
            return this;
        }

        /**
         * @return the screen, its list files read
         * @throws IllegalArgumentException naming the field, or the file and line of a bad entry
         */
        public CallerScreen build() {
            Objects.requireNonNull(withheld, "withheld");
            if (blockedAction == null || blockedAction == Action.ANSWER) {
                throw new IllegalArgumentException("blockedAction must be REJECT or IGNORE, was " + blockedAction);
            }
            if (countryCode != null && !countryCode.matches("[1-9][0-9]{0,2}")) {
                throw new IllegalArgumentException("countryCode must be 1 to 3 digits (e.g. 49 or 1), was \"" + countryCode + "\"");
            }
            if (trunkPrefix == null || !trunkPrefix.matches("[0-9]{0,2}")) {
                throw new IllegalArgumentException("trunkPrefix must be up to 2 digits (e.g. 0), was \"" + trunkPrefix + "\"");
            }
            Objects.requireNonNull(clock, "clock");
            if (recheckEvery == null || recheckEvery.isNegative()) {
                throw new IllegalArgumentException("recheckEvery must be >= 0, was " + recheckEvery);
            }
            return new CallerScreen(this);
        }
    }
}
