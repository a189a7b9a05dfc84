package io.github.modemvoice.bench;

import io.github.modemvoice.at.AtReaderThroughputBench;

import java.util.Locale;

/**
 * Entry point of the benchmarks (a small harness: warm-up runs, then measured runs reported as
 * median, min, max and spread). Not a unit test: surefire never runs it.
 *
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.modemvoice.bench.Benchmarks -Dexec.args="all"
 * </pre>
 *
 * Benchmarks: {@code at-roundtrip}, {@code urc-throughput}, {@code pacing [--seconds N]},
 * {@code recording-cpu [--minutes N]}, {@code long-recording [--long-minutes N] [--xmx 32m]},
 * {@code idle [--window S] [--settle S] [--sets a,b] [--java PATH]},
 * {@code many-lines [--lines N] [--rounds N] [--mailbox-per-line]}, {@code all} (without idle and many-lines). Common options: {@code --warmup N}, {@code --runs N}. See docs/BENCHMARKS.md.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    /**
     * @param args the benchmark name, then options
     * @throws Exception when a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        Options o = new Options(args, 1);
        System.out.printf("modem-voice benchmarks: Java %s (%s), %d CPUs, %s %s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"));
        long t0 = System.nanoTime();
        switch (args[0]) {
            case "at-roundtrip" -> AtRoundTripBench.run(o);
            case "urc-throughput" -> urcThroughput(o);
            case "pacing" -> PacingBench.run(o);
            case "recording-cpu" -> RecordingCpuBench.run(o);
            case "long-recording" -> LongRecording.launch(o);
            case "idle" -> IdleFootprintBench.run(o);
            case "many-lines" -> io.github.modemvoice.cli.ManyLinesBench.run(o.intValue("lines", 32), o.intValue("rounds", 14),
                    o.has("mailbox-per-line"));
            case "all" -> {
                AtRoundTripBench.run(o);
                urcThroughput(o);
                RecordingCpuBench.run(o);
                LongRecording.launch(o);
                PacingBench.run(o);
            }
            default -> {
                usage();
                System.exit(2);
            }
        }
        System.out.printf(Locale.ROOT, "(took %.1f s)%n", (System.nanoTime() - t0) / 1e9);
        System.exit(0); // daemon threads of closed channels must not keep exec:java waiting
    }

    private static void usage() {
        System.err.println("usage: Benchmarks <at-roundtrip|urc-throughput|pacing|recording-cpu|long-recording|idle|many-lines|all>"
                + " [--warmup N] [--runs N] [--seconds N] [--minutes N] [--long-minutes N]");
    }

    private static void urcThroughput(Options o) {
        int warmup = o.intValue("warmup", 3);
        int runs = o.intValue("runs", 5);
        int mb = o.intValue("mb", 8);
        AtReaderThroughputBench.Stream s = AtReaderThroughputBench.buildStream(mb * 1_000_000, 1);
        System.out.println("== urc-throughput: AtChannel.feed in 8 KiB slices -> parser -> dispatcher -> listener");
        System.out.println("   stream: " + AtReaderThroughputBench.describe(s));
        double[] mbs = new double[runs];
        double[] evs = new double[runs];
        for (int r = -warmup; r < runs; r++) {
            AtReaderThroughputBench.Result res = AtReaderThroughputBench.runOnce(s);
            if (r >= 0) {
                mbs[r] = res.mbPerSecond();
                evs[r] = res.eventsPerSecond();
            }
        }
        System.out.printf("   %d warm-up + %d measured runs, every event delivered in every run%n", warmup, runs);
        System.out.println("   throughput: " + Stats.of("MB/s", mbs));
        System.out.println("   events:     " + Stats.of("events/s", evs));
    }
}
