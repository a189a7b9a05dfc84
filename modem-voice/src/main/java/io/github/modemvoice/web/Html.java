package io.github.modemvoice.web;

/**
 * Text from the phone line (caller names, transcripts) made safe for a page: HTML-escaped, and
 * with control and bidirectional-formatting characters shown as {@code [U+202E]} instead of
 * acting (a right-to-left override in a caller name could otherwise make {@code +49...} read
 * backwards or reorder the text around it). Pages also wrap such text in {@code <bdi>}.
 */
final class Html {
    private Html() {
    }

    /**
     * @param text any text, or null (shown as empty)
     * @return the text escaped for an HTML element or a quoted attribute value
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\n', '\r', '\t' -> b.append((char) cp);
                default -> {
                    if (isHidden(cp)) {
                        b.append(String.format(java.util.Locale.ROOT, "[U+%04X]", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        }
        return b.toString();
    }

    /**
     * @param cp a code point
     * @return true for C0/C1 controls, bidi embeddings, overrides, isolates and marks, and
     *         other invisible format characters (Unicode categories Cc, Cf), and unpaired surrogates
     */
    static boolean isHidden(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE;
    }
}
