package io.github.modemvoice.bench;

import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.testing.SimulatedModem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The idle answering machine's footprint, as the service runs it: {@code java <options> -jar
 * target/modem-voice-cli.jar answer --config FILE} in a child process, on a simulated SIMCom modem
 * over pseudo-terminals (socat; the simulator runs in this JVM, so its CPU is not counted). For
 * each set of JVM options, in parallel (idle processes barely compete):
 * <ul>
 *   <li>start to ready: from starting the process to its line {@code waiting for calls} (the
 *       modem is open and initialised);</li>
 *   <li>CPU over a window after a settling time: the process's utime + stime from
 *       {@code /proc/PID/stat} (all threads, also ones that ended) and the sum of its threads'
 *       {@code /proc/PID/task/TID/schedstat} run time (nanoseconds), with the threads that used
 *       the most;</li>
 *   <li>{@code VmRSS} and {@code Threads} from {@code /proc/PID/status} at the end.</li>
 * </ul>
 * Option sets: {@code default} (none), {@code unit} (what packaging/modem-voice.service's
 * MODEMVOICE_JAVA_OPTIONS gives the launcher), and named steps towards it ({@link #SETS}).
 *
 * <pre>
 * mvn -q -B package -DskipTests    # target/modem-voice-cli.jar
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.modemvoice.bench.Benchmarks -Dexec.args="idle --window 60 --sets default,unit"
 * </pre>
 * Options: {@code --window S} (default 60), {@code --settle S} (default 15), {@code --sequential} (one
 * set after the other: the start-up times are comparable only so), {@code --sets a,b,...}
 * (default all), {@code --java PATH} (another JDK's java), {@code --jar PATH}.
 */
public final class IdleFootprintBench {
    /** Named option sets, each a step from the JDK's defaults towards the unit's. */
    static final Map<String, List<String>> SETS = new LinkedHashMap<>();

    static {
        SETS.put("default", List.of());
        SETS.put("serial-c1", List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx48m", "-XX:TieredStopAtLevel=1", "-Xss512k"));
        SETS.put("no-perfdata", List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx48m", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-XX:-UsePerfData"));
        SETS.put("no-safepoint-timer", List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx48m", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-XX:-UsePerfData", "-XX:+UnlockDiagnosticVMOptions", "-XX:GuaranteedSafepointInterval=0"));
        SETS.put("small", List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx48m", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
                "-Xss256k", "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=64m", "-XX:-UsePerfData"));
        // and the two timers of the JVM's own that wake an idle process: the guaranteed safepoint
        // (1 s) and the monitor deflation thread (250 ms); both diagnostic options
        SETS.put("lean", List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx48m", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
                "-Xss256k", "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=64m", "-XX:-UsePerfData",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:GuaranteedSafepointInterval=0", "-XX:AsyncDeflationInterval=10000"));
        List<String> lean = SETS.get("lean");
        SETS.put("lean-shrink", plus(lean, "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30"));
        SETS.put("lean-noshare", plus(lean, "-Xshare:off"));
        SETS.put("lean-nmt", plus(lean, "-XX:NativeMemoryTracking=summary"));
        // glibc's malloc keeps an arena per thread that allocates (up to 8 per core): fewer arenas, less RSS
        SETS.put("lean-arena", plus(lean, "MALLOC_ARENA_MAX=1"));
        // JDK 19+ only (JDK 17 refuses to start with it): a dynamic archive of the application's classes
        SETS.put("lean-appcds", plus(lean, "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=%S/modem-voice.jsa"));
    }

    private static List<String> plus(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    private IdleFootprintBench() {
    }

    /** One measured daemon. */
    record Figures(String set, List<String> options, double readySeconds, double cpuPercent, double schedCpuPercent,
                   long rssKb, int threads, String topThreads, String failure, String rssParts) {
    }

    static void run(Options o) throws Exception {
        int window = o.intValue("window", 60);
        int settle = o.intValue("settle", 15);
        String java = o.string("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path jar = Path.of(o.string("jar", "target/modem-voice-cli.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: build it first with 'mvn -q -B package -DskipTests'");
        }
        Map<String, List<String>> sets = new LinkedHashMap<>(SETS);
        sets.put("unit", unitOptions(Path.of("packaging/modem-voice.service")));
        String wanted = o.string("sets", String.join(",", sets.keySet()));
        System.out.printf(Locale.ROOT, "== idle: %s, settle %d s, window %d s; %s%n", javaVersion(java), settle, window,
                "child: java <options> -jar " + jar + " answer --config FILE");
        Path work = Files.createTempDirectory("idle-bench");
        List<CompletableFuture<Figures>> runs = new ArrayList<>();
        for (String name : wanted.split(",")) {
            List<String> opts = sets.get(name.strip());
            if (opts == null) {
                throw new IllegalArgumentException("unknown option set " + name + "; known: " + sets.keySet());
            }
            CompletableFuture<Figures> run = CompletableFuture.supplyAsync(() -> measure(name.strip(), opts, java, jar, work, settle, window));
            if (o.has("sequential")) { // start-up times are only comparable one at a time
                run.join();
            }
            runs.add(run);
        }
        for (CompletableFuture<Figures> f : runs) {
            Figures r = f.get();
            if (r.failure() != null) {
                System.out.printf(Locale.ROOT, "   %-19s FAILED: %s%n", r.set(), r.failure());
                continue;
            }
            System.out.printf(Locale.ROOT, "   %-19s ready %.2f s  CPU %.3f %% (schedstat %.3f %%)  RSS %.1f MB  threads %d%n",
                    r.set(), r.readySeconds(), r.cpuPercent(), r.schedCpuPercent(), r.rssKb() / 1024.0, r.threads());
            System.out.printf(Locale.ROOT, "   %-19s options: %s%n   %-19s busiest threads: %s%n   %-19s RSS: %s%n", "",
                    String.join(" ", r.options()), "", r.topThreads(), "", r.rssParts());
        }
    }

    /**
     * @return the JVM options the unit gives the launcher ({@code Environment="MODEMVOICE_JAVA_OPTIONS=..."}, which
     *         packaging/modem-voice puts between java and -jar), and its other Environment= settings
     */
    public static List<String> unitOptions(Path unit) throws IOException {
        String text = Files.readString(unit).replace("\\\n", " ");
        Matcher m = Pattern.compile("(?m)^Environment=\"MODEMVOICE_JAVA_OPTIONS=([^\"]*)\"").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(unit + ": no 'Environment=\"MODEMVOICE_JAVA_OPTIONS=...\"' line");
        }
        List<String> opts = new ArrayList<>(Arrays.asList(m.group(1).trim().split("\\s+")));
        Matcher env = Pattern.compile("(?m)^Environment=(\\S+=\\S+)\\s*$").matcher(text);
        while (env.find()) {
            opts.add(env.group(1)); // NAME=value: the child's environment
        }
        return List.copyOf(opts);
    }

    private static String javaVersion(String java) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("?");
        p.waitFor();
        return java + " (" + v + ")";
    }

    private static Figures measure(String name, List<String> opts, String java, Path jar, Path work, int settle, int window) {
        Path dir = work.resolve(name);
        try (SimulatedModem sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).onPseudoTerminals()) {
            Files.createDirectories(dir);
            Path conf = dir.resolve("modem-voice.conf");
            Files.writeString(conf, "at-port = " + sim.hostAtPath().orElseThrow() + "\naudio-port = " + sim.hostAudioPath().orElseThrow()
                    + "\ndialect = simcom\ndir = " + dir.resolve("messages") + "\n");
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            // an entry NAME=value (no leading '-') is an environment variable, as a unit's Environment=
            cmd.addAll(opts.stream().filter(s -> s.startsWith("-")).map(s -> s.replace("%S", dir.toString())).toList());
            Map<String, String> env = new LinkedHashMap<>();
            opts.stream().filter(s -> !s.startsWith("-")).forEach(s -> env.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1)));
            cmd.addAll(List.of("-jar", jar.toString(), "answer", "--config", conf.toString()));
            if (opts.contains("-XX:+AutoCreateSharedArchive")) {
                // the first start writes the archive when it exits; the measured start uses it
                ProcessBuilder firstStart = new ProcessBuilder(cmd);
                firstStart.environment().putAll(env);
                Process first = firstStart.redirectErrorStream(true).redirectOutput(dir.resolve("first-start.log").toFile())
                        .start();
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!Files.readString(dir.resolve("first-start.log")).contains("waiting for calls") && System.nanoTime() < until) {
                    Thread.sleep(100); // polls the first start's log for its ready line, bounded
                }
                first.destroy();
                first.waitFor(60, TimeUnit.SECONDS);
            }
            ProcessBuilder start = new ProcessBuilder(cmd).redirectErrorStream(true);
            start.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = start.start();
            try {
                CompletableFuture<Long> ready = new CompletableFuture<>();
                StringBuilder out = new StringBuilder();
                Thread reader = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            synchronized (out) {
                                out.append(line).append('\n');
                            }
                            if (line.contains("waiting for calls")) {
                                ready.complete(System.nanoTime());
                            }
                        }
                    } catch (IOException e) {
                        ready.completeExceptionally(e);
                    }
                    ready.complete(-1L);
                }, "idle-bench-out-" + name);
                reader.setDaemon(true);
                reader.start();
                long readyAt = ready.get(60, TimeUnit.SECONDS);
                if (readyAt < 0) {
                    synchronized (out) {
                        return failed(name, opts, "exited before ready: " + out.toString().strip());
                    }
                }
                double readySeconds = (readyAt - t0) / 1e9;
                Thread.sleep(settle * 1000L); // the start-up's JIT and GC settle before the window
                long pid = p.pid();
                long ticks0 = ProcStats.cpuTicks(pid);
                Map<String, Long> sched0 = ProcStats.schedByThread(pid);
                long w0 = System.nanoTime();
                Thread.sleep(window * 1000L); // the measured idle window
                long wall = System.nanoTime() - w0;
                long ticks1 = ProcStats.cpuTicks(pid);
                Map<String, Long> sched1 = ProcStats.schedByThread(pid);
                Map<String, Long> perName = ProcStats.delta(sched0, sched1);
                long schedSum = perName.values().stream().mapToLong(Long::longValue).sum();
                String top = ProcStats.busiest(perName, 5);
                Map<String, String> status = ProcStats.status(pid);
                return new Figures(name, opts, readySeconds, (ticks1 - ticks0) * 100.0 / ProcStats.CLK_TCK / (wall / 1e9),
                        schedSum * 100.0 / wall, Long.parseLong(status.get("VmRSS").replaceAll("\\D", "")),
                        Integer.parseInt(status.get("Threads").strip()), top, null,
                        "anon " + status.get("RssAnon") + ", file " + status.get("RssFile") + nmt(pid, opts, dir));
            } finally {
                p.destroy();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        } catch (Exception e) {
            return failed(name, opts, e.toString());
        }
    }

    /** With -XX:NativeMemoryTracking=summary: the JVM's own account of its committed memory, saved beside the run. */
    private static String nmt(long pid, List<String> opts, Path dir) throws IOException, InterruptedException {
        if (opts.stream().noneMatch(o -> o.startsWith("-XX:NativeMemoryTracking"))) {
            return "";
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path file = dir.resolve("nmt.txt");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary")
                .redirectErrorStream(true).redirectOutput(file.toFile()).start();
        p.waitFor(30, TimeUnit.SECONDS);
        String committed = Files.readAllLines(file).stream().filter(l -> l.contains("committed=") && l.startsWith("-"))
                .map(l -> l.replaceAll("\\s+", " ").replaceAll("\\(reserved=\\d+KB, ", "(")).reduce((a, b) -> a + ";" + b).orElse("");
        return "; NMT: " + committed;
    }

    private static Figures failed(String name, List<String> opts, String why) {
        return new Figures(name, opts, 0, 0, 0, 0, 0, "", why, "");
    }

}
