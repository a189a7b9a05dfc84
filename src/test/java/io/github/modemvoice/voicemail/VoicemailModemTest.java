package io.github.modemvoice.voicemail;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.dialect.SimcomDialect;
import io.github.modemvoice.transport.MockTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end over a real {@link Modem} with the SIMCom dialect: the AT port and the PCM port are
 * {@link MockTransport}s; a feeder thread plays the caller's voice into the PCM port at four
 * times real time, as a modem streams it, whether or not anyone records.
 */
class VoicemailModemTest {
    private static final String NUMBER = "+4915112344567";
    private static final Prompt GREETING = Prompt.tone(600, Duration.ofMillis(200), 0.3);
    private static final Prompt GOODBYE = Prompt.tone(800, Duration.ofMillis(100), 0.3);
    private static final int FRAME = 320;

    @TempDir
    Path dir;

    private final MockTransport at = MockTransport.commands("at");
    private final MockTransport pcm = MockTransport.raw("pcm");
    private final AtomicLong recordingStartedNanos = new AtomicLong();
    private final AtomicReference<String> messageId = new AtomicReference<>();
    private final AtomicReference<Thread> callThread = new AtomicReference<>();
    private volatile boolean silent;
    private volatile boolean feeding = true;
    private Thread feeder;
    private Modem modem;

    @AfterEach
    void tearDown() throws Exception {
        feeding = false;
        if (feeder != null) {
            feeder.join(5000);
        }
        if (modem != null) {
            modem.close();
        }
    }

    private void script() {
        at.when("AT").reply("OK");
        at.when("ATE0").reply("OK");
        at.when("ATV1").reply("OK");
        at.when("AT+CMEE=1").reply("OK");
        at.when("AT+CLIP=1").reply("OK");
        at.when("AT+DDET=1,0,1").reply("ERROR");
        at.when("AT+CPCMREG=0").reply("OK");
        at.when("AT+CLCC").reply("OK");
        at.when("ATA").reply("OK", "VOICE CALL: BEGIN");
        at.when("AT+CPCMREG=1").reply("OK");
        at.when("AT+CHUP").reply("OK");
    }

    /** Starts the modem with a handler that runs the box, then rings with caller id. */
    private CompletableFuture<VoicemailOutcome> call(VoicemailBox.Builder builder) {
        script();
        CompletableFuture<VoicemailOutcome> outcome = new CompletableFuture<>();
        VoicemailBox box = builder.directory(dir).greeting(GREETING).listener(new VoicemailListener() {
            @Override
            public void recordingStarted(String callId, String id) {
                recordingStartedNanos.set(System.nanoTime());
                messageId.set(id);
                callThread.set(Thread.currentThread());
            }
        }).build();
        modem = Modem.open(ModemConfig.builder().atPort(at).audioPort(pcm).dialect(new SimcomDialect())
                .monotonicClock(new VirtualMonotonicClock())
                .handler(incoming -> {
                    try {
                        outcome.complete(box.record(incoming.answer()));
                    } catch (Throwable e) {
                        outcome.completeExceptionally(e);
                    }
                }).build());
        startFeeder();
        at.emitLine("RING");
        at.emitLine("+CLIP: \"" + NUMBER + "\",145,\"\",0,\"\",0");
        return outcome;
    }

    /** The caller's side: 20 ms frames at four times real time, speech or silence. */
    private void startFeeder() {
        byte[] speech = Prompt.tone(440, Duration.ofMillis(20), 0.5).pcm();
        byte[] quiet = new byte[FRAME];
        feeder = new Thread(() -> {
            long next = System.nanoTime();
            while (feeding && !pcm.isClosed()) {
                try {
                    pcm.emitBytes(silent ? quiet : speech);
                } catch (IllegalStateException e) {
                    return;
                }
                next += 5_000_000;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }, "caller-voice");
        feeder.setDaemon(true);
        feeder.start();
    }

    /** Waits (bounded) until the recording file holds at least this much audio. */
    private void awaitRecorded(Duration audio) {
        long want = 44 + audio.toMillis() * 16;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String id = messageId.get();
            if (id != null) {
                try {
                    Path part = dir.resolve(id + ".wav.part");
                    if (Files.exists(part) && Files.size(part) >= want) {
                        return;
                    }
                } catch (java.io.IOException e) {
                    // moved away meanwhile
                }
            }
            LockSupport.parkNanos(2_000_000);
        }
        throw new AssertionError("recording never reached " + audio);
    }

    private void onRecorded(Duration audio, Consumer<MockTransport> action) {
        Thread t = new Thread(() -> {
            awaitRecorded(audio);
            action.accept(at);
        }, "test-action");
        t.setDaemon(true);
        t.start();
    }

    private static VoicemailMessage message(CompletableFuture<VoicemailOutcome> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS).message().orElseThrow();
    }

    @Test
    void greetingAndBeepArePlayedBeforeRecordingAndMaxDurationEndsIt() throws Exception {
        VoicemailMessage m = message(call(VoicemailBox.builder().maxDuration(Duration.ofSeconds(2))
                .silenceTimeout(Duration.ZERO)));
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.MAX_DURATION);
        assertThat(m.durationSeconds()).isEqualTo(2.0);
        assertThat(m.caller()).contains(NUMBER);
        byte[] played = pcm.writtenBytes();
        byte[] expected = GREETING.concat(Prompt.beep()).pcm();
        assertThat(played).isEqualTo(expected);
        assertThat(pcm.writes()).allSatisfy(w -> assertThat(w.nanoTime()).isLessThan(recordingStartedNanos.get()));
        assertThat(at.commands()).containsSubsequence("ATA", "AT+CPCMREG=1", "AT+CPCMREG=0", "AT+CHUP");
        assertThat(at.commands().stream().filter("AT+CHUP"::equals)).hasSize(1);
        assertThat(WavReader.requireInternalFormat(m.audioPath().orElseThrow()).dataLength()).isEqualTo(32000);
        at.assertNoUnscriptedCommands();
    }

    @Test
    void finishKeyEndsTheRecordingAndItsToneIsTrimmed() throws Exception {
        CompletableFuture<VoicemailOutcome> f = call(VoicemailBox.builder().goodbye(GOODBYE)
                .maxDuration(Duration.ofSeconds(60)));
        onRecorded(Duration.ofMillis(1500), a -> a.emitLine("+DTMF: #,160"));
        VoicemailMessage m = message(f);
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.FINISH_KEY);
        assertThat(m.finishKey()).contains('#');
        assertThat(m.durationSeconds()).isGreaterThanOrEqualTo(1.2).isLessThan(60);
        // the caller was still there: the goodbye followed the recording
        assertThat(pcm.writtenBytes()).isEqualTo(GREETING.concat(Prompt.beep(), GOODBYE).pcm());
        assertThat(at.commands().stream().filter("AT+CHUP"::equals)).hasSize(1);
    }

    @Test
    void callerHangupEndsTheRecordingWithoutGoodbye() throws Exception {
        CompletableFuture<VoicemailOutcome> f = call(VoicemailBox.builder().goodbye(GOODBYE));
        onRecorded(Duration.ofMillis(1500), a -> a.emitLine("VOICE CALL: END: 000012"));
        VoicemailMessage m = message(f);
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.CALLER_HANGUP);
        assertThat(m.durationSeconds()).isGreaterThanOrEqualTo(1.4);
        assertThat(pcm.writtenBytes()).isEqualTo(GREETING.concat(Prompt.beep()).pcm());
        assertThat(at.commands()).doesNotContain("AT+CHUP");
    }

    @Test
    void silenceEndsTheRecordingAndTrailingSilenceIsTrimmed() throws Exception {
        CompletableFuture<VoicemailOutcome> f = call(VoicemailBox.builder().silenceTimeout(Duration.ofSeconds(1)));
        onRecorded(Duration.ofMillis(1500), a -> silent = true);
        VoicemailMessage m = message(f);
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.SILENCE);
        byte[] audio;
        try (InputStream in = WavReader.openPcm(m.audioPath().orElseThrow())) {
            audio = in.readAllBytes();
        }
        int lastLoud = -1;
        for (int i = 0; i + 1 < audio.length; i += 2) {
            int sample = (short) ((audio[i] & 0xff) | (audio[i + 1] << 8));
            if (Math.abs(sample) > 1000) {
                lastLoud = i;
            }
        }
        assertThat(lastLoud).isGreaterThan(16000);
        double trailingSeconds = (audio.length - lastLoud) / 16000.0;
        // a second of silence ended it, but at most the 300 ms tail (+ a frame) is kept
        assertThat(trailingSeconds).isLessThanOrEqualTo(0.33);
    }

    @Test
    void transportLossEndsTheRecordingAndKeepsTheMessage() throws Exception {
        CompletableFuture<VoicemailOutcome> f = call(VoicemailBox.builder());
        onRecorded(Duration.ofMillis(1500), MockTransport::emitEof);
        VoicemailMessage m = message(f);
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.TRANSPORT_LOST);
        assertThat(m.durationSeconds()).isGreaterThanOrEqualTo(1.4);
        assertThat(Arrays.asList(dir.toFile().list())).containsExactlyInAnyOrder(m.id() + ".wav", m.id() + ".json");
    }

    @Test
    void interruptionEndsTheRecordingAndTheMessageIsStillSaved() throws Exception {
        CompletableFuture<VoicemailOutcome> f = call(VoicemailBox.builder());
        onRecorded(Duration.ofMillis(1500), a -> callThread.get().interrupt());
        // the call layer's record() currently fails to finalise its WAV on an interrupted thread
        // (ClosedByInterruptException); either way the box must keep the audio as a message
        VoicemailMessage m;
        try {
            m = message(f);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(VoicemailException.class);
            m = ((VoicemailException) e.getCause()).partialMessage().orElseThrow();
        }
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.INTERRUPTED);
        assertThat(m.durationSeconds()).isGreaterThanOrEqualTo(1.4);
        assertThat(WavReader.requireInternalFormat(m.audioPath().orElseThrow()).duration())
                .isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    }
}
