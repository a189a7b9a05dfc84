package io.github.modemvoice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.SimulatedCallReport;
import io.github.modemvoice.testing.SimulatedModem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls as real lines end and announce them, through {@code answer --once} as a separate process
 * against the simulated modems on socat pseudo-terminals: an analog caller who hangs up during
 * the greeting (the modem answers the beep's {@code AT+VTX} with {@code ERROR}), and a module
 * that reports each ring twice, with a blocked and with an allowed caller.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LineEndsProcessTest {
    private static final String CALLER = "+4915112344567";
    private static final String CALLER_DIGITS = "4915112344567";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private SimulatedModem sim;
    private CliProcess cli;

    @AfterEach
    void stop() throws Exception {
        try {
            if (cli != null) {
                cli.stop();
            }
        } finally {
            if (sim != null) {
                sim.close();
            }
        }
    }

    private static void assumeSocat() {
        Assumptions.assumeTrue(SimulatedModem.pseudoTerminalsAvailable(), "socat not installed: apt-get install socat");
    }

    private CliProcess start(ModemModel model, List<String> extra) throws Exception {
        Path greeting = tmp.resolve("greeting.wav");
        WavWriter.writeAll(greeting, Prompt.tone(600, Duration.ofMillis(2000), 0.5));
        List<String> args = new ArrayList<>(List.of("answer", "--once", "--dialect", model.family().cliName(),
                "--at-port", sim.hostAtPath().orElseThrow().toString()));
        if (model.needsAudioPort()) {
            args.addAll(List.of("--audio-port", sim.hostAudioPath().orElseThrow().toString()));
        }
        args.addAll(List.of("--dir", tmp.resolve("voicemail").toString(), "--greeting", greeting.toString(),
                "--min-seconds", "0", "--silence-seconds", "1"));
        args.addAll(extra);
        cli = CliProcess.start(tmp, args);
        cli.awaitStdout("waiting for calls", Duration.ofSeconds(30));
        return cli;
    }

    private List<Path> messageFiles() throws IOException {
        Path dir = tmp.resolve("voicemail");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            // the status file (which --once writes too) is not a message
            return s.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(io.github.modemvoice.machine.StatusFile.NAME))
                    .collect(Collectors.toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ModemModel.class, names = {"USR_5637", "CONEXANT_CX93001"})
    void anAnalogCallerWhoHangsUpDuringTheGreetingLeavesNoMessageAndTheExitIsZero(ModemModel model) throws Exception {
        assumeSocat();
        sim = SimulatedModem.builder(model).onPseudoTerminals();
        CliProcess run = start(model, List.of());
        // hangs up 0.3 s into the 2 s greeting: the modem reports busy tone, then refuses AT+VTX for the beep
        sim.placeCall(CallScript.builder().caller(CALLER).ringInterval(Duration.ofMillis(200))
                .speakAfter(Duration.ofMillis(100)).callerAudio(Prompt.silence(Duration.ofMillis(200)))
                .hangupTimeout(Duration.ofSeconds(20)).ending(CallScript.Ending.HANGUP).build());

        int exit = run.awaitExit();
        SimulatedCallReport report = sim.awaitCallEnded(Duration.ofSeconds(20));
        String stdout = run.stdout();
        String stderr = run.stderr();
        assertThat(exit).as("exit; %s", run).isEqualTo(ExitStatus.OK);
        assertThat(report.endedBy()).isEqualTo(SimulatedCallReport.EndedBy.CALLER);
        assertThat(CliOutput.split(stdout).human()).as("%s", run)
                .contains("  no message stored: the caller hung up before the beep")
                .noneMatch(l -> l.contains("voicemail failed") || l.contains("was not kept"));
        assertThat(stderr).as("logs").doesNotContain("WARN").doesNotContain("Exception").doesNotContain(CALLER_DIGITS);
        assertThat(messageFiles()).isEmpty();
        assertThat(report.commands()).as("the line went on hook").contains("ATH");
    }

    @Test
    void aModuleThatReportsRingTwiceStillScreensABlockedCaller() throws Exception {
        assumeSocat();
        sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).ringsTwice(true).onPseudoTerminals();
        Path block = tmp.resolve("block.txt");
        Files.writeString(block, CALLER + "\n");
        CliProcess run = start(ModemModel.SIMCOM_SIM7600, List.of("--block-list", block.toString()));
        sim.placeCall(CallScript.builder().caller(CALLER).rings(3).ringInterval(Duration.ofMillis(1000))
                .hangupTimeout(Duration.ofSeconds(10)).ending(CallScript.Ending.NO_ANSWER).build());

        int exit = run.awaitExit();
        SimulatedCallReport report = sim.awaitCallEnded(Duration.ofSeconds(20));
        assertThat(report.answered()).as("the blocked caller was never answered; %s; %s", report, run).isFalse();
        assertThat(exit).as("%s", run).isEqualTo(ExitStatus.OK);
        assertThat(CliOutput.split(run.stdout()).human()).as("%s", run).anyMatch(l -> l.contains("screened"));
        assertThat(messageFiles()).as("nothing recorded").isEmpty();
        assertThat(report.commands()).doesNotContain("ATA");
    }

    @Test
    void aModuleThatReportsRingTwiceKeepsTheCallerIdOfAnAllowedCaller() throws Exception {
        assumeSocat();
        sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).ringsTwice(true).onPseudoTerminals();
        Path block = tmp.resolve("block.txt");
        Files.writeString(block, "+4930*\n");
        CliProcess run = start(ModemModel.SIMCOM_SIM7600, List.of("--block-list", block.toString()));
        sim.placeCall(CallScript.builder().caller(CALLER).ringInterval(Duration.ofMillis(1000))
                .hostPause(Duration.ofMillis(400)).callerAudio(Prompt.tone(440, Duration.ofMillis(600), 0.3))
                .hangupTimeout(Duration.ofSeconds(20)).ending(CallScript.Ending.HANGUP).build());

        int exit = run.awaitExit();
        sim.awaitCallEnded(Duration.ofSeconds(20));
        assertThat(exit).as("%s", run).isEqualTo(ExitStatus.OK);
        List<Path> json = messageFiles().stream().filter(p -> p.toString().endsWith(".json")).collect(Collectors.toList());
        assertThat(json).as("%s", run).hasSize(1);
        JsonNode stored = JSON.readTree(json.get(0).toFile());
        assertThat(stored.get("caller").asText()).isEqualTo(CALLER);
        assertThat(stored.get("caller_redacted").asText()).isEqualTo("+***4567");
    }
}
