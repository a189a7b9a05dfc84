package io.github.modemvoice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code demo --transcribe-command ... --webhook-receiver}: the full flow without hardware or a server. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theDemoTranscribesAndALocalReceiverGetsTheSignedNotification() throws Exception {
        Path dir = tmp.resolve("vm");
        // a "recogniser" whose answer is known: the WAV's size in bytes
        CliRun run = CliRun.of("demo", "--dir", dir.toString(),
                "--transcribe-command", "sh -c 'printf \"%s bytes\" $(wc -c < \"$0\")' {wav}", "--webhook-receiver");
        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitStatus.OK);
        Path wav;
        try (var files = Files.list(dir)) {
            wav = files.filter(f -> f.toString().endsWith(".wav")).findFirst().orElseThrow();
        }
        String said = Files.size(wav) + " bytes";
        String id = wav.getFileName().toString().replace(".wav", "");
        JsonNode stored = JSON.readTree(dir.resolve(id + ".json").toFile());
        assertThat(stored.get("transcript").asText()).isEqualTo(said);
        assertThat(run.out()).contains("The local webhook receiver got (signature valid, Idempotency-Key " + id + "):")
                .contains("\"transcript\" : \"" + said + "\"")
                .contains("  notification webhook: delivered");
    }
}
