package io.github.modemvoice.testing;

import io.github.modemvoice.audio.Dtmf;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.DtmfInput;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MockModemTest {
    private static final Duration T = Duration.ofSeconds(5);
    @TempDir
    Path dir;

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @EachGsmDialect
    void aHandlerTestIsAShortConversation(String family) throws Exception {
        CompletableFuture<Recording> rec = new CompletableFuture<>();
        RecordProbe probe = new RecordProbe();
        Path wav = dir.resolve("m.wav");
        try (MockModem m = (family.equals("simcom") ? MockModem.simcom() : MockModem.quectel()).start(call -> {
            try (CallSession s = call.answer()) {
                rec.complete(s.record(RecordOptions.builder(wav).finishKeys("#").listener(probe).build()));
            }
        })) {
            m.ring("+15551234567");
            probe.awaitStarted();
            m.speak(Prompt.tone(440, Duration.ofMillis(500), 0.3).pcm()).press('#');
            assertThat(await(rec).reason()).isEqualTo(TerminationReason.FINISH_KEY);
            m.awaitCommand("AT+CHUP");
        }
    }

    @EachGsmDialect
    void keysPressedBeforeTheAudioPathIsUpAreStillDelivered(String family) throws Exception {
        MockModem m = family.equals("simcom") ? MockModem.simcom() : MockModem.quectel();
        // the audio-on command is held back until the keys were sent: they arrive while the call
        // is being answered, before the session exists
        CountDownLatch keysSent = new CountDownLatch(1);
        String audioOn = family.equals("simcom") ? "AT+CPCMREG=1" : "AT+QPCMV=1,0";
        m.at().when(audioOn).once().then(t -> {
            try {
                assertThat(keysSent.await(5, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            t.emitLine("OK");
        });
        CompletableFuture<DtmfInput> keys = new CompletableFuture<>();
        try (m) {
            m.start(call -> {
                try (CallSession s = call.answer()) {
                    keys.complete(s.collectDtmf(3, T, T, Optional.empty()));
                }
            });
            m.ring("5551234");
            m.awaitCommand("ATA");
            // raw URCs: the caller's timeline waits for the host, these come now
            m.at().emitLine(Persona.of(family.equals("simcom") ? ModemModel.SIMCOM_SIM7600 : ModemModel.QUECTEL_EC25)
                    .dtmfLine('1'));
            m.at().emitLine(Persona.of(family.equals("simcom") ? ModemModel.SIMCOM_SIM7600 : ModemModel.QUECTEL_EC25)
                    .dtmfLine('2'));
            keysSent.countDown();
            m.awaitCommand(audioOn);
            m.press('3');
            assertThat(await(keys).digits()).isEqualTo("123");
        }
    }

    @Test
    void analogModelsAreTheSimulatorsJob() {
        assertThatThrownBy(() -> MockModem.of(ModemModel.USR_5637)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SimulatedModem");
    }

    @Test
    void pressRejectsWhatIsNoKey() {
        try (MockModem m = MockModem.simcom()) {
            assertThatThrownBy(() -> m.press("1x")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'x'");
        }
    }

    private static MockModem mock(String family) {
        return family.equals("simcom") ? MockModem.simcom() : MockModem.quectel();
    }

    private static VoicemailBox box(Path dir, Duration greeting) {
        return VoicemailBox.builder().directory(dir).greeting(Prompt.tone(440, greeting, 0.3)).build();
    }

    private static byte[] stored(VoicemailOutcome o) throws Exception {
        try (InputStream in = WavReader.openPcm(o.message().orElseThrow().audioPath().orElseThrow())) {
            return in.readAllBytes();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @EachGsmDialect
    void whatTheCallerSaysDuringTheGreetingIsNotRecorded(String family) throws Exception {
        byte[] early = Prompt.tone(600, Duration.ofSeconds(1), 0.3).pcm();
        byte[] message = Prompt.tone(900, Duration.ofMillis(1500), 0.3).pcm();
        try (MockModem m = mock(family).start(box(dir, Duration.ofSeconds(3)))) {
            // one second of speech over the 3 s greeting, quiet until the beep, then the message
            m.ring("+15551234567").speak(early).afterBeep().speak(message).press('#');
            VoicemailOutcome o = m.awaitOutcome();
            assertThat(stored(o)).isEqualTo(message);
        }
    }

    @EachGsmDialect
    void theSkipKeyCutsTheGreetingAndTheCallerIsRecordedFromThere(String family) throws Exception {
        byte[] message = Prompt.tone(900, Duration.ofSeconds(1), 0.3).pcm();
        try (MockModem m = mock(family).start(box(dir, Duration.ofSeconds(30)))) {
            m.ring("+15551234567").pause(Duration.ofSeconds(1)).press('#').afterBeep().speak(message).press('#');
            VoicemailOutcome o = m.awaitOutcome();
            assertThat(stored(o)).isEqualTo(message);
            // the 30 s greeting was cut after about 1.25 s (and the frames the host played before it
            // took the key), then the beep: far less than the greeting
            assertThat(m.heard().length).isGreaterThanOrEqualTo(1250 * 16)
                    .isLessThan(Prompt.tone(440, Duration.ofSeconds(10), 0.3).byteLength());
        }
    }

    @EachGsmDialect
    void aHangUpEndsTheRecordingWithEverythingSaidBeforeIt(String family) throws Exception {
        byte[] message = Prompt.tone(900, Duration.ofMillis(2500), 0.3).pcm();
        try (MockModem m = mock(family).start(box(dir, Duration.ofSeconds(2)))) {
            m.ring("+15551234567").afterBeep().speak(message).hangUp();
            VoicemailOutcome o = m.awaitOutcome();
            assertThat(o.terminationReason()).contains(TerminationReason.CALLER_HANGUP);
            assertThat(stored(o)).isEqualTo(message);
        }
    }

    @EachGsmDialect
    void scriptedSilenceEndsTheRecordingOnTheSilenceTimeout(String family) throws Exception {
        byte[] message = Prompt.tone(900, Duration.ofSeconds(1), 0.3).pcm();
        try (MockModem m = mock(family).start(box(dir, Duration.ofSeconds(1)))) {
            m.ring("+15551234567").afterBeep().speak(message).pause(Duration.ofSeconds(30));
            VoicemailOutcome o = m.awaitOutcome();
            assertThat(o.terminationReason()).contains(TerminationReason.SILENCE);
            byte[] kept = stored(o);
            assertThat(Arrays.copyOf(kept, message.length)).isEqualTo(message);
            assertThat(kept.length - message.length).as("trailing silence kept, bytes")
                    .isLessThan(16_000 * 5);
        }
    }

    @EachGsmDialect
    void aKeyPressIsTheFamilysURCAfterTheKeysTone(String family) throws Exception {
        Path wav = dir.resolve("k.wav");
        CompletableFuture<Recording> rec = new CompletableFuture<>();
        try (MockModem m = mock(family).start(call -> {
            try (CallSession s = call.answer()) {
                rec.complete(s.record(RecordOptions.builder(wav).finishKeys("#").keyToneTrim(Duration.ZERO).build()));
            }
        })) {
            m.ring("+15551234567").afterBeep().press('#');
            assertThat(await(rec).reason()).isEqualTo(TerminationReason.FINISH_KEY);
            byte[] press;
            try (InputStream in = WavReader.openPcm(wav)) {
                press = in.readAllBytes();
            }
            // 150 ms of silence, then 100 ms of the key's tone, all recorded before the URC
            assertThat(press).isEqualTo(concat(new byte[150 * 16], Dtmf.tone('#', Duration.ofMillis(100)).pcm()));
        }
    }
}
