package io.github.modemvoice.faults;

import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.call.CallState;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.dialect.simcom.SimcomDialect;
import io.github.modemvoice.testing.CallerVoice;
import io.github.modemvoice.testing.Closing;
import io.github.modemvoice.testing.MockTransport;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailListener;
import io.github.modemvoice.voicemail.VoicemailMessage;
import io.github.modemvoice.voicemail.VoicemailOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Transport loss (end of file on the AT port, on the PCM port, on both) at every step of a
 * voicemail call through a real {@link Modem} (SIMCom dialect) over {@link MockTransport}s. For
 * each: nothing hangs, audio captured before the loss is stored with the right reason, the modem
 * returns to IDLE and reports itself dead, its threads end on close, and a new modem on fresh
 * ports over the same box takes the next call.
 */
class TransportLossTest {
    private static final String NUMBER = "+4915112344567";
    private static final int FRAME = 320;
    private static final long GREETING_BYTES = FaultFixtures.GREETING.byteLength();
    private static final long BEEP_BYTES = Prompt.beep().byteLength();
    private static final long GOODBYE_BYTES = FaultFixtures.GOODBYE.byteLength();
    private static final Duration BOUND = Duration.ofSeconds(10);

    enum Step { INIT, RINGING, ANSWER, GREETING, BEEP, RECORDING, GOODBYE, HANGUP }

    enum Port { AT, PCM, BOTH }

    @TempDir
    Path dir;

    private final MockTransport at = MockTransport.commands("at");
    private final CuttableTransport pcm = new CuttableTransport(MockTransport.raw("pcm"));
    private volatile Modem modem;
    private CallerVoice voice;

    @AfterEach
    void tearDown() throws Exception {
        Closing.closeAll(voice, modem);
    }

    static Stream<Arguments> everyStepAndPort() {
        List<Arguments> out = new ArrayList<>();
        for (Step s : Step.values()) {
            for (Port p : Port.values()) {
                out.add(Arguments.of(s, p));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} lost during {0}")
    @MethodSource("everyStepAndPort")
    void transportLossAtEveryStep(Step step, Port port) throws Exception {
        List<String> threadsBefore = FaultFixtures.libraryThreads();
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        CountDownLatch decide = new CountDownLatch(1);
        VoicemailBox box = VoicemailBox.builder().store(store).greeting(FaultFixtures.GREETING)
                .goodbye(FaultFixtures.GOODBYE).maxDuration(Duration.ofSeconds(1)).minDuration(Duration.ofMillis(100))
                .silenceTimeout(Duration.ZERO)
                .listener(new VoicemailListener() {
                    @Override
                    public void recordingProgress(String callId, Duration recorded) {
                        if (step == Step.RECORDING && recorded.toMillis() >= 300) {
                            loseOnce(port);
                        }
                    }
                }).build();
        script(step, port);
        CompletableFuture<VoicemailOutcome> outcome = new CompletableFuture<>();
        long t0 = System.nanoTime();
        try {
            modem = Modem.open(ModemConfig.builder().atPort(at).audioPort(pcm).dialect(new SimcomDialect())
                    .monotonicClock(new VirtualMonotonicClock())
                    .commandTimeout(Duration.ofSeconds(2))
                    .handler(incoming -> {
                        try {
                            if (step == Step.RINGING) {
                                decide.await(10, TimeUnit.SECONDS);
                            }
                            outcome.complete(box.record(incoming.answer()));
                        } catch (Throwable e) {
                            outcome.completeExceptionally(e);
                        }
                    }).build());
        } catch (ModemVoiceException e) {
            assertThat(step).as("Modem.open failed: " + e).isEqualTo(Step.INIT);
            assertThat(System.nanoTime() - t0).as("open fails promptly").isLessThan(BOUND.toNanos());
            assertThat(at.isClosed()).as("nothing left open: AT port").isTrue();
            assertThat(pcm.mock().isClosed()).as("nothing left open: PCM port").isTrue();
            afterTheLoss(store, Optional.empty(), null);
            return;
        }
        assertThat(step).as("Modem.open should have failed").isNotEqualTo(Step.INIT);
        // the caller says less than the length limit when the loss comes mid-recording: on a loaded
        // machine the pump may queue audio faster than the recorder reads it, and a full second
        // queued before the loss would end the message by its length instead
        startFeeder(step == Step.RECORDING ? Duration.ofMillis(800) : Duration.ofSeconds(60));
        at.emitLine("RING");
        at.emitLine("+CLIP: \"" + NUMBER + "\",145,\"\",0,\"\",0");
        if (step == Step.RINGING) {
            FaultFixtures.await("the call rings", BOUND, () -> modem.state() == CallState.RINGING);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            loseOnce(port);
            decide.countDown();
        }

        Optional<VoicemailMessage> message;
        Throwable failure = null;
        try {
            VoicemailOutcome o = outcome.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            message = o.message();
        } catch (ExecutionException e) {
            failure = e.getCause();
            message = failure instanceof io.github.modemvoice.voicemail.VoicemailException
                    ? ((io.github.modemvoice.voicemail.VoicemailException) failure).partialMessage() : Optional.empty();
        }
        assertThat(System.nanoTime() - t0).as("the call ends promptly").isLessThan(BOUND.toNanos());
        assertThat(lost).as("the fault was injected").isTrue();

        switch (step) {
            case RECORDING -> {
                assertThat(message).as("audio captured before the loss is kept (failure: %s)", failure).isPresent();
                assertThat(message.get().terminationReason()).isEqualTo(TerminationReason.TRANSPORT_LOST);
                assertThat(message.get().durationSeconds()).isGreaterThanOrEqualTo(0.3);
            }
            case GOODBYE, HANGUP -> {
                assertThat(message).as("the finished recording is kept (failure: %s)", failure).isPresent();
                assertThat(message.get().terminationReason()).isEqualTo(TerminationReason.MAX_DURATION);
                assertThat(message.get().durationSeconds()).isEqualTo(1.0);
            }
            default -> assertThat(message).as("nothing was recorded before the loss").isEmpty();
        }
        FaultFixtures.await("the modem returns to IDLE", BOUND, () -> modem.state() == CallState.IDLE);
        FaultFixtures.await("the modem reports itself dead", BOUND, () -> !modem.isAlive());
        assertThat(modem.awaitDead(Duration.ofSeconds(1))).isTrue();
        modem.close();
        voice.stop();
        FaultFixtures.await("the faulted modem's threads end", BOUND,
                () -> threadsBefore.containsAll(FaultFixtures.libraryThreads()));
        afterTheLoss(store, message, failure);
    }

    /** The directory is consistent, and a new modem on fresh ports over the same box takes a full call. */
    private void afterTheLoss(DirectoryMessageStore store, Optional<VoicemailMessage> kept, Throwable failure)
            throws Exception {
        assertThat(store.recover()).as("nothing left behind for recovery").isEmpty();
        int before = FaultFixtures.assertOnlyCompleteMessages(dir, store);
        assertThat(before).as("messages after the loss (failure: %s)", failure).isEqualTo(kept.isPresent() ? 1 : 0);
        VoicemailBox next = VoicemailBox.builder().store(store).greeting(FaultFixtures.GREETING)
                .minDuration(Duration.ofMillis(100)).maxDuration(Duration.ofMillis(500))
                .silenceTimeout(Duration.ZERO).build();
        VoicemailOutcome o = FaultFixtures.simulatedCall(next, FaultFixtures.shortCall(Duration.ofMillis(30)));
        assertThat(o.message()).as("the next call leaves a message").isPresent();
        assertThat(o.message().get().terminationReason()).isEqualTo(TerminationReason.MAX_DURATION);
        assertThat(o.message().get().durationSeconds()).isEqualTo(0.5);
        assertThat(store.recover()).isEmpty();
        assertThat(FaultFixtures.assertOnlyCompleteMessages(dir, store)).isEqualTo(before + 1);
        store.close();
    }

    // ------------------------------------------------------------------ the modem's side

    private volatile boolean lost;

    /** Unplugs the port(s), once; for the AT port, waits until the modem noticed. */
    private synchronized void loseOnce(Port port) {
        if (lost) {
            return;
        }
        lost = true;
        if (port == Port.AT || port == Port.BOTH) {
            at.emitEof();
        }
        if (port == Port.PCM || port == Port.BOTH) {
            pcm.cut();
        }
        Modem m = modem;
        if (m != null && port != Port.PCM) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (m.isAlive() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    private void script(Step step, Port port) {
        // commands that lose the port while in flight (limited rules win over standing ones)
        switch (step) {
            case INIT -> at.when("AT+CLIP=1").once().then(m -> lossInFlight(port, m));
            case ANSWER -> at.when("ATA").once().then(m -> lossInFlight(port, m));
            case HANGUP -> at.when("AT+CHUP").once().then(m -> lossInFlight(port, m));
            case GREETING -> pcm.onWritten(GREETING_BYTES / 2, () -> loseOnce(port));
            case BEEP -> pcm.onWritten(GREETING_BYTES + BEEP_BYTES / 2, () -> loseOnce(port));
            case GOODBYE -> pcm.onWritten(GREETING_BYTES + BEEP_BYTES + GOODBYE_BYTES / 2, () -> loseOnce(port));
            default -> {
            }
        }
        for (String c : new String[] {"AT", "ATE0", "ATV1", "AT+CMEE=1", "AT+CLIP=1", "AT+CPCMREG=0", "AT+CLCC",
                "AT+CPCMREG=1", "AT+CHUP"}) {
            at.when(c).reply("OK");
        }
        at.when("AT+DDET=1,0,1").reply("ERROR");
        at.when("ATA").reply("OK", "VOICE CALL: BEGIN");
    }

    /** The command is in flight when the port goes; with only PCM lost, the AT command still succeeds. */
    private void lossInFlight(Port port, MockTransport m) {
        if (port == Port.PCM) {
            pcm.cut();
            lost = true;
            if (m.commands().get(m.commands().size() - 1).equals("ATA")) {
                m.emitLine("OK");
                m.emitLine("VOICE CALL: BEGIN");
            } else {
                m.emitLine("OK");
            }
            return;
        }
        lost = true;
        if (port == Port.BOTH) {
            pcm.cut();
        }
        m.emitEof();
    }

    /** The caller: 20 ms frames of tone at four times real time, until the port goes. */
    private void startFeeder(Duration budget) {
        byte[] speech = Prompt.tone(440, Duration.ofMillis(20), 0.5).pcm();
        voice = CallerVoice.start(pcm.mock(), speech, Duration.ofMillis(5), budget.toMillis() / 20, () -> !pcm.isCut());
    }
}
