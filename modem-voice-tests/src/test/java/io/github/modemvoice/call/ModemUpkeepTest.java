package io.github.modemvoice.call;

import io.github.modemvoice.testing.EachGsmDialect;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.testing.ManualUpkeep;
import io.github.modemvoice.testing.MockModem;
import io.github.modemvoice.testing.RecordProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The modem's upkeep on a scripted modem, with the upkeep timing on virtual time: a module that
 * restarts (boot announcements, settings forgotten) is initialised again once, after its burst
 * has been quiet for the settle time; the idle watchdog finds lost settings and a silent modem;
 * it never probes during a call; a restart during a recording keeps what was recorded.
 */
class ModemUpkeepTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration EVERY = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static MockModem mock(String family) {
        return family.equals("simcom") ? MockModem.simcom() : MockModem.quectel();
    }

    private static long count(MockModem m, String command) {
        return m.commands().stream().filter(command::equals).count();
    }

    private static void awaitIdle(Modem modem) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (modem.state() != CallState.IDLE) {
            assertThat(System.nanoTime()).as("modem idle again").isLessThan(deadline);
            Thread.sleep(2); // polls a condition with a deadline
        }
    }

    @EachGsmDialect
    void aRestartIsFollowedByOneReinitialisationAndTheNextCallHasCallerId(String family) throws Exception {
        ManualUpkeep upkeep = new ManualUpkeep();
        CompletableFuture<CallerInfo> caller = new CompletableFuture<>();
        try (MockModem m = mock(family).start(call -> {
            caller.complete(call.caller());
            call.reject();
        }, b -> b.upkeepScheduler(upkeep).watchdogInterval(Duration.ZERO).restartSettle(SETTLE)
                .callerIdWait(Duration.ofSeconds(5)))) {
            assertThat(count(m, "AT+CLIP=1")).isEqualTo(1);
            int bootLines = family.equals("simcom") ? 4 : 5;
            m.restart();
            // each announcement restarts the settle timer: one task per line
            upkeep.awaitScheduled(bootLines, T);
            assertThat(upkeep.pending()).isEqualTo(1);
            upkeep.advance(SETTLE.minusMillis(1));
            assertThat(count(m, "AT+CLIP=1")).as("not before the burst has been quiet for 2 s").isEqualTo(1);
            upkeep.advance(Duration.ofMillis(1));
            assertThat(count(m, "AT+CLIP=1")).as("initialised again once").isEqualTo(2);
            assertThat(m.commands()).endsWith(family.equals("simcom")
                    ? new String[] {"AT", "ATE0", "ATV1", "AT+CMEE=1", "AT+CLIP=1", "AT+DDET=1,0,1", "AT+CPCMREG=0", "AT+CLCC"}
                    : new String[] {"AT", "ATE0", "ATV1", "AT+CMEE=1", "AT+CLIP=1", "AT+QTONEDET=1", "AT+QPCMV=0", "AT+CLCC"});
            assertThat(upkeep.pending()).isZero();
            m.ring("+15551234567");
            assertThat(caller.get(10, TimeUnit.SECONDS).number()).contains("+15551234567");
        }
    }

    @Test
    void withoutTheReinitialisationTheNextCallWouldHaveNoCallerId() throws Exception {
        // the control for the test above: the mock really drops +CLIP after a restart
        ManualUpkeep upkeep = new ManualUpkeep();
        CompletableFuture<CallerInfo> caller = new CompletableFuture<>();
        try (MockModem m = mock("simcom").start(call -> {
            caller.complete(call.caller());
            call.reject();
        }, b -> b.upkeepScheduler(upkeep).watchdogInterval(Duration.ZERO).callerIdWait(Duration.ofMillis(200)))) {
            m.restart();
            upkeep.awaitScheduled(4, T);
            m.ring("+15551234567");
            assertThat(caller.get(10, TimeUnit.SECONDS).number()).isEmpty();
        }
    }

    @EachGsmDialect
    void theWatchdogFindsLostSettingsAndInitialisesAgain(String family) throws Exception {
        ManualUpkeep upkeep = new ManualUpkeep();
        try (MockModem m = mock(family).start(call -> call.ignore(),
                b -> b.upkeepScheduler(upkeep).watchdogInterval(EVERY))) {
            upkeep.advance(EVERY);
            assertThat(count(m, "AT+CLIP?")).isEqualTo(1);
            assertThat(count(m, "AT+CLIP=1")).as("settings in force: nothing to do").isEqualTo(1);
            // the module restarted without a word (its announcements were lost): caller id is off
            m.at().when("AT+CLIP?").once().reply("+CLIP: 0,1", "OK");
            upkeep.advance(EVERY);
            assertThat(count(m, "AT+CLIP?")).isEqualTo(2);
            assertThat(count(m, "AT+CLIP=1")).isEqualTo(2);
            assertThat(m.modem().isAlive()).isTrue();
            upkeep.advance(EVERY);
            assertThat(count(m, "AT+CLIP?")).as("the watchdog goes on").isEqualTo(3);
        }
    }

    @Test
    void aSilentModemIsInitialisedAgainAndWhenThatFailsItCountsAsDead() throws Exception {
        ManualUpkeep upkeep = new ManualUpkeep();
        try (MockModem m = mock("simcom").start(call -> call.ignore(),
                b -> b.upkeepScheduler(upkeep).watchdogInterval(EVERY).commandTimeout(Duration.ofMillis(300)))) {
            m.at().whenMatches(".*").times(1000); // from now on the modem answers nothing
            int before = m.commands().size();
            upkeep.advance(EVERY);
            assertThat(m.commands().subList(before, m.commands().size()))
                    .as("the probe, then the re-initialisation's attempts to get an answer")
                    .startsWith("AT+CLIP?", "AT");
            assertThat(m.modem().awaitDead(T)).isTrue();
            assertThat(m.modem().isAlive()).isFalse();
            assertThat(upkeep.pending()).as("no more probes on a dead line").isZero();
        }
    }

    @EachGsmDialect
    void theWatchdogNeverProbesDuringACall(String family) throws Exception {
        ManualUpkeep upkeep = new ManualUpkeep();
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MockModem m = mock(family).start(call -> {
            try (CallSession s = call.answer()) {
                inCall.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
        }, b -> b.upkeepScheduler(upkeep).watchdogInterval(EVERY))) {
            m.ring("+15551234567");
            assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();
            upkeep.advance(EVERY.multipliedBy(4));
            assertThat(count(m, "AT+CLIP?")).isZero();
            release.countDown();
            awaitIdle(m.modem());
            upkeep.advance(EVERY);
            assertThat(count(m, "AT+CLIP?")).isEqualTo(1);
        }
    }

    @EachGsmDialect
    void aRestartDuringARecordingKeepsWhatWasRecorded(String family) throws Exception {
        ManualUpkeep upkeep = new ManualUpkeep();
        RecordProbe probe = new RecordProbe();
        Path wav = dir.resolve("r.wav");
        CompletableFuture<Recording> rec = new CompletableFuture<>();
        try (MockModem m = mock(family).start(call -> {
            try (CallSession s = call.answer()) {
                rec.complete(s.record(RecordOptions.builder(wav).listener(probe).build()));
            }
        }, b -> b.upkeepScheduler(upkeep).watchdogInterval(Duration.ZERO).restartSettle(SETTLE))) {
            m.ring("+15551234567");
            probe.awaitStarted();
            m.speak(Prompt.tone(440, Duration.ofSeconds(1), 0.3).pcm());
            probe.awaitRecorded(Duration.ofSeconds(1));
            m.restart();
            Recording r = rec.get(10, TimeUnit.SECONDS);
            assertThat(r.reason()).isEqualTo(TerminationReason.TRANSPORT_LOST);
            assertThat(WavReader.requireInternalFormat(r.path()).dataLength()).isEqualTo(16000);
            awaitIdle(m.modem());
            upkeep.awaitScheduled(family.equals("simcom") ? 4 : 5, T);
            upkeep.advance(SETTLE);
            assertThat(count(m, "AT+CLIP=1")).as("initialised again after the call").isEqualTo(2);
            assertThat(m.modem().isAlive()).isTrue();
        }
    }
}
