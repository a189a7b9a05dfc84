package io.github.modemvoice.at;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Pure parsing of the unsolicited result codes GSM/LTE voice modules send (3GPP TS 27.007 plus
 * the SIMCom and Quectel vendor forms). Strings in, typed values out, no I/O.
 *
 * <p>Recognised: {@code RING}; {@code +CLIP: "<number>",<type>[,<subaddr>,<satype>[,<alpha>[,<validity>]]]};
 * DTMF as {@code +DTMF: 5}, {@code +DTMF:5}, {@code +DTMF: 5,160}, {@code +DTMF: "5"},
 * {@code +RXDTMF: 5}, {@code RXDTMF: 5} and {@code +QTONEDET: 53} (ASCII code);
 * {@code VOICE CALL: BEGIN}; {@code VOICE CALL: END} with or without {@code : <duration>};
 * {@code NO CARRIER}; {@code BUSY}; {@code NO ANSWER}; {@code MISSED_CALL: <time> <number>}.
 */
public final class StandardUrcs implements UrcParser {

    /** The shared stateless instance. */
    public static final StandardUrcs INSTANCE = new StandardUrcs();

    private StandardUrcs() {
    }

    @Override
    public Optional<ModemEvent> parse(String line) {
        return Optional.ofNullable(parseOrNull(line));
    }

    /**
     * Parses one line.
     *
     * @param line a line without its terminator
     * @return the event, or null when the line is not a known unsolicited result code
     */
    public static ModemEvent parseOrNull(String line) {
        String s = line.strip();
        if (s.isEmpty()) {
            return null;
        }
        String upper = s.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "RING":
                return new ModemEvent.Ring();
            case "NO CARRIER":
                return new ModemEvent.CallEnded(ModemEvent.EndSignal.NO_CARRIER, Optional.empty());
            case "BUSY":
                return new ModemEvent.CallEnded(ModemEvent.EndSignal.BUSY, Optional.empty());
            case "NO ANSWER":
                return new ModemEvent.CallEnded(ModemEvent.EndSignal.NO_ANSWER, Optional.empty());
            default:
                break;
        }
        if (upper.startsWith("+CLIP:")) {
            return parseClip(s.substring(6));
        }
        if (upper.startsWith("+DTMF:")) {
            return dtmfFromText(s.substring(6));
        }
        if (upper.startsWith("+RXDTMF:")) {
            return dtmfFromText(s.substring(8));
        }
        if (upper.startsWith("RXDTMF:")) {
            return dtmfFromText(s.substring(7));
        }
        if (upper.startsWith("+QTONEDET:")) {
            return dtmfFromAsciiCode(s.substring(10));
        }
        if (upper.startsWith("VOICE CALL:")) {
            return parseVoiceCall(s.substring(11).strip());
        }
        if (upper.startsWith("MISSED_CALL:")) {
            return parseMissedCall(s.substring(12).strip());
        }
        return null;
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

    private static ModemEvent dtmfFromText(String rest) {
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

    private static ModemEvent dtmfFromAsciiCode(String rest) {
        List<String> fields = splitFields(rest);
        if (fields.isEmpty()) {
            return null;
        }
        Integer code = parseIntOrNull(fields.get(0));
        if (code == null || code < 0 || code > 127) {
            return null;
        }
        char key = normaliseKey((char) code.intValue());
        if (key == 0) {
            return null;
        }
        return new ModemEvent.Dtmf(key, Optional.empty());
    }

    private static ModemEvent parseClip(String rest) {
        List<String> fields = splitFields(rest);
        if (fields.isEmpty()) {
            return null;
        }
        String number = fields.get(0);
        Optional<String> name = Optional.empty();
        if (fields.size() > 4 && !fields.get(4).isEmpty()) {
            name = Optional.of(fields.get(4));
        }
        Integer validity = fields.size() > 5 ? parseIntOrNull(fields.get(5)) : null;
        String lower = number.toLowerCase(Locale.ROOT);
        ModemEvent.Presentation presentation;
        if (validity != null && validity == 1) {
            presentation = ModemEvent.Presentation.WITHHELD;
        } else if (validity != null && validity == 2) {
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

    private static ModemEvent parseVoiceCall(String rest) {
        String upper = rest.toUpperCase(Locale.ROOT);
        if (upper.equals("BEGIN")) {
            return new ModemEvent.CallConnected();
        }
        if (upper.startsWith("END")) {
            String tail = rest.substring(3).strip();
            if (tail.startsWith(":")) {
                tail = tail.substring(1).strip();
            }
            return new ModemEvent.CallEnded(ModemEvent.EndSignal.VOICE_CALL_END, parseCallDuration(tail));
        }
        return null;
    }

    /**
     * Parses a call duration as modems print it: {@code HHMMSS} (six digits), {@code HH:MM:SS},
     * or a number of seconds.
     */
    static Optional<Duration> parseCallDuration(String text) {
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

    private static ModemEvent parseMissedCall(String rest) {
        int space = rest.lastIndexOf(' ');
        if (space < 0) {
            return new ModemEvent.MissedCall("", unquote(rest));
        }
        return new ModemEvent.MissedCall(rest.substring(0, space).strip(), unquote(rest.substring(space + 1).strip()));
    }

    /**
     * Splits a result code's parameter list on commas, honouring double quotes, and strips
     * quotes and surrounding blanks from each field.
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
            if (c == '"') {
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

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static Integer parseIntOrNull(String s) {
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
}
