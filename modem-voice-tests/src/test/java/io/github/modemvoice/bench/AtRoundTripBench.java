package io.github.modemvoice.bench;

import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtResponse;
import io.github.modemvoice.testing.PtyPair;
import io.github.modemvoice.testing.MockTransport;
import io.github.modemvoice.transport.SerialConfig;
import io.github.modemvoice.transport.SerialTransport;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * AT command round trips per second: {@code AtChannel.execute("AT")} answered {@code OK}, one
 * command in flight at a time (as the channel allows), over a {@link MockTransport} and over a
 * socat pseudo-terminal pair with {@link SerialTransport} on the host end and a peer thread
 * playing the modem on the other end.
 */
final class AtRoundTripBench {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private AtRoundTripBench() {
    }

    static void run(Options o) throws Exception {
        int warmup = o.intValue("warmup", 3);
        int runs = o.intValue("runs", 5);
        int mockOps = o.intValue("mock-ops", 20_000);
        int ptyOps = o.intValue("pty-ops", 10_000);

        System.out.println("== at-roundtrip: AtChannel.execute(\"AT\") -> OK, sequential");
        measure("MockTransport", warmup, runs, mockOps, AtRoundTripBench::mockChannel);

        if (!PtyPair.socatAvailable()) {
            System.out.println("pty: SKIPPED, socat not installed (apt-get install socat)");
            return;
        }
        try (PtyPair pty = PtyPair.start(); Peer peer = new Peer(pty.b())) {
            SerialTransport host = new SerialTransport(SerialConfig.of(pty.a().toString()));
            measure("SerialTransport over a socat pty pair", warmup, runs, ptyOps,
                    () -> AtChannel.builder(host).defaultTimeout(TIMEOUT).start(), false);
        }
    }

    private static AtChannel mockChannel() {
        MockTransport mock = MockTransport.commands("at");
        mock.when("AT").reply("OK");
        return AtChannel.builder(mock).defaultTimeout(TIMEOUT).start();
    }

    private interface ChannelFactory {
        AtChannel create() throws Exception;
    }

    private static void measure(String label, int warmup, int runs, int ops, ChannelFactory factory) throws Exception {
        measure(label, warmup, runs, ops, factory, true);
    }

    /**
     * @param freshPerRun a new channel per run (the mock keeps a log of every write, so a fresh
     *                    one bounds memory); otherwise one channel for all runs
     */
    private static void measure(String label, int warmup, int runs, int ops, ChannelFactory factory,
                                boolean freshPerRun) throws Exception {
        double[] rate = new double[runs];
        long[] latencies = new long[runs * ops];
        AtChannel shared = freshPerRun ? null : factory.create();
        try {
            for (int r = -warmup; r < runs; r++) {
                AtChannel ch = freshPerRun ? factory.create() : shared;
                try {
                    long[] lat = new long[ops];
                    long start = System.nanoTime();
                    for (int i = 0; i < ops; i++) {
                        long t = System.nanoTime();
                        AtResponse resp = ch.execute("AT");
                        lat[i] = System.nanoTime() - t;
                        if (!resp.isSuccess()) {
                            throw new IllegalStateException("AT answered " + resp.finalLine());
                        }
                    }
                    long elapsed = System.nanoTime() - start;
                    if (r >= 0) {
                        rate[r] = ops * 1e9 / elapsed;
                        System.arraycopy(lat, 0, latencies, r * ops, ops);
                    }
                } finally {
                    if (freshPerRun) {
                        ch.close();
                    }
                }
            }
        } finally {
            if (shared != null) {
                shared.close();
            }
        }
        Arrays.sort(latencies);
        System.out.printf("%s: %,d round trips per run, %d warm-up + %d measured runs%n", label, ops, warmup, runs);
        System.out.println("  round trips/s: " + Stats.of("/s", rate));
        System.out.printf("  latency over all measured round trips: p50 %s us, p99 %s us, max %s us%n",
                Stats.fmt(Stats.quantile(latencies, 0.50) / 1e3), Stats.fmt(Stats.quantile(latencies, 0.99) / 1e3),
                Stats.fmt(latencies[latencies.length - 1] / 1e3));
    }

    /** The modem on the far end of the pty: answers every CR-terminated command with OK. */
    private static final class Peer implements AutoCloseable {
        private static final byte[] OK = "\r\nOK\r\n".getBytes(StandardCharsets.US_ASCII);
        private final FileInputStream in;
        private final FileOutputStream out;
        private final Thread thread;
        private volatile boolean stop;

        Peer(Path device) throws IOException {
            in = new FileInputStream(device.toFile());
            out = new FileOutputStream(device.toFile());
            thread = new Thread(this::loop, "bench-pty-peer");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            byte[] buf = new byte[4096];
            try {
                while (!stop) {
                    int n = in.read(buf);
                    if (n < 0) {
                        return;
                    }
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\r') {
                            out.write(OK);
                        }
                    }
                }
            } catch (IOException e) {
                if (!stop) {
                    System.err.println("pty peer stopped: " + e);
                }
            }
        }

        @Override
        public void close() throws IOException {
            stop = true;
            in.close();
            out.close();
        }
    }
}
