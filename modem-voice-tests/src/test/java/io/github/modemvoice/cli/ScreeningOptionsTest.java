package io.github.modemvoice.cli;

import io.github.modemvoice.machine.AnsweringMachine;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.routing.BusinessHours;
import io.github.modemvoice.routing.CallFlowEvent;
import io.github.modemvoice.testing.MockModem;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.Retention;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code answer}'s screening and retention options: checked, and their files read, before the modem is touched. */
class ScreeningOptionsTest {
    @TempDir
    Path dir;

    private int answer(StringWriter err, String... extra) {
        List<String> args = new ArrayList<>(List.of("answer", "--at-port", dir.resolve("no-such-tty").toString(),
                "--dir", dir.resolve("messages").toString()));
        args.addAll(List.of(extra));
        return Main.run(args.toArray(String[]::new), new PrintWriter(err, true));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --withheld       | maybe | --withheld: expected answer, reject or ignore, was "maybe"
            --blocked-action | answer | --blocked-action must be reject or ignore, was answer
            --country-code   | +4a   | --country-code must be 1 to 3 digits (e.g. 49 or 1), was "4a"
            --trunk-prefix   | x     | --trunk-prefix must be up to 2 digits (e.g. 0), was "x"
            --keep-days      | 0     | --keep-days must be at least 1, was 0
            --min-free-mb    | -1    | --min-free-mb must be between 0 and 1073741824, was -1
            """)
    void aBadValueNamesItsOption(String option, String value, String message) throws Exception {
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of(option, value));
        if (option.equals("--blocked-action") || option.equals("--country-code") || option.equals("--trunk-prefix")) {
            Path list = dir.resolve("block.txt");
            Files.writeString(list, "+4930*\n");
            args.addAll(List.of("--block-list", list.toString()));
        }
        assertThat(answer(err, args.toArray(String[]::new))).isEqualTo(ExitStatus.USAGE);
        assertThat(err.toString()).contains("modem-voice: " + message).doesNotContain("no-such-tty");
    }

    @Test
    void aBadListLineIsAConfigurationErrorNamingTheFileAndLineAlsoFromTheConfigFile() throws Exception {
        Path list = dir.resolve("block.txt");
        Files.writeString(list, "# spam\n+4930*\nthe neighbour\n");
        StringWriter err = new StringWriter();
        assertThat(answer(err, "--block-list", list.toString())).isEqualTo(ExitStatus.CONFIG);
        assertThat(err.toString()).contains("modem-voice: " + list + ":3: not a number or prefix: \"the neighbour\"")
                .doesNotContain("no-such-tty");

        Path conf = dir.resolve("modem-voice.conf");
        Files.writeString(conf, "block-list = " + list + "\nwithheld = reject\nblocked-action = ignore\n"
                + "country-code = 49\nkeep-days = 30\n");
        StringWriter err2 = new StringWriter();
        assertThat(answer(err2, "--config", conf.toString())).isEqualTo(ExitStatus.CONFIG);
        assertThat(err2.toString()).contains(list + ":3: ");

        StringWriter err3 = new StringWriter();
        assertThat(answer(err3, "--allow-list", dir.resolve("missing.txt").toString())).isEqualTo(ExitStatus.CONFIG);
        assertThat(err3.toString()).contains(dir.resolve("missing.txt") + ": no such file");
    }

    @Test
    void aDiskWithoutTheSpaceToKeepFreeRefusesToStart() {
        CliRun run = CliRun.ofMain("answer", "--at-port", dir.resolve("no-such-tty").toString(),
                "--dir", dir.resolve("messages").toString(), "--min-free-mb", "1073741824");
        assertThat(run.status()).isEqualTo(ExitStatus.STORAGE_UNUSABLE);
        assertThat(run.err()).contains("cannot store messages in " + dir.resolve("messages"), "free;")
                .doesNotContain("no-such-tty");
    }

    @Test
    void goodListsGetAsFarAsTheModem() throws Exception {
        Path list = dir.resolve("block.txt");
        Files.writeString(list, "+4930*   # Berlin\n");
        StringWriter err = new StringWriter();
        // the lists were read; what fails now is the missing modem
        assertThat(answer(err, "--block-list", list.toString(), "--withheld", "ignore", "--keep-days", "30"))
                .isEqualTo(ExitStatus.MODEM_UNAVAILABLE);
    }

    @Test
    void theAnsweringMachineRejectsABlockedCallerWithoutAnsweringAndSaysWhy() throws Exception {
        Path list = dir.resolve("block.txt");
        Files.writeString(list, "030 666666\n");
        ScreeningOptions o = new ScreeningOptions();
        o.blockList = list;
        o.countryCode = "49";
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Output out = new Output(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (AnsweringMachine machine = AnsweringMachine.builder().directory(dir.resolve("messages")).statusFile(false)
                .listener(new MachineOutput(out, () -> false))
                .greeting(Prompt.tone(600, Duration.ofMillis(100), 0.3))
                .voicemail(v -> v.maxDuration(Duration.ofSeconds(5)).silenceTimeout(Duration.ofSeconds(2)))
                .calls(ScreeningOptions.apply(o.build()))
                .build().start();
             MockModem m = MockModem.simcom().start(machine.callHandler())) {
            m.ring("+4930666666");
            CallFlowEvent end = machine.awaitFirstCall(Duration.ofSeconds(10)).orElseThrow();
            assertThat(end.detail()).isEqualTo("screened: on the block list: rejected");
            m.awaitCommand("AT+CHUP");
            assertThat(m.commands()).doesNotContain("ATA");
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("incoming call from +***6666", "call ended: screened: on the block list: rejected")
                .doesNotContain("4930666666");
    }

    @Test
    void keepDaysStartsARetentionThatDeletesAtOnce() throws Exception {
        Path messages = dir.resolve("messages");
        String old;
        try (DirectoryMessageStore store = new DirectoryMessageStore(messages)) {
            old = MessageIds.newId(Instant.now().minus(Duration.ofDays(40)));
            Path part = store.recordingFile(old);
            WavWriter.writeAll(part, Prompt.tone(440, Duration.ofMillis(100), 0.3));
            Instant start = Instant.now().minus(Duration.ofDays(40));
            store.store(VoicemailMessage.builder().id(old).callId("c").callerRedacted("unknown")
                    .callerPolicy(CallerPrivacy.Policy.FULL).startedAt(start)
                    .endedAt(start.plusMillis(100)).durationSeconds(0.1).sizeBytes(1644)
                    .terminationReason(TerminationReason.SILENCE).heard(true).build(), part);
            Files.createDirectories(messages.resolve("outbox"));
            Files.writeString(messages.resolve("outbox").resolve(old + ".webhook.json"), "{}");
            RetentionOptions r = new RetentionOptions();
            r.keepDays = 30;
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            Output out = new Output(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try (Retention running = r.start(store, messages, out).orElseThrow()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!store.list().isEmpty()) {
                    assertThat(System.nanoTime() - deadline).as("deleted within 10 s").isNegative();
                    Thread.sleep(20); // polls the store, bounded by the deadline
                }
            }
            assertThat(messages.resolve("outbox").resolve(old + ".webhook.json")).doesNotExist();
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("heard messages older than 30 days are deleted (checked hourly)");
        }
        RetentionOptions none = new RetentionOptions();
        assertThat(none.start(null, messages, null)).isEmpty();
    }
}
