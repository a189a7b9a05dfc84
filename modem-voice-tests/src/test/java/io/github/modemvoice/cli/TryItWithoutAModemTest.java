package io.github.modemvoice.cli;

import io.github.modemvoice.testing.SimulatedModem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's "Try it first without one" as written: its command lines, read from the README,
 * run as processes in a fresh directory: {@code simulate} puts a modem on pseudo-terminals and
 * writes the configuration, {@code answer} runs as a daemon on it, {@code status} says it runs
 * with the modem up, {@code list} shows both messages; then both stop on SIGTERM, cleanly.
 */
class TryItWithoutAModemTest {
    private static final String JAR = "java -jar target/modem-voice-cli.jar ";

    @TempDir
    Path tmp;

    /** @return the command lines of the README's block, without the program and without a trailing {@code &} */
    static List<List<String>> readmeCommands() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("### Try it first without one");
        assertThat(section).as("the README has the section").isNotNegative();
        int open = readme.indexOf("```\n", section) + 4;
        int close = readme.indexOf("```", open);
        List<List<String>> commands = new ArrayList<>();
        for (String line : readme.substring(open, close).strip().split("\n")) {
            assertThat(line).startsWith(JAR);
            String rest = line.substring(JAR.length()).strip();
            if (rest.endsWith("&")) {
                rest = rest.substring(0, rest.length() - 1).strip();
            }
            commands.add(ShellWords.split("README", rest));
        }
        return commands;
    }

    @Test
    void theReadmesCommandsWork() throws Exception {
        assumeTrue(SimulatedModem.pseudoTerminalsAvailable(), "socat is not installed");
        List<List<String>> commands = readmeCommands();
        assertThat(commands).extracting(c -> c.get(0)).containsExactly("simulate", "answer", "status", "list");
        Path work = Files.createDirectories(tmp.resolve("fresh"));
        CliProcess simulate = CliProcess.start(tmp, commands.get(0), work);
        CliProcess answer = null;
        try {
            simulate.awaitStdout("configuration for answer --config FILE:", Duration.ofSeconds(30));
            assertThat(simulate.stderr()).contains("wrote sim.conf");
            answer = CliProcess.start(tmp, commands.get(1), work);
            answer.awaitStdout("waiting for calls", Duration.ofSeconds(30));
            // both calls, one after the other, each once the daemon was ready
            simulate.awaitStdout("call 2 over: host", Duration.ofSeconds(90));
            answer.awaitStdout("call ended: message", Duration.ofSeconds(10));

            CliProcess status = CliProcess.start(tmp, commands.get(2), work);
            assertThat(status.awaitExit()).as("%s", status).isEqualTo(ExitStatus.OK);
            assertThat(status.stdout()).startsWith("running, the modem is up").contains("calls handled:  2 (2 messages stored)");

            CliProcess list = CliProcess.start(tmp, commands.get(3), work);
            assertThat(list.awaitExit()).as("%s", list).isEqualTo(ExitStatus.OK);
            assertThat(list.stdout().lines().filter(l -> l.matches("\\d{8}T\\d{6}Z-\\S+ +new .*FINISH_KEY.*"))).hasSize(2);
            assertThat(list.stdout()).doesNotContain("4915112344567");

            answer.process().destroy(); // kill %2
            assertThat(answer.awaitExit()).as("%s", answer).isEqualTo(ExitStatus.OK);
            assertThat(answer.stdout()).contains("stopped");
            simulate.process().destroy(); // kill %1
            assertThat(simulate.awaitExit()).as("%s", simulate).isEqualTo(ExitStatus.OK);
        } finally {
            if (answer != null) {
                answer.stop();
            }
            simulate.stop();
        }
    }
}
