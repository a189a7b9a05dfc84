package io.github.modemvoice.dialect.gsm;

import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.UrcParser;
import io.github.modemvoice.dialect.V250Urcs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Pure parsing of the unsolicited result codes every 3GPP TS 27.007 voice module sends, whatever
 * its vendor. Strings in, typed values out, no I/O. Vendor forms live beside their dialects
 * ({@code SimcomUrcs}, {@code QuectelUrcs}), which fall back to this parser.
 *
 * <p>Recognised: the V.250 codes of {@link V250Urcs} ({@code RING}, {@code NO CARRIER},
 * {@code BUSY}, {@code NO ANSWER}),
 * {@code +CLIP: <number>,<type>[,<subaddr>,<satype>[,<alpha>[,<CLI validity>]]]} (27.007
 * section 7.6) and {@code +CRING: <type>} (27.007 section 6.11, from a module left with
 * {@code AT+CRC=1}: a ring). Leading and trailing blanks and the extra CR SIMCom puts before the LF are
 * tolerated (ModemManager {@code mm-modem-helpers-simtech.c}: "using TWO CR instead of one").
 */
public final class GsmUrcs {

    /** The shared stateless instance. */
    public static final UrcParser INSTANCE = UrcParser.ofNullable(GsmUrcs::parseOrNull);

    private GsmUrcs() {
    }

    /**
     * Parses one line.
     *
     * @param line a line without its terminator
     * @return the event, or null when the line is not a 27.007 unsolicited result code known here
     */
    public static ModemEvent parseOrNull(String line) {
        String s = line.strip();
        if (s.isEmpty()) {
            return null;
        }
        ModemEvent v250 = V250Urcs.parseOrNull(s);
        if (v250 != null) {
            return v250;
        }
        String upper = s.toUpperCase(Locale.ROOT);
        if (upper.startsWith("+CLIP:")) {
            return parseClip(s.substring(6));
        }
        if (upper.startsWith("+CRING:")) {
            // 27.007 6.11: with AT+CRC=1 the module rings with +CRING: <type> (VOICE, ...) instead of RING
            return new ModemEvent.Ring();
        }
        return null;
    }

    /**
     * Parses the parameters of {@code +CLIP} (3GPP TS 27.007 section 7.6): {@code <number>} a
     * string, {@code <type>} 129/145, {@code <subaddr>}, {@code <satype>}, {@code <alpha>} the
     * name from the phone book or the network, {@code <CLI validity>} 0 valid, 1 withheld, 2
     * not available. Strings may carry V.250 escapes ({@code \22} for a quote) or backslash
     * quotes ({@code \"}); see {@link #splitFields}.
     *
     * @param rest the text after {@code +CLIP:}
     * @return the caller id, or null when there is not even a number field
     */
    public static ModemEvent.CallerId parseClip(String rest) {
        List<String> fields = splitFields(rest);
        if (fields.isEmpty()) {
            return null;
        }
        return callerId(fields.get(0), fields.size() > 4 ? fields.get(4) : "",
                fields.size() > 5 ? parseIntOrNull(fields.get(5)) : null);
    }

    /**
     * Parses one line of the answer to {@code AT+CLCC} (3GPP TS 27.007 section 7.18):
     * {@code <id>,<dir>,<stat>,<mode>,<mpty>[,<number>,<type>[,<alpha>[,<priority>[,<CLI validity>]]]]}.
     * Only an incoming call ({@code <dir>} 1) that is still ringing ({@code <stat>} 4 incoming,
     * 5 waiting) counts: the fallback for a call whose {@code +CLIP} never came.
     *
     * @param rest the text after {@code +CLCC:}
     * @return the caller id of the ringing incoming call, or null when the line is another call
     */
    public static ModemEvent.CallerId parseClcc(String rest) {
        List<String> f = splitFields(rest);
        if (f.size() < 5 || !"1".equals(f.get(1)) || !("4".equals(f.get(2)) || "5".equals(f.get(2)))) {
            return null;
        }
        return callerId(f.size() > 5 ? f.get(5) : "", f.size() > 7 ? f.get(7) : "",
                f.size() > 9 ? parseIntOrNull(f.get(9)) : null);
    }

    /**
     * The caller id from the number, alpha and CLI validity fields of {@code +CLIP} or
     * {@code +CLCC} (27.007 section 7.6: validity 0 valid, 1 withheld by the caller, 2 not
     * available (interworking); later releases add 3 payphone and 4 other reasons, both "not
     * available"). Without a validity field the number's text decides: empty or the words
     * modules print for a withheld number (ModemManager, chan_dongle) are withheld,
     * {@code unknown} unavailable.
     */
    private static ModemEvent.CallerId callerId(String numberField, String alpha, Integer validity) {
        String number = numberField;
        Optional<String> name = alpha.isEmpty() ? Optional.empty() : Optional.of(alpha);
        String lower = number.toLowerCase(Locale.ROOT);
        ModemEvent.Presentation presentation;
        if (validity != null && validity == 1) {
            presentation = ModemEvent.Presentation.WITHHELD;
        } else if (validity != null && validity >= 2 && validity <= 4) {
            presentation = ModemEvent.Presentation.UNAVAILABLE;
        } else if (lower.equals("anonymous") || lower.equals("private") || lower.equals("restricted")
                || lower.equals("withheld")) {
            presentation = ModemEvent.Presentation.WITHHELD;
        } else if (lower.equals("unknown") || lower.equals("unavailable")) {
            presentation = ModemEvent.Presentation.UNAVAILABLE;
        } else if (number.isEmpty()) {
            presentation = ModemEvent.Presentation.WITHHELD;
        } else {
            presentation = ModemEvent.Presentation.ALLOWED;
        }
        if (presentation != ModemEvent.Presentation.ALLOWED) {
            number = "";
        }
        return new ModemEvent.CallerId(number, name, presentation);
    }

    /**
     * Recognises a boot announcement among a family's forms. The line is compared upper-cased,
     * blank-stripped, with blanks after a colon and runs of blanks collapsed, so {@code +CPIN:READY}
     * and {@code +CPIN: READY} are the same form.
     *
     * @param line  a line without its terminator
     * @param forms the family's announcements in that normal form, e.g. {@code RDY}, {@code +CPIN: READY}
     * @return the event, or null when the line is none of them
     */
    public static ModemEvent.ModemRestarted bootAnnouncement(String line, java.util.Set<String> forms) {
        String s = line.strip();
        String normal = s.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll(":\\s*", ": ");
        return forms.contains(normal) ? new ModemEvent.ModemRestarted(s) : null;
    }

    /**
     * Normalises a DTMF key as modems report it: digits, {@code *}, {@code #}, {@code A-D} in
     * either case. Some modems report {@code E} for {@code *} and {@code F} for {@code #}
     * (hexadecimal tone codes); those are mapped too.
     *
     * @param c the reported character
     * @return the key, or {@code 0} (NUL) when it is not a DTMF key
     */
    public static char normaliseKey(char c) {
        if (c >= '0' && c <= '9') {
            return c;
        }
        switch (Character.toUpperCase(c)) {
            case '*':
            case 'E':
                return '*';
            case '#':
            case 'F':
                return '#';
            case 'A':
            case 'B':
            case 'C':
            case 'D':
                return Character.toUpperCase(c);
            default:
                return 0;
        }
    }

    /**
     * A DTMF report whose first field is the key as a character, optionally followed by the
     * tone's length in milliseconds ({@code 5}, {@code "5"}, {@code 5,160}).
     *
     * @param rest the text after the colon
     * @return the key, or null when the first field is not a DTMF key
     */
    public static ModemEvent.Dtmf dtmfFromText(String rest) {
        List<String> fields = splitFields(rest);
        if (fields.isEmpty() || fields.get(0).length() != 1) {
            return null;
        }
        char key = normaliseKey(fields.get(0).charAt(0));
        if (key == 0) {
            return null;
        }
        Optional<Duration> duration = Optional.empty();
        if (fields.size() > 1) {
            Integer ms = parseIntOrNull(fields.get(1));
            if (ms != null && ms >= 0) {
                duration = Optional.of(Duration.ofMillis(ms));
            }
        }
        return new ModemEvent.Dtmf(key, duration);
    }

    /**
     * Parses a call duration as modems print it: {@code HHMMSS} (six digits), {@code HH:MM:SS},
     * or a number of seconds.
     *
     * @param text the duration text, blank-stripped
     * @return the duration, empty when absent or not understood
     */
    public static Optional<Duration> parseCallDuration(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.matches("\\d{6}")) {
            int h = Integer.parseInt(text.substring(0, 2));
            int m = Integer.parseInt(text.substring(2, 4));
            int sec = Integer.parseInt(text.substring(4, 6));
            return Optional.of(Duration.ofSeconds(h * 3600L + m * 60L + sec));
        }
        if (text.matches("\\d{1,4}:\\d{2}:\\d{2}")) {
            String[] p = text.split(":");
            return Optional.of(Duration.ofSeconds(Long.parseLong(p[0]) * 3600 + Long.parseLong(p[1]) * 60
                    + Long.parseLong(p[2])));
        }
        if (text.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        return Optional.empty();
    }

    /**
     * Splits a result code's parameter list on commas, honouring double quotes, and strips
     * quotes and surrounding blanks from each field. Inside a quoted string, ITU-T V.250 section
     * 5.4.2.2 escapes are decoded ({@code \22} is a double quote, {@code \5C} a backslash: a
     * backslash and two hex digits stand for that character), and so are the backslash-quote
     * ({@code \"}) and backslash-backslash forms some firmware sends instead. Any other
     * backslash is kept as it is.
     *
     * @param text the text after the colon
     * @return the fields, possibly empty strings
     */
    public static List<String> splitFields(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            any = true;
            if (quoted && c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(i + 1);
                if (n == '"' || n == '\\') {
                    cur.append(n);
                    i++;
                    continue;
                }
                if (i + 2 < text.length() && isHex(n) && isHex(text.charAt(i + 2))) {
                    cur.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                }
                cur.append(c);
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (any) {
            out.add(cur.toString().strip());
        }
        return out;
    }

    /**
     * @param s text
     * @return the text without one pair of surrounding double quotes
     */
    public static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /**
     * @param s a field
     * @return its value when it is 1-9 decimal digits, else null
     */
    public static Integer parseIntOrNull(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.parseInt(s);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }
}
