package io.github.modemvoice.fuzz;

import io.github.modemvoice.ModemVoiceException;

import java.nio.charset.StandardCharsets;

/**
 * What the fuzz targets may let escape. Anything else (NullPointerException,
 * IndexOutOfBoundsException, ArithmeticException, OutOfMemoryError, a hang) is a bug.
 */
final class FuzzSupport {
    private FuzzSupport() {
    }

    /** Runs {@code body}; swallows documented, typed failures and rethrows everything else. */
    static void expectOnlyTyped(Runnable body) {
        try {
            body.run();
        } catch (ModemVoiceException e) {
            // documented: every failure the library reports is a ModemVoiceException subtype
            // (AudioFormatException, MessageStoreException, ...)
        }
    }

    /** @return byte {@code i} of {@code b} as 0..255, or 0 past the end */
    static int u8(byte[] b, int i) {
        return i < b.length ? b[i] & 0xFF : 0;
    }

    /** @return the bytes from {@code from} on (empty past the end) */
    static byte[] tail(byte[] b, int from) {
        return from >= b.length ? new byte[0] : java.util.Arrays.copyOfRange(b, from, b.length);
    }

    /** @return the bytes from {@code from} on, decoded as UTF-8 (malformed input replaced, as a reader would) */
    static String utf8(byte[] b, int from) {
        return new String(tail(b, from), StandardCharsets.UTF_8);
    }

    /** Fails the fuzz run with a message. */
    static AssertionError bug(String what) {
        return new AssertionError(what);
    }
}
