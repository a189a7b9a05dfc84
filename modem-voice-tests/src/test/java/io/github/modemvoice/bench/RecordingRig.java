package io.github.modemvoice.bench;

import io.github.modemvoice.audio.CallProgressTone;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.dialect.simcom.SimcomDialect;
import io.github.modemvoice.testing.MockTransport;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The real recording path, end to end: a {@link Modem} with the {@link SimcomDialect} on two
 * {@link MockTransport}s (AT port and PCM port). The AT mock rings with a caller id, the handler
 * answers ({@code ATA}, {@code AT+CPCMREG=1}) and calls {@link CallSession#record}; a feeder
 * thread streams looped synthetic audio into the PCM mock as fast as the recording consumes
 * it (it stays at most {@link #MAX_LEAD_BYTES} ahead of what has reached the WAV file, so the
 * PCM channel's bounded queue never drops audio). The result holds the CPU time of the two
 * threads that do the recording work: the handler thread running {@code record} (read from the
 * channel, WAV write + periodic sync, silence detection, in-band DTMF detection when asked for)
 * and the PCM pump thread (read from the
 * port, queue). The feeder and the mocks are test scaffolding and are not counted.
 */
final class RecordingRig {
    /** Bytes the feeder may run ahead of the file: 4 s of audio, well under the 10 s queue. */
    static final long MAX_LEAD_BYTES = 4 * 16_000;
    private static final int CHUNK = 16_000;

    private RecordingRig() {
    }

    /** One recording's measurements. */
    record Result(Recording recording, long recordCpuNanos, long pumpCpuNanos, long wallNanos, long fedBytes) {
        double audioSeconds() {
            return recording.bytes() / 16_000.0;
        }

        double cpuSeconds() {
            return (recordCpuNanos + Math.max(0, pumpCpuNanos)) / 1e9;
        }
    }

    static Result record(byte[] audio, RecordOptions options, long timeoutSeconds) throws Exception {
        return record(audio, options, timeoutSeconds, false);
    }

    /**
     * @param inBandDtmf {@link ModemConfig.Builder#inBandDtmf(boolean)}: when on, {@code record}
     *                   also runs the DTMF detector over every byte it records
     */
    static Result record(byte[] audio, RecordOptions options, long timeoutSeconds, boolean inBandDtmf)
            throws Exception {
        return record(audio, options, timeoutSeconds, inBandDtmf, EnumSet.allOf(CallProgressTone.Plan.class));
    }

    /**
     * @param inBandDtmf as above
     * @param tones      {@link ModemConfig.Builder#callProgressTones}: the exchange tones looked
     *                   for in every byte recorded (all plans by default); empty: off
     */
    static Result record(byte[] audio, RecordOptions options, long timeoutSeconds, boolean inBandDtmf,
                         Set<CallProgressTone.Plan> tones) throws Exception {
        Files.deleteIfExists(options.target());
        MockTransport at = MockTransport.commands("at");
        at.when("ATA").reply("OK", "VOICE CALL: BEGIN");
        at.whenMatches("AT.*").reply("OK");
        MockTransport pcm = MockTransport.raw("pcm");
        Feeder feeder = new Feeder(pcm, audio, options.target());
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        CompletableFuture<Result> result = new CompletableFuture<>();

        ModemConfig config = ModemConfig.builder()
                .atPort(at)
                .audioPort(pcm)
                .dialect(new SimcomDialect())
                .inBandDtmf(inBandDtmf)
                .callProgressTones(tones)
                .handler(call -> {
                    try {
                        CallSession s = call.answer();
                        Thread pump = findPump();
                        long pumpId = pump == null ? -1 : pump.getId();
                        feeder.start();
                        long w0 = System.nanoTime();
                        long c0 = tmx.getCurrentThreadCpuTime();
                        long p0 = pumpId < 0 ? 0 : tmx.getThreadCpuTime(pumpId);
                        Recording rec = s.record(options);
                        long c1 = tmx.getCurrentThreadCpuTime();
                        long p1 = pumpId < 0 ? -1 : tmx.getThreadCpuTime(pumpId);
                        long w1 = System.nanoTime();
                        feeder.stop();
                        s.hangup();
                        result.complete(new Result(rec, c1 - c0, p1 < 0 || p0 < 0 ? -1 : p1 - p0, w1 - w0, feeder.fed));
                    } catch (Throwable t) {
                        feeder.stop();
                        result.completeExceptionally(t);
                    }
                })
                .build();
        try (Modem modem = Modem.open(config)) {
            at.emitLine("RING");
            at.emitLine("+CLIP: \"+4915112344567\",145");
            return result.get(timeoutSeconds, TimeUnit.SECONDS);
        } finally {
            feeder.stop();
        }
    }

    private static Thread findPump() {
        Thread best = null;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("modem-voice-") && t.getName().endsWith("-pcm") && (best == null || t.getId() > best.getId())) {
                best = t;
            }
        }
        return best;
    }

    /** Streams looped audio into the PCM mock, at most MAX_LEAD_BYTES ahead of the WAV file. */
    private static final class Feeder implements Runnable {
        private final MockTransport pcm;
        private final byte[] audio;
        private final Path target;
        private final Thread thread;
        private volatile boolean stop;
        volatile long fed;

        Feeder(MockTransport pcm, byte[] audio, Path target) {
            this.pcm = pcm;
            this.audio = audio;
            this.target = target;
            this.thread = new Thread(this, "bench-pcm-feeder");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            stop = true;
        }

        @Override
        public void run() {
            try {
                // record() creates the file, then starts the recording phase; audio the pump
                // reads before that is discarded, so give it a moment
                while (!stop && !Files.exists(target)) {
                    LockSupport.parkNanos(100_000);
                }
                LockSupport.parkNanos(20_000_000);
                int off = 0;
                long lastProgress = System.nanoTime();
                long lastSize = 0;
                while (!stop) {
                    long size = Math.max(0, Files.size(target) - 44);
                    if (size != lastSize) {
                        lastSize = size;
                        lastProgress = System.nanoTime();
                    }
                    // the 1 s escape keeps a stalled consumer from stalling the feeder forever
                    if (fed - size > MAX_LEAD_BYTES) {
                        if (System.nanoTime() - lastProgress < 1_000_000_000L) {
                            LockSupport.parkNanos(200_000);
                            continue;
                        }
                        lastProgress = System.nanoTime(); // at most one chunk a second then
                    }
                    int n = Math.min(CHUNK, audio.length - off);
                    pcm.emitBytes(audio, off, n);
                    fed += n;
                    off = (off + n) % audio.length;
                }
            } catch (IOException e) {
                if (!stop) {
                    System.err.println("feeder: " + e);
                }
            }
        }
    }
}
