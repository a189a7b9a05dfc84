package io.github.modemvoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The oracle of {@link CallerText}, shared by its property test and its fuzz test. */
public final class CallerTextChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CallerTextChecks() {
    }

    /**
     * Checks every property of {@link CallerText} on one input; throws {@link AssertionError}
     * naming the broken one.
     *
     * @param text any string, also with lone surrogates
     */
    public static void check(String text) {
        String once = CallerText.escape(text);
        String lines = CallerText.escapeKeepingLines(text);
        require(once.equals(reference(text, false)), "escape differs from the reference", text, once);
        require(lines.equals(reference(text, true)), "escapeKeepingLines differs from the reference", text, lines);
        require(noUnsafe(once, false), "unsafe code point left by escape", text, once);
        require(noUnsafe(lines, true), "unsafe code point left by escapeKeepingLines", text, lines);
        require(CallerText.escape(once).equals(once), "escape is not idempotent", text, once);
        require(CallerText.escapeKeepingLines(lines).equals(lines), "escapeKeepingLines is not idempotent", text, lines);
        require(CallerText.isSafe(text) == once.equals(text), "isSafe disagrees with escape", text, once);
        require(once.length() <= text.length() * 6, "output longer than six characters per input char", text, once);
        if (!hasLoneSurrogate(text)) {
            // a JSON document with its controls escaped this way still holds the same value
            try {
                String doc = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(java.util.Map.of("caller", text));
                String printed = CallerText.escapeKeepingLines(doc);
                String back = JSON.readTree(printed).get("caller").asText();
                require(back.equals(text), "escaped JSON does not parse to the same value", text, printed);
            } catch (JsonProcessingException e) {
                throw new AssertionError("escaped JSON does not parse: " + e.getMessage() + " for " + visible(text), e);
            }
        }
    }

    /** A char-by-char statement of the rule, written independently of the implementation. */
    static String reference(String s, boolean keepLines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pairedHigh) {
                b.append(c).append(s.charAt(i + 1));
                i++;
                continue;
            }
            boolean bad = c <= 0x1F || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E)
                    || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C || c == 0x2028
                    || c == 0x2029 || Character.isSurrogate(c);
            if (keepLines && (c == '\n' || c == '\t')) {
                bad = false;
            }
            b.append(bad ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    private static boolean noUnsafe(String s, boolean keepLines) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (CallerText.isUnsafe(cp) && !(keepLines && (cp == '\n' || cp == '\t'))) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    private static void require(boolean ok, String what, String input, String output) {
        if (!ok) {
            throw new AssertionError(what + ": input " + visible(input) + ", output " + visible(output));
        }
    }

    private static String visible(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("<%04X>", (int) c));
        }
        return b.append('"').toString();
    }
}
