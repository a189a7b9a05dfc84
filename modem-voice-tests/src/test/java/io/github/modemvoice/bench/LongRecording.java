package io.github.modemvoice.bench;

import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.TerminationReason;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A one-hour recording through {@code CallSession.record} (Modem + SimcomDialect on
 * MockTransports, fed as fast as it is consumed) in a small heap. {@link #main} is the child
 * process, run with {@code -Xmx32m}; {@link #launch} starts it from the benchmark runner
 * (exec:java runs inside Maven's JVM, whose heap cannot be limited) and checks its exit code,
 * the file size and that the file is a valid WAV.
 */
public final class LongRecording {
    static final long BYTES_PER_MINUTE = 60L * 16_000;

    private LongRecording() {
    }

    /**
     * Child process.
     *
     * @param args {@code --minutes N --file PATH}
     * @throws Exception on failure (exit code 1)
     */
    public static void main(String[] args) throws Exception {
        Options o = new Options(args, 0);
        int minutes = o.intValue("minutes", 60);
        Path file = Path.of(o.string("file", "long-recording.wav"));
        byte[] audio = SyntheticSpeech.generate(60, 7);
        RecordOptions options = RecordOptions.builder(file)
                .maxDuration(Duration.ofMinutes(minutes))
                .silenceTimeout(Duration.ofSeconds(5))
                .trimSilence(false)
                .build();
        long t0 = System.nanoTime();
        RecordingRig.Result res = RecordingRig.record(audio, options, 3600);
        long wall = System.nanoTime() - t0;
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        WavInfo info = WavReader.inspect(file);
        long size = Files.size(file);
        long expected = minutes * BYTES_PER_MINUTE;
        System.out.printf(Locale.ROOT, "child: reason %s, %,d data bytes (%s), file %,d bytes, WAV %s, wall %.1f s, "
                        + "record CPU %.2f s + pump CPU %.2f s%n",
                res.recording().reason(), res.recording().bytes(), res.recording().duration(), size, info.describe(),
                wall / 1e9, res.recordCpuNanos() / 1e9, res.pumpCpuNanos() / 1e9);
        System.out.printf(Locale.ROOT, "child: max heap %.1f MiB, peak heap used (sum of pool peaks) %.1f MiB%n",
                Runtime.getRuntime().maxMemory() / 1048576.0, peakHeap / 1048576.0);
        boolean ok = res.recording().reason() == TerminationReason.MAX_DURATION
                && res.recording().bytes() == expected
                && size == expected + 44
                && info.isInternalFormat()
                && info.dataLength() == expected;
        System.exit(ok ? 0 : 2);
    }

    static void launch(Options o) throws Exception {
        int minutes = o.intValue("long-minutes", 60);
        String xmx = o.string("xmx", "32m");
        Path dir = Files.createTempDirectory("modem-voice-long-");
        Path file = dir.resolve("long.wav");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx" + xmx, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classpath(), LongRecording.class.getName(), "--minutes", String.valueOf(minutes),
                "--file", file.toString());
        System.out.printf("== long-recording: %d min through CallSession.record in a child JVM with -Xmx%s%n", minutes, xmx);
        System.out.println("   " + java + " -Xmx" + xmx + " -cp <test classpath> " + LongRecording.class.getName()
                + " --minutes " + minutes + " --file " + file);
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("child did not finish within 30 minutes");
            }
            long wall = System.nanoTime() - t0;
            long expected = minutes * BYTES_PER_MINUTE + 44;
            long size = Files.exists(file) ? Files.size(file) : -1;
            String wav;
            boolean valid;
            try {
                WavInfo info = WavReader.inspect(file);
                valid = info.isInternalFormat() && info.dataLength() + 44 == size;
                wav = info.describe();
            } catch (RuntimeException e) {
                valid = false;
                wav = "INVALID: " + e.getMessage();
            }
            boolean pass = p.exitValue() == 0 && size == expected && valid;
            System.out.printf(Locale.ROOT, "long-recording: exit code %d, file %,d bytes (expected %,d), WAV %s, "
                            + "child wall %.1f s -> %s%n", p.exitValue(), size, expected, wav, wall / 1e9, pass ? "PASS" : "FAIL");
            if (!pass) {
                throw new IllegalStateException("long recording failed");
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** The test classpath of this JVM: the class loader's URLs, or where the needed classes live. */
    private static String classpath() throws URISyntaxException {
        Set<String> entries = new LinkedHashSet<>();
        ClassLoader cl = LongRecording.class.getClassLoader();
        while (cl != null) {
            if (cl instanceof URLClassLoader) {
                for (URL u : ((URLClassLoader) cl).getURLs()) {
                    if ("file".equals(u.getProtocol())) {
                        entries.add(new File(u.toURI()).getPath());
                    }
                }
            }
            cl = cl.getParent();
        }
        List<String> needed = new ArrayList<>(List.of(
                "io.github.modemvoice.bench.LongRecording", "io.github.modemvoice.call.Modem",
                "org.slf4j.LoggerFactory", "org.slf4j.simple.SimpleLogger"));
        for (String name : needed) {
            try {
                Class<?> c = Class.forName(name, false, LongRecording.class.getClassLoader());
                entries.add(new File(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath());
            } catch (ClassNotFoundException | NullPointerException e) {
                // optional (e.g. no SLF4J binding): the child then logs nothing
            }
        }
        String own = System.getProperty("java.class.path");
        if (entries.isEmpty() && own != null) {
            return own;
        }
        return String.join(File.pathSeparator, entries);
    }
}
