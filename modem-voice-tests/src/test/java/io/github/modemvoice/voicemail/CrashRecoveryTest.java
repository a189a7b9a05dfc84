package io.github.modemvoice.voicemail;

import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.audio.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A real crash: a child JVM recording into a directory store is killed with SIGKILL, then recovered. */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void recordingKilledWithSigkillIsRecoveredWithAValidWav() throws Exception {
        String id = MessageIds.newId(Instant.parse("2026-11-21T22:15:03Z"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashingRecorder.class.getName(), dir.toString(), id)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long lastSynced = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            // bounded: the child prints a line per second of audio; give up after 60 lines or EOF
            for (int i = 0; i < 60 && lastSynced < 3 * 16000; i++) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                if (line.startsWith("synced ")) {
                    lastSynced = Long.parseLong(line.substring(7).trim());
                }
            }
            assertThat(lastSynced).as("audio the child forced to disk").isGreaterThanOrEqualTo(3 * 16000);
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, no header patch
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        Path part = dir.resolve(id + ".wav.part");
        assertThat(part).exists();
        assertThat(dir.resolve(id + ".part.json")).exists();

        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        VoicemailMessage m = RecoveryChecks.assertRecoversOneInterrupted(store, id, "call-crash-1");
        WavInfo info = WavReader.requireInternalFormat(m.audioPath().orElseThrow());
        // everything forced to disk survives; the child syncs every second of audio, so at most
        // the last second (plus the frame in flight) can be lost in a power cut; a SIGKILL loses none of it
        assertThat(info.dataLength()).isGreaterThanOrEqualTo(lastSynced);
        assertThat(info.dataLength() % 2).isZero();
        assertThat(Files.size(m.audioPath().get())).isEqualTo(44 + info.dataLength());
        assertThat(m.durationSeconds()).isEqualTo(info.dataLength() / 16000.0);
        assertThat(store.get(id)).contains(m);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(id + ".wav", id + ".json");
        }
    }
}
