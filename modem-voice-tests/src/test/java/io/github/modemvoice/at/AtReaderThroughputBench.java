package io.github.modemvoice.at;

import io.github.modemvoice.testing.MockTransport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark (not a unit test): the AT channel reader's throughput on a stream of unsolicited
 * result codes. Lives in this package because it drives the package-private
 * {@link AtChannel#feed(byte[], int, int)} directly, in 8 KiB slices like the reader loop,
 * and counts the events that reach a listener on the dispatcher thread. A run ends when the
 * listener has seen every event, so parsing, dispatch and delivery are all included.
 * Run through {@code io.github.modemvoice.bench.Benchmarks urc-throughput}.
 */
public final class AtReaderThroughputBench {
    private static final int SLICE = 8192;

    private AtReaderThroughputBench() {
    }

    /** What one run measured. */
    public record Result(long bytes, long events, long nanos) {
        /** @return megabytes (10^6 bytes) per second */
        public double mbPerSecond() {
            return bytes / 1e6 / (nanos / 1e9);
        }

        /** @return events per second */
        public double eventsPerSecond() {
            return events / (nanos / 1e9);
        }
    }

    /** The URC stream fed in every run, and how many events it must produce. */
    public record Stream(byte[] bytes, int lines, String mix) {
    }

    /**
     * Builds a deterministic stream of mixed lines: {@code +DTMF} in its forms, {@code RING},
     * {@code +CLIP}, call progress and unknown lines, each framed {@code CR LF line CR LF}.
     *
     * @param targetBytes approximate size
     * @param seed        random seed
     * @return the stream
     */
    public static Stream buildStream(int targetBytes, long seed) {
        String[] lines = {
            "+DTMF: 5", "RING", "+CLIP: \"+4915112344567\",145,\"\",0,\"\",0", "+DTMF:7", "+RXDTMF: #",
            "+DTMF: 5,160", "RING", "+CLIP: \"+4915112344567\",145", "VOICE CALL: BEGIN", "+QTONEDET: 53",
            "+CSQ: 23,99", "+CREG: 1,\"1A2B\",\"01C2D3E4\",7", "VOICE CALL: END: 000042", "NO CARRIER",
            "MISSED_CALL: 10:42AM +4915112344567", "^SYSSTART", "+CPIN: READY", "+DTMF: \"*\"",
        };
        Random rnd = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(targetBytes + 256);
        int count = 0;
        while (out.size() < targetBytes) {
            byte[] b = ("\r\n" + lines[rnd.nextInt(lines.length)] + "\r\n").getBytes(StandardCharsets.US_ASCII);
            out.write(b, 0, b.length);
            count++;
        }
        return new Stream(out.toByteArray(), count, lines.length + " kinds of line, e.g. " + String.join(" | ", lines[0], lines[1], lines[2], lines[10]));
    }

    /**
     * Feeds the stream into a fresh channel and waits until the listener has seen every event.
     *
     * @param stream the input
     * @return bytes, events and elapsed nanoseconds
     */
    public static Result runOnce(Stream stream) {
        AtomicLong delivered = new AtomicLong();
        MockTransport idle = MockTransport.commands("urc-bench");
        AtChannel ch = AtChannel.builder(idle).listener((line, meaning) -> delivered.incrementAndGet()).start();
        try {
            byte[] b = stream.bytes();
            long start = System.nanoTime();
            for (int off = 0; off < b.length; off += SLICE) {
                ch.feed(b, off, Math.min(SLICE, b.length - off));
            }
            long deadline = start + TimeUnit.SECONDS.toNanos(60);
            while (delivered.get() < stream.lines()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + delivered.get() + " of " + stream.lines()
                            + " events delivered within 60 s");
                }
                LockSupport.parkNanos(20_000);
            }
            long nanos = System.nanoTime() - start;
            if (delivered.get() != stream.lines()) {
                throw new IllegalStateException(delivered.get() + " events for " + stream.lines() + " lines");
            }
            return new Result(b.length, delivered.get(), nanos);
        } finally {
            ch.close();
        }
    }

    /** @return a short description for the report */
    public static String describe(Stream s) {
        return String.format(Locale.ROOT, "%,d bytes, %,d lines (%s)", s.bytes().length, s.lines(), s.mix());
    }
}
