package io.github.modemvoice.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modemvoice.CallerTextChecks;

/** Fuzzes the caller-text sanitiser {@link io.github.modemvoice.CallerText}. */
class CallerTextFuzzTest {

    /**
     * Input layout: byte 0 picks the decoding of the rest: even: UTF-8 (malformed sequences
     * become U+FFFD); odd: raw UTF-16 code units, big-endian pairs of bytes, so that C1
     * controls, bidi characters and lone surrogates are one step away. Oracle:
     * {@link CallerTextChecks#check} (a reference implementation, idempotence, nothing unsafe
     * left, the JSON round trip).
     */
    @FuzzTest(maxDuration = "30s")
    void sanitise(byte[] input) {
        String text;
        if ((FuzzSupport.u8(input, 0) & 1) == 0) {
            text = FuzzSupport.utf8(input, 1);
        } else {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i + 1 < input.length; i += 2) {
                b.append((char) ((input[i] & 0xFF) << 8 | input[i + 1] & 0xFF));
            }
            text = b.toString();
        }
        CallerTextChecks.check(text);
    }
}
