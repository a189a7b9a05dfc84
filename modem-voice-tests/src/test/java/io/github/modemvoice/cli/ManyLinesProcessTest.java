package io.github.modemvoice.cli;

import io.github.modemvoice.machine.StatusFile;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code answer --config FILE} with two {@code [modem NAME]} sections, as a process, on two
 * simulated modems over pseudo-terminals: both answer, each message names its line, one modem
 * switched off leaves the other answering and {@code status} exiting 69, and SIGTERM stops it
 * cleanly.
 */
class ManyLinesProcessTest {
    @TempDir
    Path tmp;

    @Test
    void theDaemonAnswersOnEveryConfiguredModemAndOutlivesOneOfThem() throws Exception {
        Assumptions.assumeTrue(SimulatedModem.pseudoTerminalsAvailable(), "socat not installed: apt-get install socat");
        Path messages = tmp.resolve("messages");
        try (SimulatedModem north = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).onPseudoTerminals();
             SimulatedModem south = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).onPseudoTerminals()) {
            Path conf = tmp.resolve("modem-voice.conf");
            Files.writeString(conf, """
                    dir = %s
                    dialect = simcom
                    silence-seconds = 0
                    [modem north]
                    at-port = %s
                    audio-port = %s
                    [modem south]
                    at-port = %s
                    audio-port = %s
                    """.formatted(messages, north.hostAtPath().orElseThrow(), north.hostAudioPath().orElseThrow(),
                    south.hostAtPath().orElseThrow(), south.hostAudioPath().orElseThrow()));
            Path stdout = tmp.resolve("cli.out");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            if (Runtime.version().feature() >= 22) {
                cmd.add("--enable-native-access=ALL-UNNAMED"); // jSerialComm's native library, as the CLI jar's manifest grants
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "answer", "--config", conf.toString()));
            Process cli = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(stdout.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                await("ready", () -> read(stdout).contains("waiting for calls on 2 of 2 modems (north, south)"), stdout);
                assertThat(status(messages)).isEqualTo(StatusCommand.RUNNING);

                CallScript call = CallScript.builder().caller("+4915112345678").callerAudio(Prompt.tone(440, Duration.ofSeconds(2), 0.4))
                        .ending(CallScript.Ending.KEY).hangupTimeout(Duration.ofSeconds(30)).build();
                north.placeCall(call);
                south.placeCall(call);
                assertThat(north.awaitCallEnded(Duration.ofSeconds(60)).answered()).isTrue();
                assertThat(south.awaitCallEnded(Duration.ofSeconds(60)).answered()).isTrue();
                DirectoryMessageStore store = new DirectoryMessageStore(messages);
                await("both messages stored", () -> store.list().size() == 2, stdout);
                assertThat(store.list()).extracting(m -> m.line().orElse("?")).containsExactlyInAnyOrder("north", "south");
                assertThat(store.list()).allMatch(m -> m.durationSeconds() > 1.5);
                assertThat(read(stdout)).contains("[north] answered", "[south] answered");

                // south's modem is switched off: north goes on answering, status says one is down
                south.close();
                await("south's loss is in the status", () -> status(messages) == ExitStatus.MODEM_UNAVAILABLE, stdout);
                north.placeCall(call);
                assertThat(north.awaitCallEnded(Duration.ofSeconds(60)).answered()).isTrue();
                await("north's second message", () -> store.list().size() == 3, stdout);
                // the status file counts a call when its flow ends, just after its message is stored
                await("north's second call is counted", () -> callsHandledOnFirstLine(messages) == 2, stdout);
                JsonNode doc = StatusFile.read(messages).orElseThrow();
                assertThat(doc.path("lines").get(1).path("state").asText()).isIn("DOWN", "RECONNECTING");
                assertThat(read(stdout)).contains("[south] the modem on " + south.hostAtPath().orElseThrow() + " was lost; reconnecting");
                store.close();
            } finally {
                cli.destroy(); // SIGTERM
                assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM: %s", read(stdout)).isTrue();
            }
            assertThat(cli.exitValue()).as(read(stdout)).isEqualTo(ExitStatus.OK);
            assertThat(StatusFile.read(messages).orElseThrow().path("state").asText()).isEqualTo("STOPPED");
            assertThat(status(messages)).isEqualTo(StatusCommand.NOT_RUNNING);
        }
    }

    private static long callsHandledOnFirstLine(Path dir) {
        try {
            return StatusFile.read(dir).map(d -> d.path("lines").get(0).path("calls_handled").asLong()).orElse(-1L);
        } catch (java.io.IOException e) {
            return -1; // being rewritten: asked again
        }
    }

    private static int status(Path dir) {
        return new picocli.CommandLine(new StatusCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .execute("--dir", dir.toString());
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void await(String what, BooleanSupplier condition, Path stdout) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 60 s: " + what + "; the CLI said:\n" + read(stdout));
            }
            Thread.sleep(20); // polls a condition, bounded by the deadline
        }
    }
}
