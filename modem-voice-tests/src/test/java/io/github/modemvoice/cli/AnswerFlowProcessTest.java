package io.github.modemvoice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.sun.net.httpserver.HttpServer;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.pipeline.JdbcMessageStore;
import io.github.modemvoice.pipeline.TestSmtp;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.SimulatedCallReport;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.VoicemailMessage;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole flow of {@code answer --once} as a separate process, on the simulated SIMCom modem
 * over socat pseudo-terminals: a real offline recogniser (PocketSphinx) transcribing speech made
 * by espeak-ng, the transcript in {@code <id>.json}, the e-mail (a real SMTP server, GreenMail,
 * over SMTPS with a login), Slack and the signed webhook; the same over SQLite and PostgreSQL;
 * an OpenAI-compatible transcription service; open hours deflected.
 *
 * <p>Which words PocketSphinx gets right was measured first (espeak-ng en-us at 130 words per
 * minute, 8 kHz as the modem carries it, the transcription script of this test): of "my name is
 * robert, please call me back on monday morning", 20 of 20 runs with a different noise floor
 * each gave "my name is robert" and "on monday morning", "please call me back" at most 4 of 20.
 * The test asserts on robert, monday and morning.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AnswerFlowProcessTest {
    private static final String CALLER = "+4915112344567";
    private static final String CALLER_DIGITS = "4915112344567";
    private static final String SAID = "my name is robert, please call me back on monday morning";
    private static final List<String> HEARD = List.of("robert", "monday", "morning");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private SimulatedModem sim;
    private CliProcess cli;
    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (cli != null) {
            cli.stop();
        }
        if (sim != null) {
            sim.close();
        }
        for (AutoCloseable c : closeAtEnd) {
            c.close();
        }
    }

    // ------------------------------------------------------------------------------ the flows

    @Test
    void aRealRecogniserTranscribesTheMessageAndEveryChannelCarriesIt() throws Exception {
        Prompt speech = speech();
        Path script = transcriptionScript();
        GreenMail smtp = TestSmtp.start("smtps");
        closeAtEnd.add(smtp::stop);
        WebhookSink hook = new WebhookSink();
        WebhookSink slack = new WebhookSink();
        closeAtEnd.add(hook);
        closeAtEnd.add(slack);
        byte[] hmacKey = "a-caller-hmac-key-of-32-characters".getBytes(StandardCharsets.UTF_8);
        Path dir = tmp.resolve("voicemail");
        // every new option from the configuration file, the modem on the command line
        Path config = tmp.resolve("modem-voice.conf");
        Files.writeString(config, String.join("\n",
                "# the after-hours flow",
                "transcribe-command = sh '" + script + "' {wav}",
                "transcribe-timeout = 60",
                "caller-privacy = hmac",
                "caller-hmac-key-file = " + secret("hmac.key", new String(hmacKey, StandardCharsets.UTF_8)),
                "webhook = " + hook.url(),
                "webhook-secret-file = " + secret("webhook.secret", "a-webhook-secret-of-32-characters"),
                "slack-webhook-file = " + secret("slack.url", "http://127.0.0.1:" + slack.server.getAddress().getPort()
                        + "/services/T000/B000/XXXX"),
                "smtp-host = localhost",
                "smtp-port = " + TestSmtp.port(smtp),
                "smtp-security = smtps",
                "smtp-ca-file = " + TestSmtp.certificatePem(),
                "smtp-user = " + TestSmtp.USER,
                "smtp-password-file = " + secret("smtp.password", TestSmtp.PASSWORD),
                "mail-from = " + TestSmtp.FROM,
                "mail-to = office@example.com, boss@example.com",
                ""));

        CliProcess run = answerOnce(speech, dir, List.of("--config", config.toString()));
        assertThat(run.awaitExit()).as("%s", run).isEqualTo(ExitStatus.OK);
        CliOutput out = CliOutput.split(run.stdout());
        JsonNode printed = out.json().orElseThrow(() -> new AssertionError("no message JSON; " + run));
        String id = printed.get("id").asText();
        String transcript = printed.get("transcript").asText();
        System.out.println("pocketsphinx heard: " + transcript); // kept in the surefire report
        assertThat(transcript.toLowerCase(Locale.ROOT).split("\\s+")).as("%s", run).contains(HEARD.toArray(String[]::new));
        assertThat(JSON.readTree(dir.resolve(id + ".json").toFile())).as("<id>.json holds what was printed").isEqualTo(printed);
        String expectedCaller = CallerPrivacy.hmac(hmacKey).apply(Optional.of(CALLER)).orElseThrow();
        assertThat(printed.get("caller").asText()).isEqualTo(expectedCaller).startsWith("hmac-sha256:");
        assertThat(out.human()).as("%s", run)
                .contains("  notification webhook: delivered", "  notification slack: delivered", "  notification email: delivered");

        // e-mail: one per recipient, the WAV byte for byte, the transcript in the body
        assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage mail = smtp.getReceivedMessages()[0];
        Multipart parts = (Multipart) mail.getContent();
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n")).contains("Transcript:\n" + transcript);
        try (InputStream wav = parts.getBodyPart(1).getInputStream()) {
            assertThat(wav.readAllBytes()).isEqualTo(Files.readAllBytes(dir.resolve(id + ".wav")));
        }
        assertThat(mail.getSubject()).doesNotContain(CALLER_DIGITS);
        // the webhook and Slack carry the transcript too; the number nowhere
        assertThat(hook.bodies).singleElement().satisfies(b ->
                assertThat(JSON.readTree(b).get("transcript").asText()).isEqualTo(transcript));
        assertThat(slack.bodies).singleElement().asString().contains("monday morning").doesNotContain(CALLER_DIGITS);
        assertThat(run.stdout() + run.stderr()).doesNotContain(CALLER_DIGITS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void overADatabaseTheTranscriptLandsInItsRowAndInTheWebhook(String database) throws Exception {
        Prompt speech = speech();
        Path script = transcriptionScript();
        String table = "mv_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<String> db = new ArrayList<>();
        String url;
        String user = null;
        String password = null;
        if (database.equals("sqlite")) {
            url = "jdbc:sqlite:" + tmp.resolve("messages.db");
        } else {
            url = System.getenv("MODEMVOICE_TEST_PG_URL");
            Assumptions.assumeTrue(url != null && !url.isBlank(),
                    "MODEMVOICE_TEST_PG_URL not set: the PostgreSQL run skipped (.ci/run starts a server)");
            user = System.getenv("MODEMVOICE_TEST_PG_USER");
            password = System.getenv("MODEMVOICE_TEST_PG_PASSWORD");
            db.addAll(List.of("--jdbc-user", user, "--jdbc-password-file", secret("db.password", password).toString()));
            String u = url;
            String us = user;
            String pw = password;
            closeAtEnd.add(() -> {
                try (Connection c = DriverManager.getConnection(u, us, pw); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + table + "_outbox");
                    st.execute("DROP TABLE IF EXISTS " + table);
                }
            });
        }
        db.addAll(List.of("--jdbc-url", url, "--jdbc-table", table));
        WebhookSink hook = new WebhookSink();
        closeAtEnd.add(hook);
        List<String> extra = new ArrayList<>(db);
        extra.addAll(List.of("--transcribe-command", "sh '" + script + "' {wav}",
                "--webhook", hook.url(), "--webhook-secret-file", secret("webhook.secret", "a-webhook-secret-of-32-characters").toString()));
        Path spool = tmp.resolve("spool");

        CliProcess run = answerOnce(speech, spool, extra);
        assertThat(run.awaitExit()).as("%s", run).isEqualTo(ExitStatus.OK);
        String stdout = run.stdout();
        assertThat(stdout).as("%s", run).contains("messages go to " + url, "notification webhook: delivered");
        VoicemailMessage stored;
        try (JdbcMessageStore store = JdbcMessageStore.builder(new DriverManagerDataSource(url, user, password))
                .spoolDirectory(tmp.resolve("reader-spool")).tableName(table).build()) {
            assertThat(store.list()).hasSize(1);
            stored = store.list().get(0);
        }
        assertThat(stored.transcript().toLowerCase(Locale.ROOT).split("\\s+")).as("%s", run)
                .contains(HEARD.toArray(String[]::new));
        assertThat(stdout).contains("message " + stored.id() + " stored in " + url + "; transcript: " + stored.transcript());
        assertThat(hook.bodies).singleElement().satisfies(b ->
                assertThat(JSON.readTree(b).get("transcript").asText()).isEqualTo(stored.transcript()));
        try (var files = Files.list(spool)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no message files beside the database")
                    .noneMatch(n -> n.endsWith(".wav") || n.endsWith(".json") && !n.equals(io.github.modemvoice.machine.StatusFile.NAME));
        }
    }

    @Test
    void anOpenAiCompatibleServiceGetsTheWavWithTheKeyFromItsFile() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpServer service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        service.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            paths.add(ex.getRequestURI().getPath() + (new String(body, StandardCharsets.ISO_8859_1).contains("RIFF") ? " with a WAV" : ""));
            byte[] answer = "{\"text\":\"Please call me back.\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        service.start();
        closeAtEnd.add(() -> service.stop(0));
        Path dir = tmp.resolve("voicemail");
        CliProcess run = answerOnce(Prompt.tone(440, Duration.ofMillis(600), 0.3), dir, List.of(
                "--transcribe-url", "http://127.0.0.1:" + service.getAddress().getPort(),
                "--transcribe-model", "whisper-large-v3", "--transcribe-language", "en",
                "--transcribe-key-file", secret("api.key", "sk-test-key-from-a-file").toString()));
        assertThat(run.awaitExit()).as("%s", run).isEqualTo(ExitStatus.OK);
        JsonNode printed = CliOutput.split(run.stdout()).json().orElseThrow();
        assertThat(printed.get("transcript").asText()).isEqualTo("Please call me back.");
        assertThat(authorizations).containsExactly("Bearer sk-test-key-from-a-file");
        assertThat(paths).containsExactly("/v1/audio/transcriptions with a WAV");
        assertThat(run.stdout() + run.stderr()).doesNotContain("sk-test-key-from-a-file");
    }

    @Test
    void duringOpenHoursACallIsDeflectedWithoutBeingAnswered() throws Exception {
        Path hours = tmp.resolve("always-open.json");
        Files.writeString(hours, "{ \"zone\": \"UTC\", \"weekly\": {"
                + String.join(", ", List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
                .stream().map(d -> "\"" + d + "\": [\"00:00-24:00\"]").toList()) + "} }");
        CliProcess run = answerOnce(Prompt.tone(440, Duration.ofMillis(600), 0.3), tmp.resolve("voicemail"), List.of(
                "--business-hours", hours.toString(), "--open-hours", "deflect", "--deflect-to", "+49 30 1234567"));
        assertThat(run.awaitExit()).as("%s", run).isEqualTo(ExitStatus.OK);
        SimulatedCallReport report = sim.awaitCallEnded(Duration.ofSeconds(20));
        assertThat(report.endedBy()).isEqualTo(SimulatedCallReport.EndedBy.HOST_DEFLECTED);
        assertThat(report.answered()).isFalse();
        assertThat(sim.commands()).contains("AT+CTFR=\"+49301234567\"");
        assertThat(run.stdout()).contains("no message stored");
    }

    // ------------------------------------------------------------------------------ helpers

    /** Starts {@code answer --once} on a fresh simulated SIMCom modem and places one call saying {@code voice}. */
    private CliProcess answerOnce(Prompt voice, Path dir, List<String> extra) throws Exception {
        Assumptions.assumeTrue(SimulatedModem.pseudoTerminalsAvailable(), "socat not installed: apt-get install socat");
        sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).onPseudoTerminals();
        Path greeting = tmp.resolve("greeting.wav");
        WavWriter.writeAll(greeting, Prompt.tone(600, Duration.ofMillis(500), 0.5));
        List<String> args = new ArrayList<>(List.of("answer", "--once", "--dialect", "simcom",
                "--at-port", sim.hostAtPath().orElseThrow().toString(),
                "--audio-port", sim.hostAudioPath().orElseThrow().toString(),
                "--dir", dir.toString(), "--greeting", greeting.toString(),
                "--min-seconds", "0", "--silence-seconds", "3"));
        args.addAll(extra);
        cli = CliProcess.start(tmp, args);
        cli.awaitStdout("waiting for calls", Duration.ofSeconds(30));
        sim.placeCall(CallScript.builder().caller(CALLER).ringInterval(Duration.ofMillis(200))
                .hostPause(Duration.ofMillis(400)).callerAudio(voice).hangupTimeout(Duration.ofSeconds(30))
                .ending(CallScript.Ending.KEY).build());
        return cli;
    }

    /** {@link #SAID} by espeak-ng, 8000 Hz 16-bit mono as the modem carries it. */
    private Prompt speech() throws Exception {
        assumeProgram("espeak-ng", "apt-get install espeak-ng");
        assumeProgram("sox", "apt-get install sox");
        assumeProgram(onPath("pocketsphinx_continuous") ? "pocketsphinx_continuous" : "pocketsphinx",
                "apt-get install pocketsphinx pocketsphinx-en-us");
        Path raw = tmp.resolve("said-22k.wav");
        Path wav = tmp.resolve("said.wav");
        run("espeak-ng", "-v", "en-us", "-s", "130", "-w", raw.toString(), SAID);
        run("sox", raw.toString(), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", wav.toString());
        return Prompt.fromWav(wav);
    }

    private Path transcriptionScript() throws IOException {
        Path script = tmp.resolve("transcribe pocketsphinx.sh"); // a blank in the path: the command is quoted
        try (InputStream in = AnswerFlowProcessTest.class.getResourceAsStream("transcribe-pocketsphinx.sh")) {
            Files.copy(in, script);
        }
        return script;
    }

    private Path secret(String name, String value) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, value + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private static void assumeProgram(String program, String install) {
        Assumptions.assumeTrue(onPath(program), program + " not installed: " + install);
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finishes", command[0]).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
    }
}
