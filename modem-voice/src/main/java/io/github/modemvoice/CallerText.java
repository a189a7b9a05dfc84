package io.github.modemvoice;

/**
 * Makes text that came from outside (a caller id number or name from the network, a transcript
 * from a service, a metadata file someone else wrote) safe to store and to print on a terminal.
 *
 * <p>Every code point that a terminal or a text renderer would act on instead of showing is
 * replaced by a visible escape <code>&#92;uXXXX</code> (four upper-case hex digits):
 * <ul>
 *   <li>C0 controls U+0000-U+001F and DEL U+007F (ESC starts terminal sequences, CR and BS
 *       overwrite what was printed);</li>
 *   <li>C1 controls U+0080-U+009F (U+009B is a one-character CSI on many terminals);</li>
 *   <li>the bidirectional formatting characters: embeddings and overrides U+202A-U+202E,
 *       isolates U+2066-U+2069, the marks U+200E, U+200F and U+061C (Unicode UAX #9 "explicit
 *       directional formatting characters"; U+202E is the "Trojan Source" character of
 *       CVE-2021-42574);</li>
 *   <li>the line and paragraph separators U+2028, U+2029;</li>
 *   <li>unpaired surrogates (not characters at all; encoders turn them into {@code ?}).</li>
 * </ul>
 * Everything else, including letters of every script and emoji, is kept as it is.
 *
 * <p>The escape form is the JSON one: applied to a JSON document, {@link #escapeKeepingLines}
 * leaves a document that parses to the same value (inside a string a raw U+009B and the escape
 * <code>&#92;u009B</code> mean the same). The result is idempotent: escaping twice equals escaping once,
 * because an escape consists of printable ASCII only.
 */
public final class CallerText {
    private CallerText() {
    }

    /**
     * @param text any text, or null
     * @return the text with every unsafe code point escaped (null gives the empty string);
     *         single-line: line breaks and tabs are escaped too
     */
    public static String escape(String text) {
        return escape(text, false);
    }

    /**
     * Like {@link #escape(String)} but keeps line feeds and tabs (a carriage return is still
     * escaped), for printing multi-line documents such as pretty-printed JSON.
     *
     * @param text any text, or null
     * @return the text with every other unsafe code point escaped
     */
    public static String escapeKeepingLines(String text) {
        return escape(text, true);
    }

    /**
     * @param codePoint a code point (or a lone surrogate)
     * @return true when {@link #escape(String)} replaces it
     */
    public static boolean isUnsafe(int codePoint) {
        return codePoint < 0x20 || codePoint >= 0x7F && codePoint <= 0x9F
                || codePoint >= 0x202A && codePoint <= 0x202E || codePoint >= 0x2066 && codePoint <= 0x2069
                || codePoint == 0x200E || codePoint == 0x200F || codePoint == 0x061C
                || codePoint == 0x2028 || codePoint == 0x2029
                || codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }

    /**
     * @param text any text, or null
     * @return true when {@link #escape(String)} would change nothing
     */
    public static boolean isSafe(String text) {
        return text == null || firstUnsafe(text, false) < 0;
    }

    private static String escape(String text, boolean keepLines) {
        if (text == null) {
            return "";
        }
        int first = firstUnsafe(text, keepLines);
        if (first < 0) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        b.append(text, 0, first);
        for (int i = first; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            if (isUnsafe(cp) && !(keepLines && (cp == '\n' || cp == '\t'))) {
                appendEscape(b, text.charAt(i)); // a lone surrogate or a BMP control: one char
                n = 1;
            } else {
                b.appendCodePoint(cp);
            }
            i += n;
        }
        return b.toString();
    }

    private static int firstUnsafe(String text, boolean keepLines) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isUnsafe(cp) && !(keepLines && (cp == '\n' || cp == '\t'))) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static void appendEscape(StringBuilder b, char c) {
        String hex = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
        b.append("\\u");
        for (int k = hex.length(); k < 4; k++) {
            b.append('0');
        }
        b.append(hex);
    }
}
