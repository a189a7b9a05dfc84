package io.github.modemvoice.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtChannelTestAccess;
import io.github.modemvoice.at.DataSink;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.UrcParser;
import io.github.modemvoice.dialect.gsm.GsmUrcs;
import io.github.modemvoice.dialect.simcom.SimcomUrcs;
import io.github.modemvoice.testing.MockTransport;
import org.junit.jupiter.api.AfterAll;

import java.util.Optional;

/**
 * Fuzzes the AT line reader (framing, control bytes, over-long lines, invalid UTF-8, DLE codes
 * in command mode, the hand-over to and from a data sink) and, through it, the standard URC
 * parser. The parser is called on the feeding thread, so a parser failure is caught here,
 * synchronously, rather than being logged by the channel.
 */
class AtReaderFuzzTest {
    private static final int MAX_LINE = 64;
    private static final byte[] FLUSH = {'\r', '\n', '\r', '\n'};

    private static final CheckingParser PARSER = new CheckingParser();
    private static final AtChannel CHANNEL = PARSER.configure(AtChannel.builder(MockTransport.raw("fuzz"))
            .maxLineLength(MAX_LINE), e -> { })
            .start();

    @AfterAll
    static void closeChannel() {
        CHANNEL.close();
    }

    /**
     * The line reader and the URC parser on arbitrary bytes from the port. Input layout: byte 0
     * picks the mode (0 plain, 1 with a DLE listener, 2 starting in a data phase whose sink
     * takes as many bytes as the next 8 input bytes say), byte 1 the read size (1-64), the rest
     * is what the port delivers.
     */
    @FuzzTest(maxDuration = "30s")
    void lineReader(byte[] input) {
        int mode = FuzzSupport.u8(input, 0) % 3;
        int chunk = 1 + FuzzSupport.u8(input, 1) % 64;
        int[] consumed = new int[mode == 2 ? 8 : 0];
        for (int i = 0; i < consumed.length; i++) {
            consumed[i] = FuzzSupport.u8(input, 2 + i);
        }
        byte[] data = FuzzSupport.tail(input, 2 + consumed.length);

        CHANNEL.setDleListener(mode == 1 ? code -> {
            if (code < 0 || code > 255) {
                throw new AssertionError("DLE code out of range: " + code);
            }
        } : null);
        if (mode == 2) {
            CHANNEL.enterDataMode(new ScriptedSink(consumed));
        }
        PARSER.failure = null;
        for (int off = 0; off < data.length; off += chunk) {
            AtChannelTestAccess.feed(CHANNEL, data, off, Math.min(chunk, data.length - off));
            rethrow();
        }
        // leave the reader in a clean state for the next input
        CHANNEL.enterDataMode(new ScriptedSink(new int[] {0}));
        AtChannelTestAccess.feed(CHANNEL, FLUSH, 0, 1); // an empty sink hands back at once
        CHANNEL.setDleListener(null);
        AtChannelTestAccess.feed(CHANNEL, FLUSH, 0, FLUSH.length);
        rethrow();
    }

    /** The URC parser alone, on arbitrary text (the input decoded as UTF-8). */
    @FuzzTest(maxDuration = "30s")
    void urcParser(byte[] input) {
        String line = FuzzSupport.utf8(input, 0);
        ModemEvent e = SimcomUrcs.parseOrNull(line);
        if (e != null) {
            EventChecks.check(e);
        }
        for (String field : GsmUrcs.splitFields(line)) {
            if (field == null) {
                throw new AssertionError("null field");
            }
        }
        for (int i = 0; i < Math.min(line.length(), 8); i++) {
            char k = GsmUrcs.normaliseKey(line.charAt(i));
            if (k != 0 && "0123456789*#ABCD".indexOf(k) < 0) {
                throw new AssertionError("normaliseKey produced " + (int) k);
            }
        }
    }

    private static void rethrow() {
        // let the dispatcher deliver what the reader parsed before checking
        java.util.concurrent.CountDownLatch drained = new java.util.concurrent.CountDownLatch(1);
        CHANNEL.post(drained::countDown);
        try {
            if (!drained.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("dispatcher did not drain");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Throwable t = PARSER.failure;
        if (t != null) {
            PARSER.failure = null;
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new AssertionError(t);
        }
    }

    /** Checks every line the reader hands on, then parses it with {@link SimcomUrcs}. */
    private static final class CheckingParser implements UrcParser {
        volatile Throwable failure;

        @Override
        public Optional<ModemEvent> parse(String line) {
            try {
                if (line.isEmpty() || !line.strip().equals(line)) {
                    throw new AssertionError("reader passed an empty or unstripped line");
                }
                if (line.length() > MAX_LINE) {
                    throw new AssertionError("reader passed a line of " + line.length() + " chars, limit " + MAX_LINE);
                }
                for (int i = 0; i < line.length(); i++) {
                    char c = line.charAt(i);
                    if ((c < 0x20 && c != '\t') || c == 0x7F) {
                        throw new AssertionError("control character " + (int) c + " in a line");
                    }
                }
                ModemEvent e = SimcomUrcs.parseOrNull(line);
                if (e != null) {
                    EventChecks.check(e);
                }
                return Optional.ofNullable(e);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
                return Optional.empty();
            }
        }
    }

    /** A data sink that takes as many bytes as the input says, then hands back. */
    private static final class ScriptedSink implements DataSink {
        private final int[] script;
        private int call;
        private boolean done;

        ScriptedSink(int[] script) {
            this.script = script;
        }

        @Override
        public int accept(byte[] data, int offset, int length) {
            if (offset < 0 || length < 0 || offset + length > data.length) {
                throw new AssertionError("sink got offset " + offset + " length " + length + " of " + data.length);
            }
            if (call >= script.length) {
                done = true;
                return 0;
            }
            int v = script[call++];
            if (call == script.length) {
                done = true;
            }
            return Math.floorMod(v, length + 3) - 1; // -1 .. length + 1: out-of-range answers included
        }

        @Override
        public boolean isDone() {
            return done;
        }
    }
}
