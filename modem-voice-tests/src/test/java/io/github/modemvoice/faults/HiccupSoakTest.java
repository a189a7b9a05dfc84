package io.github.modemvoice.faults;

import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.call.ModemSupervisor;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.transport.TransportOpenException;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answering machine's always-on loop under hiccups: one {@link ModemSupervisor} and one
 * {@link VoicemailBox} for the whole run; between calls, at random, the module restarts on its
 * own (boot announcements, settings forgotten: caller id must come back) or its ports vanish
 * (the simulator is switched off) and the first reopen attempts find no port (as while a USB
 * modem re-enumerates). After every hiccup the supervisor must bring the modem back
 * and the next call must be answered and stored. Threads and open file descriptors are sampled
 * after every round and compared between the first and the last tenth; the heap after a GC at
 * the start and the end. The backoff waits are simulated (an instant sleeper that adds them up),
 * so the run reports the downtime it stands for.
 *
 * <p>The suite runs {@value #ROUNDS} rounds with a fixed seed; a longer run:
 * {@code mvn -B test -Dtest=HiccupSoakTest -Dhiccup.rounds=2000 -Dhiccup.seed=7}.
 */
class HiccupSoakTest {
    static final int ROUNDS = 60;

    @TempDir
    Path dir;

    @Test
    void everyCallAfterEveryHiccupIsAnsweredAndResourcesStayFlat() throws Exception {
        int rounds = Integer.getInteger("hiccup.rounds", ROUNDS);
        Random random = new Random(Long.getLong("hiccup.seed", 20261125L));
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        VoicemailBox box = SoakTest.soakBox(store);
        CallScript script = SoakTest.soakCall();

        AtomicReference<SimulatedModem> sim = new AtomicReference<>();
        AtomicInteger missingPortsToGo = new AtomicInteger();
        AtomicLong simulatedDowntimeMillis = new AtomicLong();
        AtomicReference<CompletableFuture<VoicemailOutcome>> next = new AtomicReference<>();
        ModemSupervisor supervisor = ModemSupervisor.builder(() -> {
                    if (missingPortsToGo.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw new TransportOpenException("no such device /dev/serial/by-id/usb-SimTech-if02-port0");
                    }
                    SimulatedModem s = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600)
                            .monotonicClock(new VirtualMonotonicClock()).onMockTransports();
                    sim.set(s);
                    return ModemConfig.builder().atPort(s.hostAtPort()).audioPort(s.hostAudioPort()).dialect(s.dialect())
                            .monotonicClock(new VirtualMonotonicClock()).commandTimeout(Duration.ofSeconds(2))
                            .restartSettle(Duration.ofMillis(50))
                            .handler(call -> {
                                CompletableFuture<VoicemailOutcome> f = next.get();
                                try {
                                    f.complete(box.record(call.answer()));
                                } catch (Throwable e) {
                                    f.completeExceptionally(e);
                                }
                            }).build();
                })
                .sleeper(d -> simulatedDowntimeMillis.addAndGet(d.toMillis()))
                .start();

        int window = Math.max(1, rounds / 10);
        ResourcePeaks peaks = new ResourcePeaks(rounds, window);
        long heapBefore = SoakTest.heapAfterGc();
        int hiccups = 0;
        int restarts = 0;
        int failedAttempts = 0;
        try {
            for (int round = 1; round <= rounds; round++) {
                if (random.nextInt(4) == 0) { // a round in four begins with the module restarting on its own
                    SimulatedModem s = sim.get();
                    // AT+CLCC (is a call left up?) is the last command of the GSM initialisation
                    long initsBefore = s.commands().stream().filter("AT+CLCC"::equals).count();
                    s.restart(); // boot announcements, settings forgotten, ports stay
                    FaultFixtures.await("the modem is initialised again after its restart", Duration.ofSeconds(20),
                            () -> s.commands().stream().filter("AT+CLCC"::equals).count() > initsBefore);
                    restarts++;
                } else if (random.nextInt(3) > 0) { // otherwise two in three begin with the ports vanishing
                    long reconnectsBefore = supervisor.reconnects();
                    int missing = random.nextInt(4); // 0-3 attempts find no port
                    failedAttempts += missing;
                    missingPortsToGo.set(missing);
                    sim.get().close(); // the ports vanish
                    FaultFixtures.await("the supervisor brings the modem back", Duration.ofSeconds(20),
                            () -> supervisor.reconnects() > reconnectsBefore && supervisor.state() == ModemSupervisor.State.UP);
                    hiccups++;
                }
                next.set(new CompletableFuture<>());
                sim.get().placeCall(script);
                sim.get().awaitCallEnded(Duration.ofSeconds(30));
                VoicemailOutcome o = next.get().get(30, TimeUnit.SECONDS);
                assertThat(o.message()).as("round %d: the call after the hiccup left a message: %s", round, o).isPresent();
                assertThat(o.message().get().callerRedacted()).as("round %d: caller id survived", round).endsWith("4567");
                peaks.sample(round);
            }
        } finally {
            supervisor.close();
            if (sim.get() != null) {
                sim.get().close();
            }
        }
        long heapAfter = SoakTest.heapAfterGc();
        System.out.printf(Locale.ROOT, "hiccup soak: %d rounds, %d port losses (%d failed reopen attempts), %d restarts,"
                        + " %d calls stored; simulated backoff %.1f min; threads %d -> %d, fds %d -> %d, heap after GC %.1f -> %.1f MiB%n",
                rounds, hiccups, failedAttempts, restarts, rounds, simulatedDowntimeMillis.get() / 60000.0, peaks.firstThreads,
                peaks.lastThreads, peaks.firstFds, peaks.lastFds, heapBefore / 1048576.0, heapAfter / 1048576.0);

        assertThat(supervisor.reconnects()).isEqualTo(hiccups);
        assertThat(store.list()).hasSize(rounds);
        assertThat(FaultFixtures.assertOnlyCompleteMessages(dir, store)).isEqualTo(rounds);
        store.close();
        FaultFixtures.await("the modem's threads end", Duration.ofSeconds(10), () -> FaultFixtures.libraryThreads().isEmpty());
        peaks.assertNoLeak();
        ResourcePeaks.assertHeapDidNotGrow(heapBefore, heapAfter, "at the start");
    }
}
