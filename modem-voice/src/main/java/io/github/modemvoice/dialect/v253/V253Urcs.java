package io.github.modemvoice.dialect.v253;

import io.github.modemvoice.dialect.ModemEvent;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure parsing for ITU-T V.253 analog voice modems: strings and bytes in, typed values out, no
 * I/O and no state.
 *
 * <p><b>Formatted caller id</b> ({@code AT+VCID=1}): the modem reports each field of the
 * caller-id message on a line of its own between the first and the second {@code RING}, e.g.
 * <pre>
 * DATE=1121
 * TIME=2215
 * NMBR=5551234
 * NAME=ALICE
 * </pre>
 * Some firmware (USRobotics, several Conexant builds) prints blanks around the equals sign:
 * {@code NMBR = 5551234}. {@code NMBR=O} means the number is out of area (unavailable),
 * {@code NMBR=P} that the caller withheld it (private); the same letters in {@code NAME} mean
 * that no name was delivered. Rockwell-based modems on Bell Canada lines send the number as
 * {@code DDN_NMBR= 9932562} (read as {@code NMBR}). Other lines come among these
 * ({@code MESG=} with the bytes of an element the modem could not decode, in hex; tags this
 * parser does not know) and are recognised as caller-id fields so that they do not end the
 * message half-way. Sources: docs/MODEM-FACTS.md, "Analog caller id". {@link #parseCallerIdField(String)} parses one line;
 * {@link #callerId(String, String)} turns the number and name fields into an event. Because the
 * fields arrive on separate lines, {@link V253Dialect} assembles them (see there).
 *
 * <p><b>DLE event codes</b> ({@code DLE} followed by one byte), sent in command mode and inside
 * voice data: {@link #dleEvent(int)} maps them to events (V.253 table of DCE-to-DTE shielded
 * codes; the USRobotics and Conexant command references list the same letters).
 */
public final class V253Urcs {

    /** The data link escape byte that shields event codes and data in voice mode. */
    public static final int DLE = 0x10;
    /** End of text: after {@code DLE}, the end of a voice data stream. */
    public static final int ETX = 0x03;

    /** The DLE codes that report a line condition (see the table at {@link #dleEvent(int)}). */
    private static final Map<Character, ModemEvent.LineCondition> LINE_CONDITIONS = Map.of(
            's', ModemEvent.LineCondition.SILENCE,
            'q', ModemEvent.LineCondition.QUIET,
            'u', ModemEvent.LineCondition.UNDERRUN,
            'o', ModemEvent.LineCondition.OVERRUN,
            'h', ModemEvent.LineCondition.HANDSET_ON_HOOK,
            'H', ModemEvent.LineCondition.HANDSET_OFF_HOOK);

    /** The shape of a caller-id tag this parser does not name: capitals, digits, underscores. */
    private static final java.util.regex.Pattern OTHER_TAG = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{2,15}");

    private V253Urcs() {
    }

    /** The caller-id fields a V.253 modem reports. */
    public enum CallerIdTag {
        /** {@code DATE=MMDD}. */
        DATE,
        /** {@code TIME=HHMM}. */
        TIME,
        /** {@code NMBR=}: the calling number, or {@code O} / {@code P}. */
        NMBR,
        /** {@code NAME=}: the caller's name, or {@code O} / {@code P}. */
        NAME,
        /** {@code MESG=}: a message element the modem could not decode, in hexadecimal. */
        MESG,
        /**
         * Any other caller-id field ({@code TAG=value}, a tag of capitals): kept out of the
         * number and name, and no end of the message.
         */
        OTHER
    }

    /**
     * One caller-id line.
     *
     * @param tag   which field
     * @param value its value, stripped (may be empty)
     */
    public record CallerIdField(CallerIdTag tag, String value) {
        /** Validates the components. */
        public CallerIdField {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            // never log a caller's number or name
            return "CallerIdField[" + tag + ", " + value.length() + " chars]";
        }
    }

    /**
     * Parses one caller-id line, with or without blanks around {@code =}; the tag is matched
     * case-insensitively.
     *
     * @param line a line as the modem sent it, without terminator
     * @return the field, or empty when the line is not a caller-id field
     */
    public static Optional<CallerIdField> parseCallerIdField(String line) {
        if (line == null) {
            return Optional.empty();
        }
        String s = line.strip();
        int eq = s.indexOf('=');
        if (eq < 4) {
            return Optional.empty();
        }
        String key = s.substring(0, eq).strip().toUpperCase(Locale.ROOT);
        CallerIdTag tag;
        switch (key) {
            case "DATE":
                tag = CallerIdTag.DATE;
                break;
            case "TIME":
                tag = CallerIdTag.TIME;
                break;
            case "NMBR":
            case "DDN_NMBR": // Rockwell chips on Bell Canada lines: the caller's number (mgetty cnd.c)
                tag = CallerIdTag.NMBR;
                break;
            case "NAME":
                tag = CallerIdTag.NAME;
                break;
            case "MESG":
                tag = CallerIdTag.MESG;
                break;
            default:
                if (!OTHER_TAG.matcher(key).matches()) {
                    return Optional.empty();
                }
                tag = CallerIdTag.OTHER;
        }
        return Optional.of(new CallerIdField(tag, s.substring(eq + 1).strip()));
    }

    /**
     * Builds the caller-id event from the {@code NMBR} and {@code NAME} values.
     *
     * @param nmbr the {@code NMBR} value: digits, {@code O} (out of area: the number is
     *             {@link ModemEvent.Presentation#UNAVAILABLE}) or {@code P} (private:
     *             {@link ModemEvent.Presentation#WITHHELD}); an empty value counts as unavailable
     * @param name the {@code NAME} value, or null when none came; {@code O}, {@code P} and an
     *             empty value mean no name
     * @return the event; the number is empty unless it was presented
     */
    public static ModemEvent.CallerId callerId(String nmbr, String name) {
        String number = nmbr == null ? "" : nmbr.strip();
        ModemEvent.Presentation presentation;
        if (number.equalsIgnoreCase("P")) {
            presentation = ModemEvent.Presentation.WITHHELD;
            number = "";
        } else if (number.equalsIgnoreCase("O") || number.isEmpty()) {
            presentation = ModemEvent.Presentation.UNAVAILABLE;
            number = "";
        } else {
            presentation = ModemEvent.Presentation.ALLOWED;
        }
        Optional<String> n = Optional.empty();
        if (name != null) {
            String v = name.strip();
            if (!v.isEmpty() && !v.equalsIgnoreCase("O") && !v.equalsIgnoreCase("P")) {
                n = Optional.of(v);
            }
        }
        return new ModemEvent.CallerId(number, n, presentation);
    }

    /**
     * Maps the byte after a {@code DLE} from the modem to an event.
     *
     * <table>
     * <caption>DLE codes</caption>
     * <tr><th>code</th><th>event</th></tr>
     * <tr><td>{@code 0-9 * # A-D}</td><td>{@link ModemEvent.Dtmf}</td></tr>
     * <tr><td>{@code b}</td><td>{@link ModemEvent.CallEnded} {@link ModemEvent.EndSignal#BUSY_TONE}</td></tr>
     * <tr><td>{@code d}</td><td>{@link ModemEvent.CallEnded} {@link ModemEvent.EndSignal#DIAL_TONE}</td></tr>
     * <tr><td>{@code s}</td><td>{@link ModemEvent.LineSignal} {@link ModemEvent.LineCondition#SILENCE}</td></tr>
     * <tr><td>{@code q}</td><td>{@link ModemEvent.LineSignal} {@link ModemEvent.LineCondition#QUIET}</td></tr>
     * <tr><td>{@code u}</td><td>{@link ModemEvent.LineSignal} {@link ModemEvent.LineCondition#UNDERRUN}</td></tr>
     * <tr><td>{@code o}</td><td>{@link ModemEvent.LineSignal} {@link ModemEvent.LineCondition#OVERRUN}</td></tr>
     * <tr><td>{@code h}</td><td>{@link ModemEvent.LineSignal} {@link ModemEvent.LineCondition#HANDSET_ON_HOOK}</td></tr>
     * <tr><td>{@code H}</td><td>{@link ModemEvent.LineSignal} {@link ModemEvent.LineCondition#HANDSET_OFF_HOOK}</td></tr>
     * <tr><td>{@code R}</td><td>{@link ModemEvent.Ring}</td></tr>
     * </table>
     *
     * <p>Not mapped (empty): {@code c} fax calling tone, {@code e} data calling tone, {@code a}
     * / {@code f} answer tones, {@code l} loop current interruption, {@code ETX} and timing or
     * tone-boundary markers some firmware adds. {@code DLE DLE} is data, not an event, and is
     * handled by the stream decoders.
     *
     * @param code the byte after DLE (0-255)
     * @return the event, or empty when the code carries none this library models
     */
    public static Optional<ModemEvent> dleEvent(int code) {
        char c = (char) (code & 0xFF);
        if ((c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D')) {
            return Optional.of(new ModemEvent.Dtmf(c, Optional.empty()));
        }
        switch (c) {
            case 'b':
                return Optional.of(new ModemEvent.CallEnded(ModemEvent.EndSignal.BUSY_TONE, Optional.empty()));
            case 'd':
                return Optional.of(new ModemEvent.CallEnded(ModemEvent.EndSignal.DIAL_TONE, Optional.empty()));
            case 'R':
                return Optional.of(new ModemEvent.Ring());
            default:
                return Optional.ofNullable(LINE_CONDITIONS.get(c)).map(ModemEvent.LineSignal::new);
        }
    }
}
