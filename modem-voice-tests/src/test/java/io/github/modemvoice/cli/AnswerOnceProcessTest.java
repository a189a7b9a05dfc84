package io.github.modemvoice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.CallScript.Ending;
import io.github.modemvoice.testing.SimEvent;
import io.github.modemvoice.testing.SimulatedCallReport;
import io.github.modemvoice.testing.SimulatedCallReport.EndedBy;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.RecordingInProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code answer --once} as a separate process (the real CLI, its real {@code SerialTransport})
 * against the simulated modem on socat pseudo-terminals in this JVM: every dialect the simulator
 * speaks, every way a call can end; the exit code, the stored message and the output are checked.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AnswerOnceProcessTest {
    private static final String CALLER = "+4915112344567";
    private static final String CALLER_DIGITS = "4915112344567";
    private static final Duration CLI_START = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the simulated caller says: short, so that each call takes a few seconds. */
    private static final Prompt VOICE = Prompt.tone(440, Duration.ofMillis(600), 0.3);

    @TempDir
    static Path prompts;
    private static Path greeting;
    private static Path longGreeting;

    @TempDir
    Path tmp;
    private SimulatedModem sim;
    private volatile Process cli;
    private Set<Long> processesBefore;

    /** How a call ends, with what the CLI is told and what it must have stored. */
    enum Case {
        FINISH_KEY(Ending.KEY, "FINISH_KEY", EndedBy.HOST, "the caller pressed #"),
        CALLER_HANGUP(Ending.HANGUP, "CALLER_HANGUP", EndedBy.CALLER, "the caller hung up"),
        SILENCE(Ending.SILENCE, "SILENCE", EndedBy.HOST, "the caller stopped speaking"),
        LENGTH_LIMIT(Ending.LENGTH_LIMIT, "MAX_DURATION", EndedBy.HOST, "the length limit was reached"),
        LINE_DROPPED(Ending.DROP_LINE, "TRANSPORT_LOST", EndedBy.LINE_DROPPED, "the modem was lost"),
        HANGUP_DURING_GREETING(Ending.HANGUP, null, EndedBy.CALLER, "the caller hung up before the beep"),
        OPEN_HOURS_NOT_ANSWERED(Ending.NO_ANSWER, null, EndedBy.MISSED, "left ringing");

        final Ending ending;
        final String terminationReason;
        final EndedBy endedBy;
        final String says;

        Case(Ending ending, String terminationReason, EndedBy endedBy, String says) {
            this.ending = ending;
            this.terminationReason = terminationReason;
            this.endedBy = endedBy;
            this.says = says;
        }

        boolean storesMessage() {
            return terminationReason != null;
        }
    }

    static Stream<Arguments> dialectsAndEndings() {
        return Arrays.stream(ModemModel.values())
                .flatMap(v -> Arrays.stream(Case.values()).map(c -> Arguments.of(v, c)));
    }

    @BeforeAll
    static void writePrompts() {
        greeting = prompts.resolve("greeting.wav");
        WavWriter.writeAll(greeting, Prompt.tone(600, Duration.ofMillis(500), 0.5));
        longGreeting = prompts.resolve("long-greeting.wav");
        WavWriter.writeAll(longGreeting, Prompt.tone(600, Duration.ofMillis(2000), 0.5));
    }

    @BeforeEach
    void noteProcesses() {
        processesBefore = childProcesses();
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            Process p = cli;
            if (p != null && p.isAlive()) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (sim != null) {
                sim.close(); // stops both socat processes
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Set<Long> left = leftOver();
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(50); // polls for the processes to be reaped, bounded
            left = leftOver();
        }
        assertThat(left).as("child processes (CLI, socat) left running").isEmpty();
    }

    private Set<Long> leftOver() {
        Set<Long> now = childProcesses();
        now.removeAll(processesBefore);
        return now;
    }

    private static Set<Long> childProcesses() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }

    private static void assumeSocat() {
        Assumptions.assumeTrue(SimulatedModem.pseudoTerminalsAvailable(), "socat not installed: apt-get install socat");
    }

    // ------------------------------------------------------------------------------ every ending

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dialectsAndEndings")
    void answerOnce(ModemModel variant, Case c) throws Exception {
        answerOnce(variant, c, variant.family().cliName());
    }

    /** {@code --dialect auto} finds the analog modem and its model from {@code ATI0} / {@code ATI3}. */
    @Test
    void autoDetectsAnAnalogModemAndItsModel() throws Exception {
        Run r = answerOnce(ModemModel.USR_5637, Case.FINISH_KEY, "auto");
        assertThat(CliOutput.split(r.stdout).human()).as("%s", r.cli)
                .anyMatch(l -> l.contains("detected a v253 modem"))
                .anyMatch(l -> l.contains("(v253-usr5637 dialect)"));
        assertThat(sim.commands()).contains("ATI3", "AT+VSM=128,8000"); // the USR's own signed 8-bit format
    }

    /** What a run left to look at further. */
    private record Run(CliProcess cli, String stdout, SimulatedCallReport report) {
    }

    private Run answerOnce(ModemModel variant, Case c, String dialect) throws Exception {
        return answerOnce(variant, c, dialect, List.of(), ExitStatus.OK);
    }

    private Run answerOnce(ModemModel variant, Case c, String dialect, List<String> extra, int expectedExit) throws Exception {
        assumeSocat();
        AtomicReference<Boolean> cliAliveWhenCallEnded = new AtomicReference<>();
        sim = SimulatedModem.builder(variant)
                .listener(e -> {
                    if (e.type() == SimEvent.Type.CALL_ENDED) {
                        Process p = cli;
                        cliAliveWhenCallEnded.set(p != null && p.isAlive());
                    }
                })
                .onPseudoTerminals();
        Path dir = tmp.resolve("voicemail");

        List<String> args = new ArrayList<>(List.of("answer", "--once", "--dialect", dialect,
                "--at-port", sim.hostAtPath().orElseThrow().toString()));
        if (variant.needsAudioPort()) {
            args.addAll(List.of("--audio-port", sim.hostAudioPath().orElseThrow().toString()));
        } else {
            assertThat(sim.hostAudioPath()).as("one pseudo-terminal pair: audio on the AT port").isEmpty();
        }
        args.addAll(List.of("--dir", dir.toString(),
                "--greeting", (c == Case.HANGUP_DURING_GREETING ? longGreeting : greeting).toString(),
                "--min-seconds", "0",
                "--silence-seconds", "1"));
        if (c == Case.LENGTH_LIMIT) {
            args.addAll(List.of("--max-seconds", "2"));
        }
        args.addAll(extra);
        if (c == Case.OPEN_HOURS_NOT_ANSWERED) {
            Path hours = tmp.resolve("always-open.json");
            Files.writeString(hours, "{ \"zone\": \"UTC\", \"weekly\": {"
                    + Stream.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
                    .map(d -> "\"" + d + "\": [\"00:00-24:00\"]").collect(Collectors.joining(", "))
                    + "} }");
            args.addAll(List.of("--business-hours", hours.toString()));
        }
        CliProcess run = startCli(args);
        run.awaitStdout("waiting for calls", CLI_START);

        CallScript.Builder script = CallScript.builder()
                .caller(CALLER)
                .ringInterval(Duration.ofMillis(200))
                // the caller speaks after the greeting and the beep: a pause in the host's audio this
                // long; shorter ones can occur within the prompts on a loaded machine
                .hostPause(Duration.ofMillis(400))
                .callerAudio(VOICE)
                .hangupTimeout(Duration.ofSeconds(20))
                .ending(c.ending);
        if (c == Case.HANGUP_DURING_GREETING) {
            // hangs up 0.3 s into the 2 s greeting
            script.speakAfter(Duration.ofMillis(100)).callerAudio(Prompt.silence(Duration.ofMillis(200)));
        }
        if (c == Case.OPEN_HOURS_NOT_ANSWERED) {
            script.rings(4).ringInterval(Duration.ofMillis(300));
        }
        sim.placeCall(script.build());

        int exit = run.awaitExit();
        SimulatedCallReport report = sim.awaitCallEnded(Duration.ofSeconds(20));
        String stdout = run.stdout();
        System.out.println(variant + " " + c + ": " + run); // kept in the surefire report
        assertThat(exit).as("exit code; %s", run).isEqualTo(expectedExit);
        assertThat(report.endedBy()).as("%s", report).isEqualTo(c.endedBy);
        assertThat(report.answered()).isEqualTo(c != Case.OPEN_HOURS_NOT_ANSWERED);
        assertThat(report.unknownCommands()).isEmpty();

        CliOutput out = CliOutput.split(stdout);
        assertThat(out.human()).as("human output; %s", run)
                .anyMatch(l -> l.contains("waiting for calls"))
                .anyMatch(l -> l.contains("incoming call from +***4567"))
                .anyMatch(l -> l.contains(c.says))
                .noneMatch(l -> l.contains(CALLER_DIGITS));
        assertThat(run.stderr()).as("stderr (logs)").doesNotContain(CALLER_DIGITS);

        List<Path> files = messageFiles(dir);
        JsonNode status = JSON.readTree(dir.resolve(io.github.modemvoice.machine.StatusFile.NAME).toFile());
        assertThat(status.path("state").asText()).as("--once writes the status file as the daemon does").isEqualTo("STOPPED");
        assertThat(status.path("calls_handled").asLong()).as("%s", status).isLessThanOrEqualTo(1);
        if (!c.storesMessage()) {
            assertThat(out.json()).as("no message JSON; %s", run).isEmpty();
            assertThat(out.human()).as("says why; %s", run).anyMatch(l -> l.equals("  no message stored: "
                    + (c == Case.HANGUP_DURING_GREETING ? "the caller hung up before the beep" : "handler stepped away")));
            assertThat(files).as("nothing stored").isEmpty();
            if (c == Case.HANGUP_DURING_GREETING) {
                // the one-line summary says why in words, never an enum constant
                assertThat(out.human()).as("%s", run).contains("  call ended: no message: the caller hung up before the beep");
            }
            if (c == Case.OPEN_HOURS_NOT_ANSWERED) {
                assertThat(cliAliveWhenCallEnded.get()).as("--once waits for the ringing call to end").isTrue();
            }
            return new Run(run, stdout, report);
        }

        assertThat(out.json()).as("the message JSON on stdout; %s", run).isPresent();
        JsonNode printed = out.json().get();
        String id = printed.get("id").asText();
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder(id + ".wav", id + ".json");
        JsonNode stored = JSON.readTree(dir.resolve(id + ".json").toFile());
        assertThat(printed).isEqualTo(stored);
        assertThat(stored.get("termination_reason").asText()).isEqualTo(c.terminationReason);
        assertThat(stored.get("caller").asText()).isEqualTo(CALLER);
        assertThat(stored.get("caller_redacted").asText()).isEqualTo("+***4567");
        WavInfo wav = WavReader.requireInternalFormat(dir.resolve(id + ".wav"));
        assertThat(wav.dataLength()).as("audio kept").isPositive();
        assertThat(stored.get("duration_seconds").asDouble()).isCloseTo(wav.dataLength() / 16000.0,
                org.assertj.core.data.Offset.offset(0.01));
        switch (c) {
            case FINISH_KEY -> assertThat(stored.get("finish_key").asText()).isEqualTo("#");
            case LENGTH_LIMIT -> assertThat(stored.get("duration_seconds").asDouble()).isCloseTo(2.0,
                    org.assertj.core.data.Offset.offset(0.05));
            default -> {
            }
        }
        if (!variant.needsAudioPort()) {
            // the greeting went out as 8-bit audio on the AT port and came back whole
            assertThat(report.hostAudioDuration()).as("%s", report).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            assertThat(report.commands()).containsSubsequence("AT+VLS=1", "AT+VTX", "<DLE><ETX>", "AT+VRX");
        }
        return new Run(run, stdout, report);
    }

    // ------------------------------------------------------------------------------ notifications

    private Path secretFile() throws IOException {
        Path f = tmp.resolve("webhook.secret");
        Files.writeString(f, "a-webhook-secret-of-32-characters\n");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void onceWaitsForTheWebhookAndSaysItWasDelivered() throws Exception {
        try (WebhookSink hook = new WebhookSink()) {
            Run r = answerOnce(ModemModel.SIMCOM_SIM7600, Case.FINISH_KEY, "simcom",
                    List.of("--webhook", hook.url(), "--webhook-secret-file", secretFile().toString()), ExitStatus.OK);
            String id = CliOutput.split(r.stdout).json().orElseThrow().get("id").asText();
            assertThat(hook.keys).as("delivered once, before the CLI exited; %s", r.cli).containsExactly(id);
            assertThat(CliOutput.split(r.stdout).human()).anyMatch(l -> l.equals("  notification webhook: delivered"));
            assertThat(r.cli.stderr()).doesNotContain("rejected by the executor").doesNotContain("warning");
        }
    }

    @Test
    void aWebhookAnswering404IsReportedAsFailedForGoodAndTheExitSaysSo() throws Exception {
        try (WebhookSink hook = new WebhookSink()) {
            hook.status = 404;
            Run r = answerOnce(ModemModel.SIMCOM_SIM7600, Case.FINISH_KEY, "simcom",
                    List.of("--webhook", hook.url(), "--webhook-secret-file", secretFile().toString()), ExitStatus.NOT_DELIVERED);
            assertThat(hook.keys).hasSize(1);
            assertThat(CliOutput.split(r.stdout).human()).as("%s", r.cli)
                    .anyMatch(l -> l.contains("notification webhook: failed for good (HTTP 404)"))
                    .noneMatch(l -> l.contains("delivered"));
        }
    }

    @Test
    void anUnreachableWebhookIsReportedAsQueuedWithItsOutboxFile() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String secret = "a-webhook-secret-of-32-characters";
        Run r = answerOnce(ModemModel.SIMCOM_SIM7600, Case.FINISH_KEY, "simcom",
                List.of("--webhook", "http://127.0.0.1:" + closedPort + "/hook", "--webhook-secret", secret,
                        "--notify-wait", "2"), ExitStatus.NOT_DELIVERED);
        String id = CliOutput.split(r.stdout).json().orElseThrow().get("id").asText();
        assertThat(CliOutput.split(r.stdout).human()).as("%s", r.cli)
                .anyMatch(l -> l.contains("notification webhook: queued for retry")
                        && l.contains(tmp.resolve("voicemail/outbox/" + id + ".webhook.json").toString()));
        assertThat(Files.exists(tmp.resolve("voicemail/outbox/" + id + ".webhook.json"))).isTrue();
        assertThat(r.cli.stderr()).as("the secret on the command line is warned about")
                .contains("--webhook-secret is visible to every user of this machine in ps");
    }

    @Test
    void sigtermOfTheDaemonIsACleanStop() throws Exception {
        assumeSocat();
        sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).onPseudoTerminals();
        CliProcess run = startCli(List.of("answer", "--dialect", "simcom",
                "--at-port", sim.hostAtPath().orElseThrow().toString(),
                "--audio-port", sim.hostAudioPath().orElseThrow().toString(),
                "--dir", tmp.resolve("voicemail").toString(), "--greeting", greeting.toString()));
        run.awaitStdout("waiting for calls", CLI_START);
        run.process().destroy(); // SIGTERM
        assertThat(run.awaitExit()).as("%s", run).isEqualTo(ExitStatus.OK);
        assertThat(run.stdout()).contains("  stopped").doesNotContain("the modem was lost");
    }

    /** A stable name for a port, as /dev/serial/by-id gives one: re-pointed when the device comes back. */
    private static void link(Path name, Path target) throws IOException {
        Path fresh = name.resolveSibling(name.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        Files.createSymbolicLink(fresh, target);
        Files.move(fresh, name, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theDaemonReconnectsWhenThePortVanishesAndComesBackUnderItsStableName() throws Exception {
        assumeSocat();
        sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).onPseudoTerminals();
        Path at = tmp.resolve("usb-SimTech-if02-port0");
        Path pcm = tmp.resolve("usb-SimTech-if04-port0");
        link(at, sim.hostAtPath().orElseThrow());
        link(pcm, sim.hostAudioPath().orElseThrow());
        Path dir = tmp.resolve("voicemail");
        CliProcess run = startCli(List.of("answer", "--dialect", "simcom", "--at-port", at.toString(), "--audio-port", pcm.toString(),
                "--dir", dir.toString(), "--greeting", greeting.toString(), "--min-seconds", "0", "--silence-seconds", "1"));
        run.awaitStdout("waiting for calls", CLI_START);
        assertThat(inProcess("status", "--dir", dir.toString())).startsWith("0\n").contains("running, the modem is up");

        sim.close(); // the USB modem re-enumerates: its ports vanish...
        run.awaitStdout("was lost; reconnecting", Duration.ofSeconds(20));
        sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).onPseudoTerminals();
        link(at, sim.hostAtPath().orElseThrow()); // ...and come back as other ttys under the same stable names
        link(pcm, sim.hostAudioPath().orElseThrow());
        run.awaitStdout("is back", Duration.ofSeconds(45));

        sim.placeCall(CallScript.builder().caller(CALLER).ringInterval(Duration.ofMillis(200))
                .hostPause(Duration.ofMillis(400)).callerAudio(VOICE).hangupTimeout(Duration.ofSeconds(20))
                .ending(Ending.KEY).build());
        // the status file counts the call when its flow ends, just after the message is saved
        run.awaitStdout("call ended", Duration.ofSeconds(40));
        String status = inProcess("status", "--dir", dir.toString(), "--json");
        JsonNode json = JSON.readTree(status.substring(status.indexOf('\n') + 1));
        assertThat(json.path("state").asText()).isEqualTo("UP");
        assertThat(json.path("reconnects").asLong()).isEqualTo(1);
        assertThat(json.path("calls_handled").asLong()).isEqualTo(1);
        assertThat(json.path("messages_stored").asLong()).isEqualTo(1);
        assertThat(json.path("last_error").path("message").asText()).contains("was lost");

        run.process().destroy(); // SIGTERM
        assertThat(run.awaitExit()).as("%s", run).isEqualTo(ExitStatus.OK);
        assertThat(inProcess("status", "--dir", dir.toString())).startsWith(StatusCommand.NOT_RUNNING + "\n")
                .contains("stopped cleanly");
        assertThat(run.stdout()).doesNotContain("exiting");
    }

    @Test
    void sigtermOfOnceBeforeACallIsInterrupted() throws Exception {
        assumeSocat();
        sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).onPseudoTerminals();
        CliProcess run = startCli(List.of("answer", "--once", "--dialect", "simcom",
                "--at-port", sim.hostAtPath().orElseThrow().toString(),
                "--audio-port", sim.hostAudioPath().orElseThrow().toString(),
                "--dir", tmp.resolve("voicemail").toString(), "--greeting", greeting.toString()));
        run.awaitStdout("waiting for calls", CLI_START);
        run.process().destroy();
        assertThat(run.awaitExit()).as("%s", run).isEqualTo(ExitStatus.INTERRUPTED);
        assertThat(run.stdout()).contains("stopped before a call completed").doesNotContain("the modem was lost");
    }

    @Test
    void aMissingSecretFileIsAConfigurationError() throws Exception {
        CliProcess run = startCli(List.of("answer", "--once", "--at-port", tmp.resolve("tty").toString(), "--dir",
                tmp.resolve("vm").toString(), "--webhook", "http://127.0.0.1:9/x", "--webhook-secret-file",
                tmp.resolve("no-such.secret").toString()));
        assertThat(run.awaitExit()).as("%s", run).isEqualTo(ExitStatus.CONFIG);
        assertThat(run.stderr()).contains("--webhook-secret-file", tmp.resolve("no-such.secret").toString());
    }

    @Test
    void anUnknownOptionIsAUsageError() throws Exception {
        CliProcess run = startCli(List.of("answer", "--no-such-option"));
        assertThat(run.awaitExit()).as("%s", run).isEqualTo(ExitStatus.USAGE);
    }

    // ------------------------------------------------------------------------------ modem missing

    @Test
    void unopenablePortIsModemUnavailableNamingThePort() throws Exception {
        Path missing = tmp.resolve("nonexistent-tty");
        CliProcess run = startCli(List.of("answer", "--once", "--at-port", missing.toString(), "--dir",
                tmp.resolve("vm").toString()));
        assertThat(run.awaitExit()).as("%s", run).isEqualTo(ExitStatus.MODEM_UNAVAILABLE);
        assertThat(run.stderr()).contains(missing.toString());
        assertThat(run.stdout()).doesNotContain("waiting for calls");
    }

    @ParameterizedTest
    @EnumSource(ModemModel.class)
    void unopenablePortWithAnExplicitDialectIsModemUnavailable(ModemModel variant) throws Exception {
        Path missing = tmp.resolve("nonexistent-tty");
        CliProcess run = startCli(List.of("answer", "--once", "--dialect", variant.family().cliName(), "--at-port",
                missing.toString(), "--audio-port", tmp.resolve("nonexistent-pcm").toString(), "--dir",
                tmp.resolve("vm").toString()));
        assertThat(run.awaitExit()).as("%s", run).isEqualTo(ExitStatus.MODEM_UNAVAILABLE);
        assertThat(run.stderr()).contains(missing.toString());
    }

    // ------------------------------------------------------------------------------ list, show, recover

    @Test
    void recoverListAndShowAMessageLeftByACrash() throws Exception {
        Path dir = tmp.resolve("vm");
        // a directory that does not exist is said as such, not shown as an empty mailbox
        for (String command : List.of("list", "recover")) {
            CliRun missing = CliRun.ofMain(command, "--dir", dir.toString());
            assertThat(missing.status()).as(command).isEqualTo(ExitStatus.STORAGE_UNUSABLE);
            assertThat(missing.err()).as(command).contains("the message directory " + dir + " does not exist");
        }
        Files.createDirectories(dir);
        assertThat(inProcess("list", "--dir", dir.toString())).startsWith("0\n").contains("no messages in");
        assertThat(inProcess("recover", "--dir", dir.toString())).startsWith("0\n").contains("nothing to recover");

        String id = MessageIds.newId(Instant.parse("2026-11-21T22:15:03Z"));
        try (DirectoryMessageStore store = new DirectoryMessageStore(dir)) {
            Path part = store.beginRecording(new RecordingInProgress(id, "call-1", Optional.of(CALLER), "+***4567",
                    CallerPrivacy.Policy.FULL, Instant.parse("2026-11-21T22:15:03Z")));
            try (WavWriter w = WavWriter.create(part)) {
                w.write(Prompt.tone(440, Duration.ofMillis(1500), 0.3).pcm());
                w.sync();
            }
        }
        String recovered = inProcess("recover", "--dir", dir.toString());
        assertThat(recovered).startsWith("0\n").contains("recovered " + id + " (1.5 s, caller +***4567)")
                .doesNotContain(CALLER_DIGITS);
        WavReader.requireInternalFormat(dir.resolve(id + ".wav"));

        String list = inProcess("list", "--dir", dir.toString());
        assertThat(list).startsWith("0\n").contains(id, "+***4567", "INTERRUPTED", " new ").doesNotContain(CALLER_DIGITS);

        String show = inProcess("show", "--dir", dir.toString(), id);
        assertThat(show).startsWith("0\n").contains("audio: " + dir.resolve(id + ".wav"));
        JsonNode json = JSON.readTree(show.substring(2, show.indexOf("\naudio: ")));
        assertThat(json.get("id").asText()).isEqualTo(id);
        assertThat(json.get("caller").asText()).isEqualTo(CALLER);
        assertThat(json.get("termination_reason").asText()).isEqualTo("INTERRUPTED");

        String absent = MessageIds.newId(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(inProcess("show", "--dir", dir.toString(), absent)).isEqualTo(ExitStatus.NO_SUCH_MESSAGE + "\n");
    }

    @Test
    void recoverWithAWebhookNotifiesTheMessagesItFinished() throws Exception {
        Path dir = tmp.resolve("vm");
        String id = MessageIds.newId(Instant.now());
        try (DirectoryMessageStore store = new DirectoryMessageStore(dir)) {
            Path part = store.beginRecording(new RecordingInProgress(id, "call-1", Optional.of(CALLER), "+***4567",
                    CallerPrivacy.Policy.FULL, Instant.now()));
            try (WavWriter w = WavWriter.create(part)) {
                w.write(Prompt.tone(440, Duration.ofMillis(500), 0.3).pcm());
                w.sync();
            }
        }
        try (WebhookSink hook = new WebhookSink()) {
            String out = inProcess("recover", "--dir", dir.toString(), "--webhook", hook.url(),
                    "--webhook-secret-file", secretFile().toString());
            assertThat(out).startsWith("0\n").contains("recovered " + id, "notification webhook: delivered");
            assertThat(hook.keys).containsExactly(id);
            // run again: nothing new to recover, nothing sent twice
            assertThat(inProcess("recover", "--dir", dir.toString(), "--webhook", hook.url(),
                    "--webhook-secret-file", secretFile().toString())).startsWith("0\n").contains("already");
            assertThat(hook.keys).containsExactly(id);
        }
    }

    /** Runs a command in this JVM; returns the exit code, a newline, and what it printed on stdout. */
    private static String inProcess(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            code = new CommandLine(new Main()).execute(args);
        } finally {
            System.setOut(saved);
        }
        return code + "\n" + buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sigtermDuringARecordingSavesItAsAMessage() throws Exception {
        assumeSocat();
        sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).onPseudoTerminals();
        Path dir = tmp.resolve("voicemail");
        CliProcess run = startCli(List.of("answer", "--dialect", "simcom",
                "--at-port", sim.hostAtPath().orElseThrow().toString(),
                "--audio-port", sim.hostAudioPath().orElseThrow().toString(),
                "--dir", dir.toString(), "--greeting", greeting.toString(),
                "--min-seconds", "0", "--silence-seconds", "0", "--max-seconds", "60"));
        run.awaitStdout("waiting for calls", CLI_START);
        sim.placeCall(CallScript.builder().caller(CALLER).ringInterval(Duration.ofMillis(200))
                .hostPause(Duration.ofMillis(400)).callerAudio(Prompt.tone(440, Duration.ofSeconds(30), 0.3))
                .hangupTimeout(Duration.ofSeconds(40)).ending(CallScript.Ending.LENGTH_LIMIT).build());
        run.awaitStdout("recording... 1 s", Duration.ofSeconds(30));
        run.process().destroy(); // SIGTERM, as systemd or Ctrl-C would
        assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).as("the CLI exits after SIGTERM; %s", run).isTrue();
        List<Path> files = messageFiles(dir);
        Path json = files.stream().filter(f -> f.getFileName().toString().matches("[^.]+\\.json")).findFirst()
                .orElseThrow(() -> new AssertionError("no message stored after SIGTERM: " + files + "; " + run));
        JsonNode meta = JSON.readTree(json.toFile());
        assertThat(meta.get("termination_reason").asText()).isEqualTo("INTERRUPTED");
        Path wav = dir.resolve(meta.get("audio_file").asText());
        assertThat(io.github.modemvoice.audio.WavReader.requireInternalFormat(wav).dataLength())
                .isGreaterThanOrEqualTo(16000L);
        assertThat(files).noneMatch(f -> f.getFileName().toString().endsWith(".part"));
    }

    // ------------------------------------------------------------------------------ helpers

    private CliProcess startCli(List<String> args) throws IOException {
        CliProcess run = CliProcess.start(tmp, args);
        cli = run.process();
        return run;
    }

    private static List<Path> messageFiles(Path dir) throws IOException {
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
}
