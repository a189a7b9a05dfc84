package io.github.modemvoice.at;

import java.util.Locale;

/**
 * The ITU-T V.250 result codes the channel itself knows (V.250 section 5.7.1, table 1):
 * {@code OK}, {@code CONNECT}, {@code RING}, {@code NO CARRIER}, {@code ERROR},
 * {@code NO DIALTONE}, {@code BUSY}, {@code NO ANSWER}. Nothing vendor-specific lives here.
 */
public final class V250 {

    private V250() {
    }

    /**
     * The V.250 codes that arrive unsolicited: {@code RING}, and outside a dial or answer command
     * {@code NO CARRIER}, {@code BUSY} and {@code NO ANSWER}.
     *
     * @param line a line without its terminator
     * @return true for one of them (case-insensitive, surrounding blanks ignored)
     */
    public static boolean isUnsolicited(String line) {
        switch (line.strip().toUpperCase(Locale.ROOT)) {
            case "RING":
            case "NO CARRIER":
            case "BUSY":
            case "NO ANSWER":
                return true;
            default:
                return false;
        }
    }
}
