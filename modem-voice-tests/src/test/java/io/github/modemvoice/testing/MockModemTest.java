package io.github.modemvoice.testing;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.DtmfInput;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.dialect.ModemModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
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
            m.press("12");
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
}
