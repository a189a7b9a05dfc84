package io.github.modemvoice.readme;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.testing.MockModem;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReadmeTestKitExampleTest {
    @TempDir
    Path dir;

    @Test
    void example() throws Exception {
        byte[] pcm = Prompt.tone(440, Duration.ofSeconds(2), 0.3).pcm();
        VoicemailBox box = VoicemailBox.builder().directory(dir).greeting(Prompt.tone(800, Duration.ofSeconds(3), 0.2)).finishKeys("#").build();
        long t0 = System.nanoTime();
        try (MockModem m = MockModem.simcom().start(call -> { try (var s = call.answer()) { System.out.println(box.record(s)); } })) {
            m.ring("+15551234567").speak(pcm).press('#');
            m.awaitCommand("AT+CHUP");
        }
        System.out.println("took ms " + (System.nanoTime() - t0) / 1e6);
        try (var s = new DirectoryMessageStore(dir)) {
            System.out.println(s.list());
        }
    }
}
