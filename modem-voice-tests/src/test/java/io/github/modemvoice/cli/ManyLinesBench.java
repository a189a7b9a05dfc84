package io.github.modemvoice.cli;

import io.github.modemvoice.machine.AnsweringMachine;
import io.github.modemvoice.pipeline.WebhookNotifier;

import io.github.modemvoice.machine.StatusFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.routing.BusinessHours;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.ForwardingTransport;
import io.github.modemvoice.testing.SimEvent;
import io.github.modemvoice.testing.SimulatedCallReport;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.transport.Transport;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many lines at once through one JVM: {@code N} simulated SIMCom modems (in-process transports,
 * real time: the caller's audio and the greeting are paced by the real monotonic clock) on one
 * {@link LineSet} configured by {@code [modem NAME]} sections, one shared mailbox and a signed
 * webhook to a receiver in this process. Every round, every line takes one call at the same
 * time; rounds alternate callers who end with the finish key and callers who hang up.
 *
 * <p>Measured, in one run: every message stored and byte-for-byte the caller's audio; the
 * greeting's pacing error per line (the slope of the host's PCM writes against time, against
 * 16,000 bytes/s); the process's CPU time over the wall time of the measured rounds (and the part
 * the simulator's and receiver's threads took); the heap after a GC before and after; latency
 * percentiles: finish key sent to the hangup command written, the answer command written to the
 * first greeting byte written, the caller's hangup to the webhook received.
 *
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.modemvoice.bench.Benchmarks -Dexec.args="many-lines --lines 32 --rounds 14"
 * </pre>
 */
public final class ManyLinesBench {
    private static final int BYTES_PER_SECOND = 16000;
    private static final Duration GREETING = Duration.ofSeconds(3);
    private static final Duration VOICE = Duration.ofSeconds(2);

    private final int lineCount;
    private final boolean mailboxPerLine;
    private final Path work;
    private final Map<String, SimulatedModem> sims = new ConcurrentHashMap<>();
    private final Map<String, Line> byName = new HashMap<>();
    private final Map<String, String> lineByCaller = new HashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    /** Per line: what the wire and the simulator saw in the current call. */
    private static final class Line {
        final String name;
        final String caller;
        /** nanoTime and running byte count of every host PCM write in the current call */
        final List<long[]> pcmWrites = new ArrayList<>();
        volatile long answerWritten;
        volatile long hangupWritten;
        volatile long keySent;
        volatile long callerHungUp;
        volatile long webhookReceived;
        final java.util.concurrent.atomic.AtomicInteger webhooks = new java.util.concurrent.atomic.AtomicInteger();
        long pcmBytes;

        Line(String name, String caller) {
            this.name = name;
            this.caller = caller;
        }

        synchronized void reset() {
            pcmWrites.clear();
            pcmBytes = 0;
            answerWritten = 0;
            hangupWritten = 0;
            keySent = 0;
            callerHungUp = 0;
            webhookReceived = 0;
        }

        synchronized void pcmWritten(long at, int n) {
            pcmBytes += n;
            pcmWrites.add(new long[] {at, pcmBytes});
        }

        /**
         * @return the greeting's rate error: the least-squares slope of bytes written over time from
         *         0.2 s into the greeting (past the pacer's lead burst) to its end, against 16,000 bytes/s
         */
        synchronized double pacingError() {
            // skip the first 0.2 s of audio: the pacer's lead goes out at once, by design
            int from = 0;
            while (from < pcmWrites.size() && pcmWrites.get(from)[1] < BYTES_PER_SECOND / 5) {
                from++;
            }
            // up to the greeting's end: the beep is a second prompt, started after the greeting played out
            int to = from;
            while (to < pcmWrites.size() && pcmWrites.get(to)[1] <= GREETING.toMillis() * BYTES_PER_SECOND / 1000) {
                to++;
            }
            int n = to - from;
            if (n < 10) {
                return Double.NaN;
            }
            double t0 = pcmWrites.get(from)[0];
            double st = 0;
            double sb = 0;
            for (int i = from; i < to; i++) {
                st += (pcmWrites.get(i)[0] - t0) / 1e9;
                sb += pcmWrites.get(i)[1];
            }
            double mt = st / n;
            double mb = sb / n;
            double num = 0;
            double den = 0;
            for (int i = from; i < to; i++) {
                double dt = (pcmWrites.get(i)[0] - t0) / 1e9 - mt;
                num += dt * (pcmWrites.get(i)[1] - mb);
                den += dt * dt;
            }
            return num / den / BYTES_PER_SECOND - 1;
        }

        synchronized long firstPcmWrite() {
            return pcmWrites.isEmpty() ? 0 : pcmWrites.get(0)[0];
        }
    }

    /** A host port that notes when the host wrote what. */
    private final class Timed extends ForwardingTransport {
        private final Line line;
        private final boolean pcm;

        Timed(Transport inner, Line line, boolean pcm) {
            super(inner);
            this.line = line;
            this.pcm = pcm;
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            long now = System.nanoTime();
            if (pcm) {
                line.pcmWritten(now, length);
            } else {
                String s = new String(data, offset, length, StandardCharsets.US_ASCII);
                if (line.name.equals(System.getProperty("bench.trace")) && line.keySent != 0) {
                    System.out.printf("TRACE %s +%.1f ms after the key: %s%n", line.name, (now - line.keySent) / 1e6, s.strip());
                }
                if (s.startsWith("ATA")) {
                    line.answerWritten = now;
                } else if (s.startsWith("AT+CHUP") || s.startsWith("ATH")) {
                    line.hangupWritten = now;
                }
            }
            super.write(data, offset, length);
        }
    }

    private ManyLinesBench(int lineCount, boolean mailboxPerLine, Path work) {
        this.lineCount = lineCount;
        this.mailboxPerLine = mailboxPerLine;
        this.work = work;
    }

    /** Every stored message, over the shared mailbox or one per line. */
    private record Mailboxes(List<DirectoryMessageStore> stores) implements AutoCloseable {
        List<VoicemailMessage> list() {
            List<VoicemailMessage> all = new ArrayList<>();
            stores.forEach(st -> all.addAll(st.list()));
            return all;
        }

        @Override
        public void close() {
            stores.forEach(DirectoryMessageStore::close);
        }
    }

    /** What one run measured. */
    public record Result(int calls, int messagesIntact, List<String> problems, double worstLinePacingErrorPercent,
                  double worstCallPacingErrorPercent, double cpuPercentOfOneCore, double hostCpuPercentOfOneCore,
                  double wallSeconds, long heapBeforeBytes, long heapAfterBytes,
                  double[] finishKeyToOnHookMs, double[] answerToGreetingMs, double[] hangupToWebhookMs) {
    }

    /**
     * @param args {@code --lines N} (default 32), {@code --rounds N} (default 14, plus one warm-up)
     * @throws Exception when the run cannot be set up
     */
    public static void main(String[] args) throws Exception {
        int lines = 32;
        int rounds = 14;
        boolean perLine = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--lines" -> lines = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--mailbox-per-line" -> perLine = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Result r = run(lines, rounds, perLine, System.out);
        System.out.println("   JVM: " + System.getProperty("java.vm.version") + " " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.exit(r.problems().isEmpty() ? 0 : 1);
    }

    /**
     * @param lines  how many lines
     * @param rounds measured rounds (each: one call per line at once); one warm-up round precedes them
     * @param report where the figures go
     * @return the figures
     * @throws Exception when the run cannot be set up
     */
    public static Result run(int lines, int rounds, boolean mailboxPerLine) throws Exception {
        return run(lines, rounds, mailboxPerLine, System.out);
    }

    static Result run(int lines, int rounds, boolean mailboxPerLine, PrintStream report) throws Exception {
        Path work = Files.createTempDirectory("many-lines-bench");
        try {
            return new ManyLinesBench(lines, mailboxPerLine, work).measure(rounds, report);
        } finally {
            try (var s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Result measure(int rounds, PrintStream report) throws Exception {
        Path mailbox = work.resolve("messages");
        Files.createDirectories(mailbox);
        StringBuilder conf = new StringBuilder("# ").append(lineCount).append(" simulated lines\n");
        for (int i = 0; i < lineCount; i++) {
            String name = String.format(Locale.ROOT, "line%02d", i);
            conf.append("[modem ").append(name).append("]\nat-port = /sim/").append(name).append("-at\naudio-port = /sim/")
                    .append(name).append("-pcm\n");
            if (mailboxPerLine) {
                conf.append("dir = ").append(mailbox.resolve(name)).append('\n');
            }
            Line l = new Line(name, String.format(Locale.ROOT, "+49151100000%02d", i));
            byName.put(name, l);
            lineByCaller.put(l.caller, name);
        }
        Path confFile = work.resolve("lines.conf");
        Files.writeString(confFile, conf);
        List<ModemLines.ModemLine> specs = ModemLines.of(ConfigFile.read(confFile),
                new ModemLines.Defaults("simcom", 115200, mailbox, null, null));

        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            long now = System.nanoTime();
            JsonNode body = json.readTree(ex.getRequestBody().readAllBytes());
            String name = lineByCaller.get(body.path("caller").asText());
            if (name != null) {
                byName.get(name).webhookReceived = now;
                byName.get(name).webhooks.incrementAndGet();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        receiver.start();
        URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");

        for (Line l : byName.values()) {
            plugIn(l);
        }
        Prompt greeting = greeting();
        AnsweringMachine.Builder mb = AnsweringMachine.builder().directory(mailbox).greeting(greeting)
                .voicemail(v -> v.maxDuration(Duration.ofSeconds(60)).minDuration(Duration.ofSeconds(1))
                        .silenceTimeout(Duration.ZERO).finishKeys("#"))
                .notifier(WebhookNotifier.builder(hook, WebhookNotifier.secretOf("bench-secret-0123456789")).build())
                .ports((port, baud) -> {
                    String file = port.getFileName().toString();
                    Line l = byName.get(file.substring(0, file.lastIndexOf('-')));
                    SimulatedModem sim = sims.get(l.name);
                    return file.endsWith("-at") ? new Timed(sim.hostAtPort(), l, false) : new Timed(sim.hostAudioPort(), l, true);
                })
                .modem(b -> b.commandTimeout(Duration.ofSeconds(5)))
                .reconnect(Duration.ofMillis(200), Duration.ofSeconds(2));
        specs.forEach(sp -> mb.line(sp.toMachineLine()));
        AnsweringMachine set = mb.build().start();
        List<String> problems = new ArrayList<>();
        Mailboxes reader = new Mailboxes(specs.stream().map(ModemLines.ModemLine::dir).distinct()
                .map(DirectoryMessageStore::new).toList());
        try {
            if (set.awaitModems(Duration.ofSeconds(60)) != lineCount) {
                throw new IllegalStateException("not every simulated line came up");
            }
            report.printf(Locale.ROOT, "== many-lines: %d simulated SIMCom lines in one JVM, real time; greeting %d ms + beep,"
                    + " caller %d ms; %d measured rounds + 1 warm-up; %s%n", lineCount, GREETING.toMillis(), VOICE.toMillis(), rounds,
                    mailboxPerLine ? "a mailbox (store, outbox) per line" : "one shared mailbox");
            round(0, true, reader, problems, null); // warm-up: class loading, JIT, the first files
            long heapBefore = heapAfterGc();
            ThreadCpu cpu = new ThreadCpu();
            cpu.start();
            long cpu0 = processCpuNanos();
            long pid = ProcessHandle.current().pid();
            Map<String, Long> sched0 = io.github.modemvoice.bench.ProcStats.schedByThread(pid);
            long wall0 = System.nanoTime();
            Samples s = new Samples();
            for (int r = 1; r <= rounds; r++) {
                round(r, r % 2 == 1, reader, problems, s);
            }
            long wall = System.nanoTime() - wall0;
            long cpuUsed = processCpuNanos() - cpu0;
            Map<String, Long> perThread = io.github.modemvoice.bench.ProcStats.delta(sched0,
                    io.github.modemvoice.bench.ProcStats.schedByThread(pid));
            cpu.stop();
            long heapAfter = heapAfterGc();
            double cpuPct = cpuUsed * 100.0 / wall;
            double scaffoldPct = cpu.scaffoldNanos() * 100.0 / wall;
            Result res = new Result(s.calls, s.intact, problems, s.worstLine() * 100, s.worstPacing * 100, cpuPct,
                    cpuPct - scaffoldPct, wall / 1e9, heapBefore, heapAfter, s.keyToHook.stream().mapToDouble(d -> d).toArray(),
                    s.answerToGreeting.stream().mapToDouble(d -> d).toArray(), s.hangupToWebhook.stream().mapToDouble(d -> d).toArray());
            print(res, report);
            long alive = perThread.values().stream().mapToLong(Long::longValue).sum();
            report.printf(Locale.ROOT, "   busiest threads alive at the end (schedstat, JVM threads included): %s;"
                    + " threads that ended meanwhile: %.0f ms%n", io.github.modemvoice.bench.ProcStats.busiest(perThread, 8),
                    (cpuUsed - alive) / 1e6);
            report.printf(Locale.ROOT, "   the host's Java threads (sampled every 100 ms): %s%n",
                    io.github.modemvoice.bench.ProcStats.busiest(cpu.hostThreads(), 10));
            return res;
        } finally {
            set.close();
            reader.close();
            receiver.stop(0);
            sims.values().forEach(SimulatedModem::close);
        }
    }

    private void plugIn(Line l) {
        SimulatedModem sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).listener(e -> {
            if (e.type() == SimEvent.Type.KEY_SENT) {
                l.keySent = System.nanoTime();
            } else if (e.type() == SimEvent.Type.CALLER_HUNG_UP) {
                l.callerHungUp = System.nanoTime();
            }
        }).onMockTransports();
        sims.put(l.name, sim);
    }

    /** Latencies and checks over the measured rounds. */
    private static final class Samples {
        int calls;
        int intact;
        double worstPacing;
        final Map<String, List<Double>> pacingByLine = new HashMap<>();

        /** @return the largest |mean signed error| of a line over its calls: wake-up jitter averages out, drift does not */
        double worstLine() {
            return pacingByLine.values().stream().mapToDouble(l -> Math.abs(l.stream().mapToDouble(d -> d).average().orElse(0)))
                    .max().orElse(Double.NaN);
        }
        final List<Double> keyToHook = new ArrayList<>();
        final List<Double> answerToGreeting = new ArrayList<>();
        final List<Double> hangupToWebhook = new ArrayList<>();
    }

    private void round(int r, boolean keyEnding, Mailboxes reader, List<String> problems, Samples s)
            throws Exception {
        Map<String, byte[]> voices = new HashMap<>();
        for (Line l : byName.values()) {
            l.reset();
            sims.get(l.name).forgetHistory(); // the simulator's logs would otherwise grow with every call
        }
        for (Line l : byName.values()) {
            byte[] voice = voice(r * 1000L + l.name.hashCode());
            voices.put(l.name, voice);
            // a pause after the voice before the key: the box trims the key's tone, the pause with it
            byte[] said = keyEnding ? Arrays.copyOf(voice, voice.length + BYTES_PER_SECOND / 2) : voice;
            sims.get(l.name).placeCall(CallScript.builder().caller(l.caller).ringInterval(Duration.ofMillis(300))
                    .callerAudio(Prompt.ofPcm(said)).hostPause(Duration.ofMillis(150))
                    .ending(keyEnding ? CallScript.Ending.KEY : CallScript.Ending.HANGUP)
                    .hangupTimeout(Duration.ofSeconds(20)).build());
        }
        for (Line l : byName.values()) {
            SimulatedCallReport rep = sims.get(l.name).awaitCallEnded(Duration.ofSeconds(60));
            if (!rep.answered()) {
                problems.add("round " + r + " " + l.name + ": not answered");
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // every call's webhook, also after a finish key: none may arrive during the next round
        // (a webhook is sent once its message is stored: when all came, all are stored)
        while (byName.values().stream().anyMatch(l -> l.webhooks.get() < r + 1)) {
            if (System.nanoTime() > deadline) {
                problems.add("round " + r + ": messages or webhooks missing after 30 s");
                break;
            }
            Thread.sleep(20); // polls for the webhooks, bounded
        }
        if (s == null) {
            return;
        }
        Map<String, VoicemailMessage> latest = new HashMap<>();
        for (VoicemailMessage m : reader.list()) {
            String line = m.line().orElse("?");
            if (m.caller().isPresent() && voices.containsKey(line)
                    && (!latest.containsKey(line) || m.startedAt().isAfter(latest.get(line).startedAt()))) {
                latest.put(line, m);
            }
        }
        for (Line l : byName.values()) {
            s.calls++;
            VoicemailMessage m = latest.get(l.name);
            TerminationReason expected = keyEnding ? TerminationReason.FINISH_KEY : TerminationReason.CALLER_HANGUP;
            if (m == null || m.terminationReason() != expected || !m.caller().orElse("").equals(l.caller)) {
                problems.add("round " + r + " " + l.name + ": message " + m);
            } else if (intact(readPcm(m.audioPath().orElseThrow()), voices.get(l.name))) {
                s.intact++;
            } else {
                problems.add("round " + r + " " + l.name + ": the recording differs from what the caller said");
            }
            double e = l.pacingError();
            if (!Double.isNaN(e)) {
                s.worstPacing = Math.max(s.worstPacing, Math.abs(e));
                s.pacingByLine.computeIfAbsent(l.name, k -> new ArrayList<>()).add(e);
            }
            if (l.answerWritten != 0 && l.firstPcmWrite() != 0) {
                s.answerToGreeting.add((l.firstPcmWrite() - l.answerWritten) / 1e6);
            }
            if (keyEnding && l.keySent != 0 && l.hangupWritten != 0) {
                s.keyToHook.add((l.hangupWritten - l.keySent) / 1e6);
            }
            if (!keyEnding && l.callerHungUp != 0 && l.webhookReceived != 0) {
                s.hangupToWebhook.add((l.webhookReceived - l.callerHungUp) / 1e6);
            }
        }
    }

    /** The recording starts within the caller's first tenth and holds the rest of it byte for byte. */
    static boolean intact(byte[] recorded, byte[] said) {
        if (recorded.length < 320) {
            return false;
        }
        for (int offset = 0; offset <= said.length / 10; offset += 2) {
            if (Arrays.equals(said, offset, offset + 320, recorded, 0, 320)) {
                int overlap = said.length - offset;
                return recorded.length >= overlap && Arrays.equals(recorded, 0, overlap, said, offset, said.length);
            }
        }
        return false;
    }

    private static byte[] readPcm(Path wav) throws Exception {
        try (InputStream in = WavReader.openData(wav)) {
            return in.readAllBytes();
        }
    }

    /** Noise-like speech stand-in, unique at every offset. */
    private static byte[] voice(long seed) {
        Random r = new Random(seed);
        byte[] pcm = new byte[(int) (VOICE.toMillis() * BYTES_PER_SECOND / 1000)];
        for (int i = 0; i < pcm.length; i += 2) {
            int v = Math.max(-32768, Math.min(32767, (int) (r.nextGaussian() * 6000)));
            pcm[i] = (byte) v;
            pcm[i + 1] = (byte) (v >> 8);
        }
        return pcm;
    }

    private static Prompt greeting() {
        Prompt a = Prompt.tone(440, GREETING.dividedBy(2), 0.3);
        Prompt b = Prompt.tone(660, GREETING.dividedBy(2), 0.3);
        byte[] pcm = Arrays.copyOf(a.pcm(), a.pcm().length + b.pcm().length);
        System.arraycopy(b.pcm(), 0, pcm, a.pcm().length, b.pcm().length);
        return Prompt.ofPcm(pcm);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long heapAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // lets the collector finish before reading the heap
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    /** Samples every thread's CPU time (100 ms) to tell the scaffolding's share: simulator and webhook receiver. */
    private static final class ThreadCpu implements Runnable {
        private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        private final Map<Long, long[]> seen = new ConcurrentHashMap<>(); // id -> {first, last} cpu nanos
        private final Map<Long, Boolean> scaffold = new ConcurrentHashMap<>();
        private final Map<Long, String> names = new ConcurrentHashMap<>();
        private final AtomicLong self = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        void start() {
            sample();
            thread = new Thread(this, "bench-cpu-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
            sample();
        }

        @Override
        public void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
            self.set(mx.getCurrentThreadCpuTime());
        }

        private void sample() {
            for (java.lang.management.ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (ti == null) {
                    continue;
                }
                long c = mx.getThreadCpuTime(ti.getThreadId());
                if (c < 0) {
                    continue;
                }
                seen.computeIfAbsent(ti.getThreadId(), k -> new long[] {c, c})[1] = c;
                String n = ti.getThreadName();
                scaffold.putIfAbsent(ti.getThreadId(), n.startsWith("modem-voice-sim") || n.startsWith("bench-") || n.equals("main"));
                names.putIfAbsent(ti.getThreadId(), n.replaceAll("\\d+", "N"));
            }
        }

        /** @return the host's threads (not the scaffolding's) by name, digits folded */
        Map<String, Long> hostThreads() {
            Map<String, Long> m = new java.util.TreeMap<>();
            for (Map.Entry<Long, long[]> e : seen.entrySet()) {
                if (!Boolean.TRUE.equals(scaffold.get(e.getKey()))) {
                    m.merge(names.get(e.getKey()), e.getValue()[1] - e.getValue()[0], Long::sum);
                }
            }
            return m;
        }

        long scaffoldNanos() {
            long sum = self.get();
            for (Map.Entry<Long, long[]> e : seen.entrySet()) {
                if (Boolean.TRUE.equals(scaffold.get(e.getKey()))) {
                    sum += e.getValue()[1] - e.getValue()[0];
                }
            }
            return sum;
        }
    }

    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    private static void print(Result r, PrintStream out) {
        out.printf(Locale.ROOT, "   calls %d, messages stored intact (byte-compared) %d, problems %d%s%n", r.calls(), r.messagesIntact(),
                r.problems().size(), r.problems().isEmpty() ? "" : ": " + r.problems().subList(0, Math.min(5, r.problems().size())));
        out.printf(Locale.ROOT, "   greeting pacing error per line (mean over its calls; goal <= 0.05 %%): worst line %.4f %%;"
                + " worst single call %.4f %%%n", r.worstLinePacingErrorPercent(), r.worstCallPacingErrorPercent());
        out.printf(Locale.ROOT, "   CPU: process %.1f %% of one core over %.1f s (goal <= 10 %%); without the simulator and receiver"
                + " threads %.1f %%%n", r.cpuPercentOfOneCore(), r.wallSeconds(), r.hostCpuPercentOfOneCore());
        out.printf(Locale.ROOT, "   heap after GC: before %.1f MiB, after %.1f MiB%n", r.heapBeforeBytes() / 1048576.0,
                r.heapAfterBytes() / 1048576.0);
        latency(out, "finish key sent -> hangup command written (goal p99 <= 150 ms)", r.finishKeyToOnHookMs());
        latency(out, "answer command written -> first greeting byte written", r.answerToGreetingMs());
        latency(out, "caller hung up -> webhook received (goal p99 <= 500 ms)", r.hangupToWebhookMs());
    }

    private static void latency(PrintStream out, String what, double[] ms) {
        out.printf(Locale.ROOT, "   %s: n=%d p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, ms.length,
                percentile(ms, 50), percentile(ms, 90), percentile(ms, 99), percentile(ms, 100));
    }
}
