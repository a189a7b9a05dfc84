package io.github.modemvoice.readme;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.testing.MockModem;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailMessage;
import io.github.modemvoice.voicemail.VoicemailOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's testing-kit example, as it is there: a VoicemailBox with a 3 s greeting, a caller
 * who waits for the beep, speaks two seconds and presses '#'. In virtual time the whole call takes
 * well under a second (the timeout is a safety net against a hang, not the measure).
 */
class TestKitExampleTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(10)
    void theMessageHoldsExactlyWhatTheCallerSaid() throws Exception {
        byte[] pcm = Prompt.tone(700, Duration.ofSeconds(2), 0.3).pcm();
        // --- README: testing kit ---
        VoicemailBox box = VoicemailBox.builder().directory(dir)
                .greeting(Prompt.tone(440, Duration.ofSeconds(3), 0.3)).build();
        try (MockModem m = MockModem.simcom().start(box)) {        // or MockModem.quectel()
            m.ring("+15551234567").afterBeep().speak(pcm).press('#');
            VoicemailOutcome o = m.awaitOutcome();                   // a message, or why none
            m.awaitCommand("AT+CHUP");                               // ... and m.commands(), m.heard()
        // --- end ---
            VoicemailMessage msg = o.message().orElseThrow();
            assertThat(msg.terminationReason()).isEqualTo(TerminationReason.FINISH_KEY);
            try (InputStream in = WavReader.openPcm(msg.audioPath().orElseThrow())) {
                assertThat(in.readAllBytes()).as("the stored audio is what the caller said").isEqualTo(pcm);
            }
            assertThat(m.heard().length).as("the greeting and the beep were played to the caller")
                    .isGreaterThanOrEqualTo(Prompt.tone(440, Duration.ofSeconds(3), 0.3).byteLength());
        }
    }
}
