package io.github.modemvoice.bench;

import io.github.modemvoice.audio.CallProgressDetector;
import io.github.modemvoice.audio.CallProgressTone;
import io.github.modemvoice.audio.SilenceDetector;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.TerminationReason;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Recording CPU cost as "x real time per core": seconds of audio recorded per second of CPU
 * time, with silence detection on. The main figure comes from the real path
 * ({@link RecordingRig}: Modem + SimcomDialect + CallSession.record on MockTransports, writing a
 * WAV file to a temporary directory), with and without in-band DTMF detection
 * ({@code ModemConfig.inBandDtmf(true)}, which runs the DTMF detector over every recorded byte
 * in the recording thread). Also measured alone, on the same audio: the
 * {@link SilenceDetector}, the {@link WavWriter}, and the DTMF detector when the audio package
 * has one ({@code io.github.modemvoice.audio.DtmfDetector}, found by reflection), and the
 * {@link CallProgressDetector} with every plan (which the end-to-end runs include: it is on by
 * default).
 */
final class RecordingCpuBench {
    private static final int PIECE = 1600; // what CallSession.record reads at a time (5 frames)

    private RecordingCpuBench() {
    }

    static void run(Options o) throws Exception {
        int warmup = o.intValue("warmup", 2);
        int runs = o.intValue("runs", 5);
        int minutes = o.intValue("minutes", 10);
        byte[] audio = SyntheticSpeech.generate(60, 42);
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        if (!tmx.isCurrentThreadCpuTimeSupported() || !tmx.isThreadCpuTimeSupported()) {
            System.out.println("thread CPU time not supported by this JVM; figures below would be meaningless");
            return;
        }
        if (!tmx.isThreadCpuTimeEnabled()) {
            tmx.setThreadCpuTimeEnabled(true);
        }
        Path dir = Files.createTempDirectory("modem-voice-bench-");
        try {
            System.out.printf("== recording-cpu: %d min of synthetic speech per run (60 s loop, seed 42), %d warm-up + %d measured runs%n",
                    minutes, warmup, runs);
            System.out.println("   temp dir " + dir + "; silence detection on (5 s timeout, adaptive), trimSilence off");
            double median = endToEnd(audio, dir, minutes, warmup, runs, Duration.ofSeconds(1),
                    "syncInterval 1 s (the RecordOptions default)");
            System.out.printf(Locale.ROOT, "goal >= 20,000x -> %s%n", median >= 20_000 ? "MET" : "NOT MET");
            endToEnd(audio, dir, minutes, warmup, runs, Duration.ofMinutes(minutes),
                    "syncInterval = max duration (no fsync while recording), for comparison");
            endToEnd(audio, dir, minutes, warmup, runs, Duration.ofSeconds(1),
                    "syncInterval 1 s, ModemConfig.inBandDtmf(true)", true);
            endToEnd(audio, dir, minutes, warmup, runs, Duration.ofMinutes(minutes),
                    "no fsync while recording, ModemConfig.inBandDtmf(true)", true);
            endToEnd(audio, dir, minutes, warmup, runs, Duration.ofSeconds(1),
                    "syncInterval 1 s, ModemConfig.callProgressTones off", false, Set.of());
            endToEnd(audio, dir, minutes, warmup, runs, Duration.ofMinutes(minutes),
                    "no fsync while recording, ModemConfig.callProgressTones off", false, Set.of());

            byte[] tenMinutes = loop(audio, minutes);
            componentAlone("SilenceDetector alone, adaptive (the default)", warmup + 2, runs, tenMinutes,
                    data -> detectSilence(new SilenceDetector(), data));
            componentAlone("SilenceDetector alone, fixed -40 dBFS", warmup + 2, runs, tenMinutes,
                    data -> detectSilence(new SilenceDetector(-40, SilenceDetector.DEFAULT_MIN_SPEECH), data));
            Path wav = dir.resolve("writer.wav");
            componentAlone("WavWriter alone (no sync)", warmup + 2, runs, tenMinutes, data -> {
                try (WavWriter w = WavWriter.create(wav)) {
                    for (int off = 0; off < data.length; off += PIECE) {
                        w.write(data, off, Math.min(PIECE, data.length - off));
                    }
                }
            });
            componentAlone("WavWriter alone (sync every 1 s)", warmup + 2, runs, tenMinutes, data -> {
                try (WavWriter w = WavWriter.create(wav)) {
                    long lastSync = 0;
                    for (int off = 0; off < data.length; off += PIECE) {
                        w.write(data, off, Math.min(PIECE, data.length - off));
                        if (off + PIECE - lastSync >= 16_000) {
                            w.sync();
                            lastSync = off + PIECE;
                        }
                    }
                }
            });
            dtmf(warmup + 2, runs, tenMinutes);
            CallProgressDetector.Detection[] tone = {null};
            componentAlone("CallProgressDetector alone", warmup + 2, runs, tenMinutes, data -> {
                CallProgressDetector d = new CallProgressDetector(); // every plan, as ModemConfig's default
                for (int off = 0; off < data.length; off += PIECE) {
                    d.accept(data, off, Math.min(PIECE, data.length - off));
                }
                tone[0] = d.detection().orElse(null);
            });
            System.out.println("   tones found in the synthetic speech (should be none): "
                    + (tone[0] == null ? "none" : tone[0].toString()));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void detectSilence(SilenceDetector d, byte[] data) {
        for (int off = 0; off < data.length; off += PIECE) {
            d.accept(data, off, Math.min(PIECE, data.length - off));
        }
        if (!d.speechStarted()) {
            throw new IllegalStateException("no speech detected in the synthetic audio");
        }
    }

    private static double endToEnd(byte[] audio, Path dir, int minutes, int warmup, int runs, Duration sync,
                                   String label) throws Exception {
        return endToEnd(audio, dir, minutes, warmup, runs, sync, label, false);
    }

    private static double endToEnd(byte[] audio, Path dir, int minutes, int warmup, int runs, Duration sync,
                                   String label, boolean inBandDtmf) throws Exception {
        return endToEnd(audio, dir, minutes, warmup, runs, sync, label, inBandDtmf,
                EnumSet.allOf(CallProgressTone.Plan.class));
    }

    private static double endToEnd(byte[] audio, Path dir, int minutes, int warmup, int runs, Duration sync,
                                   String label, boolean inBandDtmf, Set<CallProgressTone.Plan> tones)
            throws Exception {
        System.out.println("-- CallSession.record end to end, " + label);
        double[] total = new double[runs];
        double[] recordOnly = new double[runs];
        double[] wall = new double[runs];
        for (int r = -warmup; r < runs; r++) {
            RecordOptions options = RecordOptions.builder(dir.resolve("rec.wav"))
                    .maxDuration(Duration.ofMinutes(minutes))
                    .silenceTimeout(Duration.ofSeconds(5)) // silence detection on (the default)
                    .trimSilence(false) // keep every byte so that the audio duration is exact
                    .syncInterval(sync)
                    .build();
            RecordingRig.Result res = RecordingRig.record(audio, options, 600, inBandDtmf, tones);
            if (res.recording().reason() != TerminationReason.MAX_DURATION) {
                throw new IllegalStateException("recording ended by " + res.recording().reason() + ", expected MAX_DURATION");
            }
            double secs = res.audioSeconds();
            System.out.printf(Locale.ROOT,
                    "   %s: %.1f s audio, record thread %.1f ms CPU, pcm pump %.1f ms CPU, wall %.0f ms, speech %s%n",
                    r < 0 ? "warm-up " : "run " + (r + 1), secs, res.recordCpuNanos() / 1e6, res.pumpCpuNanos() / 1e6,
                    res.wallNanos() / 1e6, res.recording().speechDetected());
            if (r >= 0) {
                total[r] = secs / res.cpuSeconds();
                recordOnly[r] = secs / (res.recordCpuNanos() / 1e9);
                wall[r] = secs / (res.wallNanos() / 1e9);
            }
        }
        Stats t = Stats.of("x", total);
        System.out.println("   x real time per core (record + pump thread CPU): " + t);
        System.out.println("   record thread only:                              " + Stats.of("x", recordOnly));
        System.out.println("   wall clock (not per core; includes fsync waits): " + Stats.of("x", wall));
        return t.median();
    }

    private static byte[] loop(byte[] audio, int minutes) {
        byte[] out = new byte[minutes * 60 * 16_000];
        for (int off = 0; off < out.length; off += audio.length) {
            System.arraycopy(audio, 0, out, off, Math.min(audio.length, out.length - off));
        }
        return out;
    }

    interface Work {
        void run(byte[] data) throws Throwable;
    }

    private static void componentAlone(String label, int warmup, int runs, byte[] data, Work work) throws Exception {
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        double secs = data.length / 16_000.0;
        double[] x = new double[runs];
        for (int r = -warmup; r < runs; r++) {
            long c0 = tmx.getCurrentThreadCpuTime();
            try {
                work.run(data);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            long c1 = tmx.getCurrentThreadCpuTime();
            if (r >= 0) {
                x[r] = secs / ((c1 - c0) / 1e9);
            }
        }
        System.out.printf("%-36s %s (%.0f s of audio per run, %d-byte pieces, thread CPU time)%n",
                label + ", x real time per core:", Stats.of("x", x), secs, PIECE);
    }

    private static void dtmf(int warmup, int runs, byte[] data) throws Exception {
        Class<?> c;
        try {
            c = Class.forName("io.github.modemvoice.audio.DtmfDetector");
        } catch (ClassNotFoundException e) {
            System.out.println("DtmfDetector: SKIPPED, io.github.modemvoice.audio.DtmfDetector is not on this branch");
            return;
        }
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle ctor;
        MethodHandle accept;
        MethodHandle takeKeys;
        try {
            ctor = lookup.findConstructor(c, MethodType.methodType(void.class));
            accept = lookup.findVirtual(c, "accept", MethodType.methodType(void.class, byte[].class, int.class, int.class));
            takeKeys = lookup.findVirtual(c, "takeKeys", MethodType.methodType(String.class));
        } catch (ReflectiveOperationException e) {
            System.out.println("DtmfDetector: SKIPPED, no public DtmfDetector(), accept(byte[],int,int) and takeKeys(): " + e);
            return;
        }
        String[] keys = {""};
        componentAlone("DtmfDetector alone", warmup, runs, data, d -> {
            Object det = ctor.invoke();
            for (int off = 0; off < d.length; off += PIECE) {
                accept.invoke(det, d, off, Math.min(PIECE, d.length - off));
            }
            keys[0] = (String) takeKeys.invoke(det);
        });
        System.out.println("   keys found in the synthetic speech (should be none): "
                + (keys[0].isEmpty() ? "none" : "'" + keys[0] + "'"));
    }
}
