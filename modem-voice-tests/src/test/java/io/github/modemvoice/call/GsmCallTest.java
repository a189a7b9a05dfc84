package io.github.modemvoice.call;

import io.github.modemvoice.testing.EachGsmDialect;
import io.github.modemvoice.audio.MonotonicClock;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.testing.GsmModemFixture;
import io.github.modemvoice.testing.RecordProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.github.modemvoice.testing.GsmModemFixture.await;
import static io.github.modemvoice.testing.GsmModemFixture.handler;
import static org.assertj.core.api.Assertions.assertThat;

/** Complete scripted calls for both GSM dialects. */
class GsmCallTest extends ScriptedGsmCalls {

    private static byte[] silence(int millis) {
        return new byte[millis * 16];
    }

    /** Opens the dialect's modem, answers, records into {@code file}, and speaks for {@code ms} (consumed). */
    private CompletableFuture<Recording> recordingAfterSpeech(String dialect, RecordProbe probe, String file, int ms) throws InterruptedException {
        CompletableFuture<Recording> rec = recordingStarted(dialect, probe, RecordOptions.builder(dir.resolve(file)), null);
        fx.pcm.emitBytes(speech(ms));
        probe.awaitRecorded(Duration.ofMillis(ms));
        return rec;
    }

    /** Opens the dialect's modem, answers, plays the greeting (if any) and records; returns once the recording started. */
    private CompletableFuture<Recording> recordingStarted(String dialect, RecordProbe probe, RecordOptions.Builder opts,
            Prompt greeting) throws InterruptedException {
        fx = new GsmModemFixture(dialect);
        CompletableFuture<Recording> rec = onCall(call -> {
            CallSession s = call.answer();
            if (greeting != null) {
                assertThat(s.play(greeting).outcome()).isEqualTo(PlayResult.Outcome.COMPLETED);
            }
            return s.record(opts.listener(probe).build());
        });
        probe.awaitStarted();
        return rec;
    }

    /** Opens the dialect's modem, answers and collects keys on the call thread; returns once answered. */
    private CompletableFuture<DtmfInput> collectAfterAnswer(String dialect, int max, Duration wait, Optional<Character> terminator)
            throws InterruptedException {
        fx = new GsmModemFixture(dialect);
        CountDownLatch answered = new CountDownLatch(1);
        CompletableFuture<DtmfInput> result = onCall(call -> {
            CallSession s = call.answer();
            answered.countDown();
            return s.collectDtmf(max, wait, wait, terminator);
        });
        assertThat(answered.await(5, TimeUnit.SECONDS)).isTrue();
        return result;
    }

    @EachGsmDialect
    void greetingThenRecordEndedByFinishKey(String dialect) throws Exception {
        RecordProbe probe = new RecordProbe();
        Prompt greeting = Prompt.tone(600, Duration.ofMillis(500), 0.5);
        CompletableFuture<Recording> rec = recordingStarted(dialect, probe, RecordOptions.builder(dir.resolve("m.wav")), greeting);
        // the greeting went out on the PCM port before recording started, in 20 ms frames
        assertThat(fx.pcm.writtenBytes()).isEqualTo(greeting.pcm());
        fx.pcm.emitBytes(speech(2000));
        probe.awaitRecorded(Duration.ofMillis(2000));
        fx.at.emitLine(dialect.equals("simcom") ? "+DTMF: #,120" : "+QTONEDET: 35");
        Recording r = await(rec);
        assertThat(r.reason()).isEqualTo(TerminationReason.FINISH_KEY);
        assertThat(r.finishKey()).contains('#');
        // the key tone is trimmed: 220 ms when the modem reports 120 ms, else the 250 ms default
        long trimmed = dialect.equals("simcom") ? 220 : 250;
        assertThat(r.duration()).isEqualTo(Duration.ofMillis(2000 - trimmed));
        WavInfo info = WavReader.requireInternalFormat(r.path());
        assertThat(info.dataLength()).isEqualTo(r.bytes()).isEqualTo((2000 - trimmed) * 16);
        assertThat(fx.at.commands()).containsSubsequence("ATA", fx.audioOn);
        fx.at.awaitCommand("AT+CHUP", T); // the handler returned: the session is hung up
        assertThat(fx.at.commands()).containsSubsequence(fx.audioOn, fx.audioOff, "AT+CHUP");
        fx.at.assertNoUnscriptedCommands();
    }

    @EachGsmDialect
    void recordEndsOnSilenceAndTrimsIt(String dialect) throws Exception {
        CompletableFuture<Recording> rec = recordingStarted(dialect, new RecordProbe(),
                RecordOptions.builder(dir.resolve("s.wav")).silenceTimeout(Duration.ofSeconds(3)), null);
        fx.pcm.emitBytes(silence(500)); // silence before speech does not count
        fx.pcm.emitBytes(speech(1000));
        fx.pcm.emitBytes(silence(5000));
        Recording r = await(rec);
        assertThat(r.reason()).isEqualTo(TerminationReason.SILENCE);
        assertThat(r.speechDetected()).isTrue();
        // 0.5 s lead-in + 1 s speech + the 300 ms tail kept after the last speech (20 ms blocks)
        assertThat(r.duration().toMillis()).isBetween(1780L, 1820L);
        assertThat(WavReader.requireInternalFormat(r.path()).dataLength()).isEqualTo(r.bytes());
    }

    @EachGsmDialect
    void recordStopsAtTheLengthLimit(String dialect) throws Exception {
        CompletableFuture<Recording> rec = recordingStarted(dialect, new RecordProbe(),
                RecordOptions.builder(dir.resolve("x.wav")).maxDuration(Duration.ofSeconds(2)).trimSilence(false), null);
        fx.pcm.emitBytes(speech(3000));
        Recording r = await(rec);
        assertThat(r.reason()).isEqualTo(TerminationReason.MAX_DURATION);
        assertThat(r.bytes()).isEqualTo(32000);
        assertThat(Files.size(r.path())).isEqualTo(32044);
    }

    @EachGsmDialect
    void callerHangupDuringRecordKeepsTheAudio(String dialect) throws Exception {
        RecordProbe probe = new RecordProbe();
        CompletableFuture<Recording> rec = recordingAfterSpeech(dialect, probe, "h.wav", 1500);
        fx.remoteHangup();
        Recording r = await(rec);
        assertThat(r.reason()).isEqualTo(TerminationReason.CALLER_HANGUP);
        assertThat(r.bytes()).isEqualTo(24000);
        assertThat(WavReader.requireInternalFormat(r.path()).dataLength()).isEqualTo(24000);
        // the modem reported the end: no AT+CHUP needed, the audio path is switched off
        fx.at.awaitCommand(fx.audioOff, T);
        awaitState(CallState.IDLE);
    }

    @ParameterizedTest
    @CsvSource({"simcom,pcm", "simcom,at", "quectel,pcm", "quectel,at"})
    void portLossMidRecordKeepsAValidWav(String dialect, String lostPort) throws Exception {
        RecordProbe probe = new RecordProbe();
        CompletableFuture<Recording> rec = recordingAfterSpeech(dialect, probe, "l.wav", 1000);
        (lostPort.equals("at") ? fx.at : fx.pcm).emitEof();
        Recording r = await(rec);
        assertThat(r.reason()).isEqualTo(TerminationReason.TRANSPORT_LOST);
        assertThat(WavReader.requireInternalFormat(r.path()).dataLength()).isEqualTo(16000);
        if (lostPort.equals("at")) {
            assertThat(fx.modem.isAlive()).isFalse(); // without its AT port the modem is gone
        }
    }

    @EachGsmDialect
    void dtmfInEveryUrcForm(String dialect) throws Exception {
        CompletableFuture<DtmfInput> result = collectAfterAnswer(dialect, 10, T, Optional.of('#'));
        // each family's own forms (SimcomUrcs, QuectelUrcs)
        String[] lines = dialect.equals("simcom")
                ? new String[] {"+DTMF: 1", "+DTMF:2", "+DTMF: 3,160", "+DTMF: \"4\"", "+RXDTMF: 5", "RXDTMF: 6",
                        "+RXDTMF:7", "+DTMF: *", "+RXDTMF: #"}
                : new String[] {"+QTONEDET: 49", "+QTONEDET:50", "+QTONEDET: 51", "+DTMF: 4", "+QTONEDET: 53",
                        " +QTONEDET: 54 ", "+QTONEDET: 55", "+QTONEDET: 42", "+QTONEDET: 35"};
        for (String l : lines) {
            fx.at.emitLine(l);
        }
        assertThat(await(result)).isEqualTo(new DtmfInput("1234567*", DtmfInput.End.TERMINATOR));
    }

    @EachGsmDialect
    void remoteHangupEndsPlaybackPromptly(String dialect) throws Exception {
        fx = new GsmModemFixture(dialect);
        fx.mono = MonotonicClock.system(); // real pacing: a 60 s prompt would take 60 s
        CompletableFuture<PlayResult> result = onCall(call -> call.answer().play(Prompt.tone(500, Duration.ofSeconds(60), 0.3)));
        assertThat(fx.pcm.awaitWrittenBytes(3200, T)).isTrue();
        long t0 = System.nanoTime();
        fx.remoteHangup();
        PlayResult r = await(result);
        assertThat(r.outcome()).isEqualTo(PlayResult.Outcome.CALL_ENDED);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(r.played()).isLessThan(Duration.ofSeconds(30));
    }

    @EachGsmDialect
    void remoteHangupEndsCollectPromptly(String dialect) throws Exception {
        CompletableFuture<DtmfInput> result = collectAfterAnswer(dialect, 4, Duration.ofSeconds(60), Optional.empty());
        fx.at.emitLine("+DTMF: 9");
        fx.remoteHangup();
        DtmfInput in = await(result);
        assertThat(in.end()).isEqualTo(DtmfInput.End.CALL_ENDED);
    }

    @EachGsmDialect
    void bargeInKeepsTheKeyForCollection(String dialect) throws Exception {
        fx = new GsmModemFixture(dialect);
        fx.mono = MonotonicClock.system();
        CompletableFuture<DtmfInput> result = onCall(call -> call.answer()
                .playAndCollect(Prompt.tone(500, Duration.ofSeconds(30), 0.3), 2, T, T, Optional.empty()));
        assertThat(fx.pcm.awaitWrittenBytes(3200, T)).isTrue();
        fx.at.emitLine("+DTMF: 4");
        fx.at.emitLine("+DTMF: 2");
        assertThat(await(result)).isEqualTo(new DtmfInput("42", DtmfInput.End.MAX_DIGITS));
        assertThat(fx.pcm.writtenBytes().length).isLessThan(30 * 16000);
    }

    @EachGsmDialect
    void sendDtmfAndIdempotentHangup(String dialect) throws Exception {
        fx = new GsmModemFixture(dialect);
        CompletableFuture<CallSession> result = onCall(call -> {
            CallSession s = call.answer();
            s.sendDtmf("1#");
            s.hangup();
            s.hangup();
            return s;
        });
        CallSession s = await(result);
        assertThat(s.isActive()).isFalse();
        assertThat(s.endReason()).contains(CallEndReason.LOCAL_HANGUP);
        assertThat(fx.at.commands()).containsSubsequence("AT+VTS=1", "AT+VTS=#", "AT+CHUP");
        fx.remoteHangup(); // the modem's own end report racing the hangup is harmless
        assertThat(fx.at.commands().stream().filter("AT+CHUP"::equals)).hasSize(1);
    }

    @EachGsmDialect
    void rejectDeflectIgnore(String dialect) throws Exception {
        fx = new GsmModemFixture(dialect);
        fx.at.when("AT+CTFR=\"+4930123456\"").reply("OK");
        CompletableFuture<String> result = new CompletableFuture<>();
        int[] n = {0};
        fx.open(handler(result, call -> {
            switch (n[0]++) {
                case 0:
                    call.reject();
                    return "rejected";
                case 1:
                    call.deflect("+4930123456");
                    return "deflected";
                default:
                    call.ignore();
                    return "ignored";
            }
        }));
        fx.ring("+4915112344567");
        assertThat(await(result)).isEqualTo("rejected");
        fx.at.awaitCommand("AT+CHUP", T);
        awaitState(CallState.IDLE);
        CompletableFuture<String> r2 = new CompletableFuture<>();
        // next call
        result.obtrudeValue(null);
        fx.at.emitLine("RING");
        fx.at.emitLine("+CLIP: \"+4915112344567\",145");
        fx.at.awaitCommand("AT+CTFR=\"+4930123456\"", T);
        awaitState(CallState.IDLE);
        fx.at.emitLine("RING");
        fx.at.emitLine("+CLIP: \"+4915112344567\",145");
        awaitCondition(() -> n[0] == 3);
        fx.at.emitLine("RING");
        awaitState(CallState.RINGING);
        // SIMCom reports the abandoned call as MISSED_CALL; Quectel has no such URC and ends it with NO CARRIER
        fx.at.emitLine(dialect.equals("simcom") ? "MISSED_CALL: 10:00AM +4915112344567" : "NO CARRIER");
        awaitState(CallState.IDLE);
        assertThat(fx.at.commands()).doesNotContain("ATA");
        assertThat(r2).isNotDone();
    }

    @EachGsmDialect
    void handlerThrowingBeforeDecidingRejectsTheCall(String dialect) throws Exception {
        fx = new GsmModemFixture(dialect);
        fx.open(call -> {
            throw new IllegalStateException("bug in the PBX app");
        });
        fx.ring("+4915112344567");
        fx.at.awaitCommand("AT+CHUP", T);
        awaitState(CallState.IDLE);
    }

    @EachGsmDialect
    void handlerThrowingAfterAnswerHangsUp(String dialect) throws Exception {
        fx = new GsmModemFixture(dialect);
        fx.answerable().open(call -> {
            call.answer();
            throw new IllegalStateException("bug in the PBX app");
        });
        fx.ring("+4915112344567");
        fx.at.awaitCommand("AT+CHUP", T);
        awaitState(CallState.IDLE);
        assertThat(fx.at.commands()).containsSubsequence("ATA", fx.audioOn, fx.audioOff, "AT+CHUP");
    }

    @EachGsmDialect
    void callerIdMissingDispatchesAfterTheWait(String dialect) throws Exception {
        fx = new GsmModemFixture(dialect);
        fx.callerIdWait = Duration.ofMillis(100);
        CompletableFuture<CallerInfo> result = new CompletableFuture<>();
        fx.open(handler(result, call -> {
            CallerInfo c = call.caller();
            call.ignore();
            return c;
        }));
        fx.at.emitLine("RING");
        assertThat(await(result)).isEqualTo(CallerInfo.unknown());
    }

    @EachGsmDialect
    void callerIdAndStateTransitions(String dialect) throws Exception {
        fx = new GsmModemFixture(dialect);
        CompletableFuture<CallSession> result = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        fx.answerable().open(handler(result, call -> {
            assertThat(call.caller().number()).contains("+4915112344567");
            assertThat(call.caller().toString()).doesNotContain("4915112344567");
            assertThat(call.ringCount()).isEqualTo(1);
            CallSession s = call.answer();
            result.complete(s);
            release.await(5, TimeUnit.SECONDS);
            return s;
        }));
        assertThat(fx.modem.state()).isEqualTo(CallState.IDLE);
        fx.ring("+4915112344567");
        CallSession s = await(result);
        assertThat(fx.modem.state()).isEqualTo(CallState.ACTIVE);
        assertThat(s.callId()).startsWith("call-").doesNotContain("4567");
        release.countDown();
        awaitState(CallState.IDLE);
    }

    @EachGsmDialect
    void noisyStartAndACallLeftUpAreHandled(String dialect) throws Exception {
        fx = new GsmModemFixture(dialect);
        byte[] noise = new byte[300];
        Arrays.fill(noise, (byte) 0xFF);
        fx.at.emitBytes(noise);
        fx.at.emitLine("+CPIN: READY");
        // the first AT is lost in the noise: no reply; the second gets OK
        MockRules.firstAtUnanswered(fx);
        fx.at.when("AT+CLCC").once().reply("+CLCC: 1,1,0,0,0,\"+4915112344567\",145", "OK");
        fx.open(call -> call.ignore());
        assertThat(fx.at.commands()).containsSubsequence("AT", "AT", "ATE0", "AT+CLCC", "AT+CHUP");
    }

    @EachGsmDialect
    void interruptedRecordingKeepsEverythingAndTheFlag(String dialect) throws Exception {
        fx = new GsmModemFixture(dialect);
        RecordProbe probe = new RecordProbe();
        CompletableFuture<Boolean> flag = new CompletableFuture<>();
        CompletableFuture<Recording> rec = new CompletableFuture<>();
        Thread[] handlerThread = new Thread[1];
        fx.answerable().open(call -> {
            handlerThread[0] = Thread.currentThread();
            Recording r = call.answer().record(RecordOptions.builder(dir.resolve("i.wav")).trimSilence(false)
                    .listener(probe).build());
            flag.complete(Thread.currentThread().isInterrupted());
            rec.complete(r);
        });
        fx.ring("+4915112344567");
        probe.awaitStarted();
        fx.pcm.emitBytes(speech(700)); // less than the writer's buffer: nothing on disk until close
        probe.awaitRecorded(Duration.ofMillis(700));
        handlerThread[0].interrupt();
        Recording r = await(rec);
        assertThat(r.reason()).isEqualTo(TerminationReason.INTERRUPTED);
        assertThat(await(flag)).as("interrupt flag restored").isTrue();
        assertThat(WavReader.requireInternalFormat(r.path()).dataLength()).isEqualTo(700 * 16);
    }

    @EachGsmDialect
    void aWaitingCallerGivingUpDoesNotEndTheCallInProgress(String dialect) throws Exception {
        RecordProbe probe = new RecordProbe();
        CompletableFuture<Recording> rec = recordingAfterSpeech(dialect, probe, "w.wav", 1000);
        fx.at.emitLine("RING"); // a second caller (call waiting) ...
        fx.at.emitLine("MISSED_CALL: 10:00AM +4930999999"); // ... gives up
        fx.pcm.emitBytes(speech(1000));
        probe.awaitRecorded(Duration.ofMillis(2000));
        fx.at.emitLine("+DTMF: #");
        Recording r = await(rec);
        assertThat(r.reason()).isEqualTo(TerminationReason.FINISH_KEY);
    }

    private void awaitState(CallState s) throws InterruptedException {
        awaitCondition(() -> fx.modem.state() == s);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (!c.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    /** Small helpers for rule ordering. */
    static final class MockRules {
        static void firstAtUnanswered(GsmModemFixture fx) {
            // a one-shot rule takes precedence over the fixture's standing "AT" rule
            fx.at.when("AT").once();
        }
    }
}
