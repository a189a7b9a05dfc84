package io.github.modemvoice.internal;

import java.util.Locale;

/**
 * The sixteen DTMF keys ({@code 0-9 * # A-D}, ITU-T Q.23) and the checks every layer makes on
 * them. Not API.
 */
public final class DtmfKeys {
    /** All keys, in keypad order. */
    public static final String ALL = "0123456789*#ABCD";

    private DtmfKeys() {
    }

    /**
     * @param c a character
     * @return true when it is one of the sixteen keys (upper case)
     */
    public static boolean isKey(char c) {
        return ALL.indexOf(c) >= 0;
    }

    /**
     * @param field the parameter's name, for the message
     * @param key   the key
     * @return the key
     * @throws IllegalArgumentException naming the field and the character
     */
    public static char requireKey(String field, char key) {
        if (!isKey(key)) {
            throw new IllegalArgumentException(field + " must be a DTMF key (0-9 * # A-D), was " + shown(key));
        }
        return key;
    }

    /**
     * @param field the parameter's name, for the message
     * @param keys  keys, in either case
     * @return the keys, upper-cased
     * @throws IllegalArgumentException when empty or naming the first bad character and its index
     */
    public static String requireKeys(String field, String keys) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        String up = keys.toUpperCase(Locale.ROOT);
        for (int i = 0; i < up.length(); i++) {
            if (!isKey(up.charAt(i))) {
                throw new IllegalArgumentException(field + "[" + i + "]: " + shown(keys.charAt(i))
                        + " is not a DTMF key (0-9 * # A-D)");
            }
        }
        return up;
    }

    /** A character for an error message: quoted when printable ASCII, else its code ({@code U+0007}). */
    private static String shown(char c) {
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format(Locale.ROOT, "U+%04X", (int) c);
    }
}
