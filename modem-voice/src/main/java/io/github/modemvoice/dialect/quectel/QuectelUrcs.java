package io.github.modemvoice.dialect.quectel;

import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.UrcParser;
import io.github.modemvoice.dialect.gsm.GsmUrcs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Pure parsing of Quectel's own unsolicited result codes (EC2x/EG2x class), falling back to the
 * 27.007 common forms of {@link GsmUrcs}. Strings in, typed values out, no I/O.
 *
 * <p>Recognised, with their sources:
 * <ul>
 * <li>{@code +QTONEDET: <code>} after {@code AT+QTONEDET=1}: Quectel EC25/EC21 AT Commands
 *     Manual, {@code AT+QTONEDET}; the parameter is the key's ASCII code (48-57 for 0-9, 65-68
 *     for A-D, 42 for {@code *}, 35 for {@code #}): {@code +QTONEDET: 56} is the key 8.</li>
 * <li>{@code +DTMF: <key>}: some Quectel firmware (EC200U class) reports detected keys this way;
 *     seen in field drivers that fall back to it, no manual found.</li>
 * <li>Boot announcements, as {@link ModemEvent.ModemRestarted} (see {@link #BOOT}).</li>
 * </ul>
 * {@code +CPIN: READY} is also the answer to {@code AT+CPIN?}; while that command is in flight
 * the channel keeps it as a response line (it never reaches this parser).
 * Remote hangup is the 27.007 {@code NO CARRIER}.
 */
public final class QuectelUrcs {

    /** The shared stateless instance (Quectel forms, then {@link GsmUrcs}). */
    public static final UrcParser INSTANCE = UrcParser.ofNullable(QuectelUrcs::parseOrNull);

    /**
     * What a Quectel EC2x/EG2x module prints when it has (re)started, one line each, in an order
     * that varies ({@code SMS DONE} and {@code PB DONE} come either way round):
     * {@code RDY}, {@code +CPIN: READY}, {@code +QUSIM: 1}, {@code +QIND: SMS DONE},
     * {@code +QIND: PB DONE}. Sources: Quectel EC25 AT Commands Manual, {@code AT+CFUN} example
     * (+CPIN: READY, +QUSIM: 1, +QIND: PB DONE, +QIND: SMS DONE after the radio starts) and its
     * URC list ({@code RDY} when the module is ready); ModemManager
     * {@code plugins/quectel/mm-shared-quectel.c}: {@code +QUSIM: 1} is sent once the USIM has
     * been (re)initialised (its regex {@code \+QUSIM:\s*1\r\n}).
     */
    static final Set<String> BOOT = Set.of("RDY", "+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE",
            "+QIND: PB DONE");

    private QuectelUrcs() {
    }

    /**
     * @param line a line without its terminator
     * @return the event, or null when neither Quectel nor 27.007 knows the line
     */
    public static ModemEvent parseOrNull(String line) {
        String s = line.strip();
        String upper = s.toUpperCase(Locale.ROOT);
        if (upper.startsWith("+QTONEDET:")) {
            return dtmfFromAsciiCode(s.substring(10));
        }
        if (upper.startsWith("+DTMF:")) {
            return GsmUrcs.dtmfFromText(s.substring(6));
        }
        ModemEvent boot = GsmUrcs.bootAnnouncement(s, BOOT);
        return boot != null ? boot : GsmUrcs.parseOrNull(s);
    }

    private static ModemEvent dtmfFromAsciiCode(String rest) {
        List<String> fields = GsmUrcs.splitFields(rest);
        if (fields.isEmpty()) {
            return null;
        }
        Integer code = GsmUrcs.parseIntOrNull(fields.get(0));
        if (code == null || code < 0 || code > 127) {
            return null;
        }
        char key = GsmUrcs.normaliseKey((char) code.intValue());
        if (key == 0) {
            return null;
        }
        return new ModemEvent.Dtmf(key, Optional.empty());
    }
}
