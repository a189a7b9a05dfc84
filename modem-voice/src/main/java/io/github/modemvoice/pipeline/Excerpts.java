package io.github.modemvoice.pipeline;

/** Short, single-line, printable excerpts of foreign text for exception messages and logs. */
final class Excerpts {
    /** Longest excerpt put into a message. */
    static final int MAX_CHARS = 500;

    private Excerpts() {
    }

    /**
     * @param text any text
     * @return the text with control characters as spaces, runs of white space collapsed, and at
     *         most {@value #MAX_CHARS} characters (the end is kept: error output ends with the cause)
     */
    static String printable(String text) {
        String s = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (s.length() > MAX_CHARS) {
            s = "..." + s.substring(s.length() - MAX_CHARS);
        }
        return s;
    }

    /**
     * @param text any text
     * @param max  the most characters kept from the start
     * @return the start of the text made printable, with an ellipsis when cut
     */
    static String head(String text, int max) {
        String s = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return s.length() > max ? s.substring(0, max) + "..." : s;
    }
}
