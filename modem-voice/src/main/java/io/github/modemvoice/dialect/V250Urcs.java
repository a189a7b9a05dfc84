package io.github.modemvoice.dialect;

import java.util.Locale;
import java.util.Optional;

/**
 * The ITU-T V.250 result codes that arrive unsolicited, as events: {@code RING},
 * {@code NO CARRIER}, {@code BUSY}, {@code NO ANSWER} (V.250 section 5.7.1, table 1). Every
 * family's parser falls back to this one. Pure: strings in, typed events out.
 */
public final class V250Urcs {

    /** The shared stateless instance. */
    public static final UrcParser INSTANCE = UrcParser.ofNullable(V250Urcs::parseOrNull);

    private V250Urcs() {
    }

    /**
     * @param line a line without its terminator
     * @return the event, or null when the line is not one of the four codes
     */
    public static ModemEvent parseOrNull(String line) {
        switch (line.strip().toUpperCase(Locale.ROOT)) {
            case "RING": // also ModemManager mm-modem-helpers.c "\r\nRING\r\n"
                return new ModemEvent.Ring();
            case "NO CARRIER": // the remote party hung up
                return new ModemEvent.CallEnded(ModemEvent.EndSignal.NO_CARRIER, Optional.empty());
            case "BUSY":
                return new ModemEvent.CallEnded(ModemEvent.EndSignal.BUSY, Optional.empty());
            case "NO ANSWER":
                return new ModemEvent.CallEnded(ModemEvent.EndSignal.NO_ANSWER, Optional.empty());
            default:
                return null;
        }
    }
}
