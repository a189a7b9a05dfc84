package io.github.modemvoice.dialect.simcom;

import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.UrcParser;
import io.github.modemvoice.dialect.gsm.GsmUrcs;

import java.util.Locale;
import java.util.Set;

/**
 * Pure parsing of SIMCom's own unsolicited result codes (SIM7600 / SIM800 class), falling back
 * to the 27.007 common forms of {@link GsmUrcs}. Strings in, typed values out, no I/O.
 *
 * <p>Recognised, with their sources:
 * <ul>
 * <li>{@code VOICE CALL: BEGIN}, {@code VOICE CALL: END[: <HHMMSS>]}: SIM7500/SIM7600 Series AT
 *     Command Manual, call-control URCs; ModemManager {@code plugins/simtech/mm-modem-helpers-simtech.c}
 *     regex {@code \r\nVOICE CALL:\s*([A-Z]+)(?::\s*(\d+))?\r\n}, example {@code VOICE CALL: END: 000041}.</li>
 * <li>{@code MISSED_CALL: <time> <number>}: same sources, example {@code MISSED_CALL: 11:01AM 07712345678}.</li>
 * <li>{@code +RXDTMF: <key>}: SIM7600 DTMF detection; ModemManager parses
 *     {@code <CR><CR><LF>+RXDTMF: 8<CR><CR><LF>} (two CRs), keys {@code [0-9A-D*#]}. Some firmware
 *     drops the {@code +}.</li>
 * <li>{@code +DTMF: <key>[,<ms>]}: SIM800 Series AT Command Manual V1.09, {@code AT+DDET} (the
 *     optional second field is the tone's length).</li>
 * <li>Boot announcements, as {@link ModemEvent.ModemRestarted} (see {@link #BOOT}).</li>
 * </ul>
 * {@code +CPIN: READY} and {@code +CFUN: 1} are also the answers to {@code AT+CPIN?} and
 * {@code AT+CFUN?}; while such a command is in flight the channel keeps them as its response
 * lines (a line starting with the command's own prefix never reaches this parser).
 */
public final class SimcomUrcs {

    /** The shared stateless instance (SIMCom forms, then {@link GsmUrcs}). */
    public static final UrcParser INSTANCE = UrcParser.ofNullable(SimcomUrcs::parseOrNull);

    /**
     * What a SIMCom module prints when it has (re)started, one line each:
     * <ul>
     * <li>SIM800: {@code RDY}, {@code +CFUN: 1}, {@code +CPIN: READY}, {@code Call Ready},
     *     {@code SMS Ready}: SIM800 Series AT Command Manual V1.09 section 19.3 (URC table: "RDY
     *     Power on procedure is completed", "Call Ready" phonebook initialisation over, "SMS
     *     Ready"); {@code +CFUN: 1} in the same burst as seen in a SIM7000 field log of a module
     *     resetting repeatedly (RDY, +CFUN: 1, +CPIN: READY, SMS Ready).</li>
     * <li>SIM7600: {@code RDY}, {@code +CPIN: READY}, {@code SMS DONE}, {@code PB DONE}: a
     *     SIM7600JC-H boot log (RDY, +CPIN: READY, SMS DONE), and drivers that wait for
     *     {@code PB DONE} as "initialisation done" (SIM76xx drivers: "ATREADY / SMS DONE / PB DONE").</li>
     * </ul>
     */
    static final Set<String> BOOT = Set.of("RDY", "+CFUN: 1", "+CPIN: READY", "CALL READY", "SMS READY",
            "SMS DONE", "PB DONE");

    private SimcomUrcs() {
    }

    /**
     * @param line a line without its terminator
     * @return the event, or null when neither SIMCom nor 27.007 knows the line
     */
    public static ModemEvent parseOrNull(String line) {
        String s = line.strip();
        String upper = s.toUpperCase(Locale.ROOT);
        if (upper.startsWith("+DTMF:")) {
            return GsmUrcs.dtmfFromText(s.substring(6));
        }
        if (upper.startsWith("+RXDTMF:")) {
            return GsmUrcs.dtmfFromText(s.substring(8));
        }
        if (upper.startsWith("RXDTMF:")) {
            return GsmUrcs.dtmfFromText(s.substring(7));
        }
        if (upper.startsWith("VOICE CALL:")) {
            return parseVoiceCall(s.substring(11).strip());
        }
        if (upper.startsWith("MISSED_CALL:")) {
            return parseMissedCall(s.substring(12).strip());
        }
        ModemEvent boot = GsmUrcs.bootAnnouncement(s, BOOT);
        return boot != null ? boot : GsmUrcs.parseOrNull(s);
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
            return new ModemEvent.CallEnded(ModemEvent.EndSignal.VOICE_CALL_END, GsmUrcs.parseCallDuration(tail));
        }
        return null;
    }

    private static ModemEvent parseMissedCall(String rest) {
        int space = rest.lastIndexOf(' ');
        if (space < 0) {
            return new ModemEvent.MissedCall("", GsmUrcs.unquote(rest));
        }
        return new ModemEvent.MissedCall(rest.substring(0, space).strip(),
                GsmUrcs.unquote(rest.substring(space + 1).strip()));
    }
}
