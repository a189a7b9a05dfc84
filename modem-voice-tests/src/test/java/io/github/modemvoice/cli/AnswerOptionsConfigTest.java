package io.github.modemvoice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The options of the whole flow (open hours, transcription, e-mail, Slack, storage, caller
 * privacy) from the configuration file: a bad value exits 78 naming the file and line, options
 * that do not fit together exit 64 naming them, an unusable secret file exits 78 naming it; all
 * before the modem is touched (its port does not exist, which would be 69).
 */
class AnswerOptionsConfigTest {
    @TempDir
    Path tmp;

    private record Result(int status, String err) {
    }

    private Result answerWith(String... lines) throws Exception {
        Path config = tmp.resolve("modem-voice.conf");
        Files.writeString(config, "# line 1 is this comment\nat-port = " + tmp.resolve("no-such-tty") + "\ndir = "
                + tmp.resolve("vm") + "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        java.io.PrintStream savedErr = System.err;
        java.io.ByteArrayOutputStream direct = new java.io.ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new java.io.PrintStream(direct, true, StandardCharsets.UTF_8));
            status = Main.run(new String[] {"answer", "--once", "--config", config.toString()}, new PrintWriter(err, true));
        } finally {
            System.setErr(savedErr);
        }
        return new Result(status, err + direct.toString(StandardCharsets.UTF_8));
    }

    /** The value is on line 4 of the file. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            open-hours = sometimes                           | 'sometimes' is not one of ring, deflect, reject
            deflect-to = the office                          | 'the office' is not a phone number
            caller-privacy = partial                         | 'partial' is not one of full, redacted, hmac
            transcribe-command = whisper -f 'my file.wav {wav} | the single quote at column 12 is not closed
            transcribe-command = whisper -f "{wav}            | the double quote at column 12 is not closed
            transcribe-command = whisper -f \\                | ends with a backslash that escapes nothing
            transcribe-command = whisper -f message.wav        | the command must contain {wav} where the WAV file goes
            transcribe-url = ftp://example.com/stt            | 'ftp://example.com/stt' is not an http or https URL
            transcribe-timeout = soon                          | --transcribe-timeout
            smtp-security = ssl                                | 'ssl' is not one of none, starttls, smtps
            smtp-port = smtp                                   | --smtp-port
            mail-from = nobody                                 | 'nobody' is not an e-mail address
            mail-to = office@example.com, not an address       | 'not an address' is not an e-mail address
            line-tones = cept, france                          | 'france' is not a tone plan
            transcribe-timeout = 0                             | --transcribe-timeout must be at least 1
            jdbc-url = postgresql://db/voicemail               | --jdbc-url must start with jdbc:
            dialect = simcomm                                  | must be one of simcom, quectel, v253
            max-seconds = -5                                   | --max-seconds must be at least 1, was -5
            max-seconds = 0                                    | --max-seconds must be at least 1, was 0
            finish-keys = X                                    | --finish-keys may hold only the keys
            keep-days = 0                                      | --keep-days must be at least 1, was 0
            http = 127.0.0.1:99999                             | --http: the port must be 0 to 65535, was 99999
            webhook-schema = 3                                 | --webhook-schema must be 1 or 2, was 3
            webhook = ftp://hooks.example.com/vm               | --webhook must be an absolute http or https URL
            """)
    void aBadValueExits78NamingTheFileAndLine(String line, String says) throws Exception {
        Result r = answerWith(line);
        assertThat(r.status).as(r.err).isEqualTo(ExitStatus.CONFIG);
        assertThat(r.err).contains(tmp.resolve("modem-voice.conf") + ":4: ").contains(says);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            open-hours = deflect;business-hours = /etc/modem-voice/hours.json | --open-hours deflect needs --deflect-to NUMBER
            deflect-to = +4930123456;business-hours = /etc/hours.json          | --deflect-to is used only with --open-hours deflect
            open-hours = reject                                                | --open-hours reject needs --business-hours FILE
            caller-privacy = hmac                                              | --caller-privacy hmac needs a key
            smtp-host = mail.example.com;mail-from = vm@example.com            | --smtp-host needs --mail-from ADDRESS and --mail-to
            mail-to = office@example.com                                       | need --smtp-host
            smtp-host = mail.example.com;mail-from = vm@example.com;mail-to = a@example.com;smtp-user = vm | --smtp-user needs a password
            transcribe-command = whisper {wav};transcribe-url = https://api.openai.com | are both given; choose one
            transcribe-language = de                                           | need --transcribe-url
            jdbc-user = voicemail                                              | need --jdbc-url
            """)
    void optionsThatDoNotFitTogetherExit64NamingThem(String lines, String says) throws Exception {
        Result r = answerWith(lines.split(";"));
        assertThat(r.status).as(r.err).isEqualTo(ExitStatus.USAGE);
        assertThat(r.err).contains(says);
    }

    @Test
    void unusableSecretFilesExit78NamingTheFileAndNeverTheSecret() throws Exception {
        Path shortKey = tmp.resolve("hmac.key");
        Files.writeString(shortKey, "too-short\n");
        Result r = answerWith("caller-privacy = hmac", "caller-hmac-key-file = " + shortKey);
        assertThat(r.status).as(r.err).isEqualTo(ExitStatus.CONFIG);
        assertThat(r.err).contains("--caller-hmac-key-file: the key must be at least 16 bytes, was 9");

        Path slack = tmp.resolve("slack.url");
        Files.writeString(slack, "hooks.slack.com/services/T0/B0/secretpart\n");
        r = answerWith("slack-webhook-file = " + slack);
        assertThat(r.status).as(r.err).isEqualTo(ExitStatus.CONFIG);
        assertThat(r.err).contains("--slack-webhook-file: " + slack + " does not hold an https URL").doesNotContain("secretpart");

        for (String option : List.of("smtp-password-file", "transcribe-key-file", "jdbc-password-file")) {
            Path missing = tmp.resolve("no-such-" + option);
            String[] lines = switch (option) {
                case "smtp-password-file" -> new String[] {"smtp-host = mail.example.com", "mail-from = vm@example.com",
                        "mail-to = a@example.com", "smtp-user = vm", option + " = " + missing};
                case "transcribe-key-file" -> new String[] {"transcribe-url = https://api.openai.com", option + " = " + missing};
                default -> new String[] {"jdbc-url = jdbc:sqlite:" + tmp.resolve("x.db"), option + " = " + missing};
            };
            r = answerWith(lines);
            assertThat(r.status).as(option + ": " + r.err).isEqualTo(ExitStatus.CONFIG);
            // the file and line of the setting, the path once, the reason in words
            assertThat(r.err).contains("modem-voice.conf:" + (3 + lines.length) + ": --" + option + ": cannot read " + missing
                    + ": no such file or directory");
        }
        for (String content : new String[] {null, ""}) {
            Path password = tmp.resolve("web-password");
            Files.deleteIfExists(password);
            if (content != null) {
                Files.writeString(password, content);
            }
            r = answerWith("http = 127.0.0.1:0", "password-file = " + password);
            assertThat(r.status).as(r.err).isEqualTo(ExitStatus.CONFIG);
            assertThat(r.err).contains("modem-voice.conf:5: --password-file: ")
                    .contains(content == null ? "cannot read " + password + ": no such file or directory" : password + " is empty");
        }
    }

    @Test
    void aCommandWithQuotedWordsIsKeptAsWrittenAndSplitLikeAShell() throws Exception {
        Path config = tmp.resolve("quoted.conf");
        Files.writeString(config, "transcribe-command = \"/opt/my stt/run\" -f \"{wav}\"\ngreeting = \" /srv/a b.wav\"\n");
        String[] args = ConfigFile.expand(new picocli.CommandLine(new Main()),
                new String[] {"answer", "--config", config.toString()}).args();
        assertThat(args).containsExactly("answer", "--transcribe-command=\"/opt/my stt/run\" -f \"{wav}\"",
                "--greeting= /srv/a b.wav");
        TranscribeOptions.ProgramLine line = new TranscribeOptions.CommandConverter().convert("\"/opt/my stt/run\" -f \"{wav}\"");
        assertThat(line.words()).containsExactly("/opt/my stt/run", "-f", "{wav}");
    }

    @Test
    void aSecretItselfIsRefusedInTheFile() throws Exception {
        Result r = answerWith("smtp-password = hunter2");
        assertThat(r.status).isEqualTo(ExitStatus.CONFIG);
        assertThat(r.err).contains(":4: 'smtp-password' is not an option of 'modem-voice answer'");
    }

    @Test
    void aDatabaseThatCannotBeOpenedExits73BeforeTheModem() throws Exception {
        Result r = answerWith("jdbc-url = jdbc:nosuchdriver://db/voicemail");
        assertThat(r.status).as(r.err).isEqualTo(ExitStatus.STORAGE_UNUSABLE);
        assertThat(r.err).contains("cannot store messages in jdbc:nosuchdriver://db/voicemail")
                .contains("no JDBC driver for jdbc:nosuchdriver: URLs on the class path (the CLI jar bundles none)")
                .contains("java -cp modem-voice-cli.jar:DRIVER.jar io.github.modemvoice.cli.Main");
    }
}
