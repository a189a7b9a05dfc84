package io.github.modemvoice.faults;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.SimulatedCallReport;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailMessage;
import io.github.modemvoice.voicemail.VoicemailOutcome;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many simulated calls through one {@link VoicemailBox} (one {@link DirectoryMessageStore}) in one
 * JVM: a real {@code Modem} against a {@link SimulatedModem} over mock transports, virtual
 * pacing. Calls are sequential on one modem; every {@value #CALLS_PER_MODEM} calls the modem and
 * the simulator are closed and replaced (the mock transports keep a transcript of everything
 * written, which would otherwise grow with the test, not with the library). Threads and open
 * file descriptors are sampled after every call, the heap after a GC at every modem change; the
 * first and the last tenth of the run are compared. Every message must be a valid WAV with its
 * JSON.
 *
 * <p>The full run: {@code mvn -B test -Dtest=SoakTest -Dsoak.calls=10000} (see
 * {@link #soakSelectedByProperty()} for why not {@code -Dgroups=soak}).
 */
class SoakTest {
    static final int CALLS_PER_MODEM = 100;

    @TempDir
    Path dir;

    /** @return this process's open file descriptors, or -1 where /proc is not available */
    static long openFileDescriptors() {
        File[] fds = new File("/proc/self/fd").listFiles();
        return fds == null ? -1 : fds.length;
    }

    /** The quick variant for the normal suite: 40 calls, a new modem every 10. */
    @Test
    void fortyCallsStayFlat() throws Exception {
        soak(40, 10);
    }

    @Tag("soak")
    @Test
    void tenThousandCallsStayFlat() throws Exception {
        soak(Integer.getInteger("soak.calls", 10_000), CALLS_PER_MODEM);
    }

    /**
     * The same soak, selected by a property rather than the tag: the POM's surefire
     * configuration names {@code <excludedGroups>soak</excludedGroups>} literally, and an
     * explicit plugin setting wins over {@code -DexcludedGroups=none}, so the tag cannot be
     * switched on from the command line. {@code mvn -B test -Dtest=SoakTest -Dsoak.calls=10000}.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "soak.calls", matches = "[0-9]+")
    void soakSelectedByProperty() throws Exception {
        soak(Integer.getInteger("soak.calls"), CALLS_PER_MODEM);
    }

    private record Window(int maxThreads, long maxFds, long heapAfterGc) {
    }

    private void soak(int calls, int perModem) throws Exception {
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        VoicemailBox box = soakBox(store);
        CallScript script = soakCall();
        int window = Math.max(perModem, calls / 10 / perModem * perModem);
        ResourcePeaks peaks = new ResourcePeaks(calls, window);
        long firstHeap = 0;
        long lastHeap = 0;
        long start = System.nanoTime();
        long windowStart = start;
        double firstRate = 0;
        int done = 0;
        while (done < calls) {
            CompletableFuture<VoicemailOutcome>[] next = new CompletableFuture[1];
            try (SimulatedModem sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600)
                    .monotonicClock(new VirtualMonotonicClock()).onMockTransports();
                 Modem modem = Modem.open(ModemConfig.builder().atPort(sim.hostAtPort())
                         .audioPort(sim.hostAudioPort()).dialect(sim.dialect())
                         .monotonicClock(new VirtualMonotonicClock()).commandTimeout(Duration.ofSeconds(2))
                         .handler(call -> {
                             CompletableFuture<VoicemailOutcome> f = next[0];
                             try {
                                 f.complete(box.record(call.answer()));
                             } catch (Throwable e) {
                                 f.completeExceptionally(e);
                             }
                         }).build())) {
                for (int i = 0; i < perModem && done < calls; i++) {
                    next[0] = new CompletableFuture<>();
                    sim.placeCall(script);
                    SimulatedCallReport report = sim.awaitCallEnded(Duration.ofSeconds(30));
                    VoicemailOutcome o = next[0].get(30, TimeUnit.SECONDS);
                    VoicemailMessage m = o.message().orElseThrow(() ->
                            new AssertionError("call " + report + " left no message: " + o));
                    assertThat(m.terminationReason()).isEqualTo(TerminationReason.MAX_DURATION);
                    assertThat(m.durationSeconds()).isEqualTo(0.5);
                    done++;
                    peaks.sample(done);
                }
            }
            FaultFixtures.await("the modem's threads end", Duration.ofSeconds(10),
                    () -> FaultFixtures.libraryThreads().isEmpty());
            if (done == window || done >= calls) {
                long heap = heapAfterGc();
                long now = System.nanoTime();
                double rate = window / ((now - windowStart) / 1e9);
                if (done == window) {
                    firstHeap = heap;
                    firstRate = rate;
                    System.out.printf(Locale.ROOT, "soak: first %d calls: %.1f calls/s, max %d threads, max %d fds,"
                            + " heap after GC %.1f MiB%n", window, rate, peaks.firstThreads, peaks.firstFds, heap / 1048576.0);
                }
                if (done >= calls) {
                    lastHeap = heap;
                }
            }
            if (done == calls - window) {
                windowStart = System.nanoTime();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double lastRate = window / ((System.nanoTime() - windowStart) / 1e9);
        System.out.printf(Locale.ROOT, "soak: last %d calls: %.1f calls/s, max %d threads, max %d fds, heap after GC"
                + " %.1f MiB%n", window, lastRate, peaks.lastThreads, peaks.lastFds, lastHeap / 1048576.0);
        System.out.printf(Locale.ROOT, "soak: %d calls in %.1f s (%.1f calls/s overall; first window %.1f/s)%n",
                calls, seconds, calls / seconds, firstRate);

        long t0 = System.nanoTime();
        assertThat(store.recover()).as("nothing left for recovery").isEmpty();
        assertThat(FaultFixtures.assertOnlyCompleteMessages(dir, store)).isEqualTo(calls);
        assertThat(store.list()).hasSize(calls);
        System.out.printf(Locale.ROOT, "soak: verified %d messages (WAV + JSON) in %.1f s%n", calls,
                (System.nanoTime() - t0) / 1e9);
        store.close();

        peaks.assertNoLeak();
        ResourcePeaks.assertHeapDidNotGrow(firstHeap, lastHeap, "in the first window");
    }

    /** The soaks' box: a short greeting, no beep, messages of exactly 0.5 s (the length limit). */
    static VoicemailBox soakBox(DirectoryMessageStore store) {
        return VoicemailBox.builder().store(store)
                .greeting(Prompt.tone(600, Duration.ofMillis(200), 0.3))
                .beep(false)
                .maxDuration(Duration.ofMillis(500)).minDuration(Duration.ofMillis(100))
                .silenceTimeout(Duration.ZERO)
                .build();
    }

    /** The soaks' caller: {@link FaultFixtures#shortCall}, with the simulator answering the host at once. */
    static CallScript soakCall() {
        return FaultFixtures.shortCall(Duration.ofMillis(1));
    }

    static long heapAfterGc() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
