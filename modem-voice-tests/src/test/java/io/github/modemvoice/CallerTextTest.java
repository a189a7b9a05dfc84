package io.github.modemvoice;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CallerTextTest {

    @Test
    void escapesTerminalControlsAndBidiFormatting() {
        assertThat(CallerText.escape("+49\u009B31m151")).isEqualTo("+49\\u009B31m151");
        assertThat(CallerText.escape("Bob\u202Eevil")).isEqualTo("Bob\\u202Eevil");
        assertThat(CallerText.escape("\u001B[2J")).isEqualTo("\\u001B[2J");
        assertThat(CallerText.escape("a\rb\nc\td")).isEqualTo("a\\u000Db\\u000Ac\\u0009d");
        assertThat(CallerText.escapeKeepingLines("a\rb\nc\td")).isEqualTo("a\\u000Db\nc\td");
        assertThat(CallerText.escape("\u2066x\u2069\u200E\u200F\u061C\u2028\u007F"))
                .isEqualTo("\\u2066x\\u2069\\u200E\\u200F\\u061C\\u2028\\u007F");
        assertThat(CallerText.escape("x\uD800y")).isEqualTo("x\\uD800y");
        assertThat(CallerText.escape(null)).isEmpty();
    }

    @Test
    void theFullNumberIsStoredEscapedTheHashOfWhatWasReceived() {
        String hostile = "+49151\u009B2J\u202E";
        assertThat(io.github.modemvoice.voicemail.CallerPrivacy.full().apply(java.util.Optional.of(hostile)))
                .contains("+49151\\u009B2J\\u202E");
        assertThat(io.github.modemvoice.voicemail.CallerPrivacy.redacted().apply(java.util.Optional.of(hostile)))
                .contains("+***1512");
    }

    @Test
    void keepsOrdinaryTextOfEveryScript() {
        for (String s : new String[] {"+4915112344567", "Jürgen Müller", "Ελένη", "محمد", "日本語", "👩‍💻 ok", "\\u202E literal"}) {
            assertThat(CallerText.escape(s)).isSameAs(s);
            assertThat(CallerText.isSafe(s)).isTrue();
        }
    }

    /**
     * Property test: random strings over an alphabet weighted towards the dangerous code points,
     * JSON's own escapes, surrogates (paired and lone) and ordinary text; every property of
     * {@link CallerTextChecks#check} holds for each. Seeded: a failure names its seed.
     */
    @Test
    void propertiesHoldForRandomStrings() {
        char[] interesting = {0, 7, 8, 9, 10, 13, 27, 0x7F, 0x80, 0x85, 0x9B, 0x9F, 0xA0, '\\', '"', 'u', '0', 'A',
                0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202D, 0x202E, 0x202F, 0x2066, 0x2069, 0x206A,
                0xD83D, 0xDE00, 0xDBFF, 0xDC00, 0xFEFF, 0xFFFD, 'é', '+', '1'};
        for (int seed = 0; seed < 4_000; seed++) {
            Random r = new Random(seed);
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(24);
            for (int i = 0; i < n; i++) {
                b.append(r.nextInt(3) == 0 ? (char) r.nextInt(0x10000) : interesting[r.nextInt(interesting.length)]);
            }
            String s = b.toString();
            try {
                CallerTextChecks.check(s);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }
}
