package io.github.modemvoice.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTranscriberTest {
    @TempDir
    Path dir;

    @Test
    void readsTheProgramsOutputWithThePathSubstituted() throws Exception {
        Path wav = TestFiles.wav(dir, "msg.wav", Duration.ofMillis(200));
        Path script = TestFiles.script(dir, "engine.sh", """
                [ "$1" = "-f" ] || { echo "bad args: $*" >&2; exit 2; }
                [ -s "$2" ] || { echo "no wav at $2" >&2; exit 2; }
                printf '  Hello, please call me back. Gr\\xc3\\xbc\\xc3\\x9fe\\n\\n'""");

        String text = CommandTranscriber.of(script.toString(), "-f", "{wav}").transcribe(wav, Duration.ofSeconds(10));

        assertThat(text).isEqualTo("Hello, please call me back. Grüße");
    }

    @Test
    void killsTheProgramAndItsChildrenOnTimeout() throws Exception {
        Path wav = TestFiles.wav(dir, "msg.wav", Duration.ofMillis(100));
        Path pidFile = dir.resolve("child.pid");
        Path script = TestFiles.script(dir, "slow.sh", "sleep 30 & echo $! > " + pidFile + "\nwait");

        long start = System.nanoTime();
        assertThatThrownBy(() -> CommandTranscriber.of(script.toString(), "{wav}").transcribe(wav, Duration.ofMillis(700)))
                .isInstanceOf(TranscriptionException.class)
                .hasMessageContaining("slow.sh")
                .hasMessageContaining("killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        long child = Long.parseLong(Files.readString(pidFile).strip());
        Thread.sleep(200);
        assertThat(running(child)).as("sleep child killed").isFalse();
    }

    /** Alive and not a zombie (in containers an orphan's zombie may never be reaped). */
    private static boolean running(long pid) throws java.io.IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (Files.exists(Path.of("/proc/self/stat"))) {
            if (!Files.exists(stat)) {
                return false;
            }
            String s = Files.readString(stat);
            char state = s.charAt(s.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void nonZeroExitCarriesTheCodeAndTheStderrTail() throws Exception {
        Path wav = TestFiles.wav(dir, "msg.wav", Duration.ofMillis(100));
        Path script = TestFiles.script(dir, "broken.sh", "echo 'loading model' >&2\necho 'error: model file not found' >&2\nexit 3");

        assertThatThrownBy(() -> CommandTranscriber.of(script.toString(), "{wav}").transcribe(wav, Duration.ofSeconds(10)))
                .isInstanceOf(TranscriptionException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("error: model file not found");
    }

    @Test
    void tooMuchOutputIsRejected() throws Exception {
        Path wav = TestFiles.wav(dir, "msg.wav", Duration.ofMillis(100));
        Path script = TestFiles.script(dir, "chatty.sh", "head -c 200000 /dev/zero | tr '\\0' 'a'");

        assertThatThrownBy(() -> CommandTranscriber.of(script.toString(), "{wav}").withMaxOutputBytes(1000)
                .transcribe(wav, Duration.ofSeconds(10)))
                .isInstanceOf(TranscriptionException.class).hasMessageContaining("more than 1000 bytes");
    }

    @Test
    void missingProgramIsATranscriptionException() {
        Path wav = TestFiles.wav(dir, "msg.wav", Duration.ofMillis(100));
        assertThatThrownBy(() -> CommandTranscriber.of(dir.resolve("nope").toString(), "{wav}").transcribe(wav, Duration.ofSeconds(5)))
                .isInstanceOf(TranscriptionException.class).hasMessageContaining("cannot start");
    }

    @Test
    void commandIsValidated() {
        assertThatThrownBy(() -> CommandTranscriber.of("whisper-cli", "-f", "x.wav"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{wav}");
        assertThatThrownBy(() -> CommandTranscriber.of(java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command");
    }
}
