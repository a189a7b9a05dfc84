package io.github.modemvoice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What Linux's /proc says of a process: CPU ticks, per-thread run time (schedstat), status fields. */
public final class ProcStats {
    private ProcStats() {
    }

    /** USER_HZ; 100 on Linux, as the kernel reports times in /proc in these ticks. */
    public static final int CLK_TCK = 100;

    /** @return utime + stime of the process (all its threads, also ended ones), in {@link #CLK_TCK} ticks */
    public static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    }

    /** @return "tid:name" -> nanoseconds on CPU, for every thread alive now */
    public static Map<String, Long> schedByThread(long pid) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    long ns = Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
                    m.put(t.getFileName() + ":" + comm, ns);
                } catch (IOException ended) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return m;
    }

    public static Map<String, String> status(long pid) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            int c = line.indexOf(':');
            if (c > 0) {
                m.put(line.substring(0, c), line.substring(c + 1).strip());
            }
        }
        return m;
    }

    /**
     * @param perThread thread name -> nanoseconds
     * @param n         how many
     * @return the n busiest as "name 12.3 ms, ..."
     */
    public static String busiest(Map<String, Long> perThread, int n) {
        return perThread.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(n)
                .map(e -> String.format(Locale.ROOT, "%s %.1f ms", e.getKey(), e.getValue() / 1e6))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    /**
     * @param before a {@link #schedByThread} snapshot
     * @param after  a later one
     * @return run time per thread name (digits folded to N) between them
     */
    public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> perName = new TreeMap<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            perName.merge(e.getKey().substring(e.getKey().indexOf(':') + 1).replaceAll("\\d+", "N"), d, Long::sum);
        }
        return perName;
    }
}
