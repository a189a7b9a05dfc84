package io.github.modemvoice.cli;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.web.WebFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Walks the README's table "Exit statuses": every status it lists is produced by real command
 * lines, of every command family (answer, the mailbox commands, serve, hash-password, status,
 * recover) for the statuses that family can end with, and each run says what was wrong in its
 * message. No run prints a stack trace unless it is a bug (70). The calls of {@code answer} go
 * to a simulated modem on pseudo-terminals, in a child process (a signal is one of the cases).
 */
class ExitStatusTableTest {
    @TempDir
    static Path tmp;

    private static Path dir;
    private static Path passwordFile;
    private static Path secretFile;
    private static Path greeting;
    /** A port nothing listens on: connections are refused at once, so notifications stay queued. */
    private static final String DEAD_WEBHOOK = "http://127.0.0.1:9/hook";

    /** status → family → what was checked, for the coverage assertions. */
    private static final Map<Integer, Set<String>> SEEN = new TreeMap<>();

    @BeforeAll
    static void files() throws Exception {
        dir = Files.createDirectories(tmp.resolve("vm"));
        passwordFile = tmp.resolve("web-password");
        Files.writeString(passwordFile, "a long enough passphrase\n");
        secretFile = tmp.resolve("webhook.secret");
        Files.writeString(secretFile, "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(secretFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        greeting = tmp.resolve("greeting.wav");
        WavWriter.writeAll(greeting, Prompt.tone(600, Duration.ofMillis(300), 0.5));
    }

    /** How many of the cases ran to their end. */
    private static final java.util.concurrent.atomic.AtomicInteger RAN = new java.util.concurrent.atomic.AtomicInteger();

    @org.junit.jupiter.api.AfterEach
    void count() {
        RAN.incrementAndGet();
    }

    private static CliRun expect(String family, int status, String says, CliRun r) {
        assertThat(r.status()).as("%s: %s", family, r).isEqualTo(status);
        if (says != null) {
            assertThat(r.out() + r.err()).as("%s says what was wrong", family).contains(says);
        }
        if (status != ExitStatus.SOFTWARE) {
            assertThat(r.err()).as("%s prints no stack trace for a status other than 70", family)
                    .doesNotContain("\tat ").doesNotContainPattern("[A-Za-z]+Exception: ");
        }
        SEEN.computeIfAbsent(status, k -> new TreeSet<>()).add(family);
        return r;
    }

    private static String conf(String name, String... lines) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f.toString();
    }

    @Test
    void mailboxCommands() throws Exception {
        String d = dir.toString();
        expect("mailbox", ExitStatus.OK, "no messages in", CliRun.ofMain("list", "--dir", d));
        expect("mailbox", ExitStatus.USAGE, "invalid message id", CliRun.ofMain("show", "--dir", d, "../x"));
        expect("mailbox", ExitStatus.USAGE, "--keep-days must be at least 1", CliRun.ofMain("prune", "--dir", d, "--keep-days", "0"));
        expect("mailbox", ExitStatus.NO_SUCH_MESSAGE, "no message 20261121T221503Z-abcdefgh",
                CliRun.ofMain("heard", "--dir", d, "20261121T221503Z-abcdefgh"));
        expect("mailbox", ExitStatus.STORAGE_UNUSABLE, "the message directory " + tmp.resolve("typo") + " does not exist",
                CliRun.ofMain("list", "--dir", tmp.resolve("typo").toString()));
        expect("mailbox", ExitStatus.STORAGE_UNUSABLE, "is not a directory", CliRun.ofMain("delete", "--dir", greeting.toString(),
                "20261121T221503Z-abcdefgh"));
        expect("mailbox", ExitStatus.CONFIG, "mailbox.conf:2: 'max-second' is not an option",
                CliRun.ofMain("list", "--config", conf("mailbox.conf", "dir = " + d, "max-second = 20")));
    }

    @Test
    void mailboxPlayCopiesPrivatelyAndRefusesAnExistingFile() throws Exception {
        Path own = Files.createDirectories(tmp.resolve("own"));
        String id;
        try (DirectoryMessageStore store = new DirectoryMessageStore(own)) {
            id = WebFixture.store(store, Instant.parse("2026-11-21T22:15:03Z"), "+4915112344567", "", Duration.ofMillis(300)).id();
        }
        Path copy = tmp.resolve("copy.wav");
        expect("mailbox", ExitStatus.OK, "written to", CliRun.ofMain("play", "--dir", own.toString(), "--to", copy.toString(), id));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
        expect("mailbox", ExitStatus.STORAGE_UNUSABLE, "exists; not overwritten",
                CliRun.ofMain("play", "--dir", own.toString(), "--to", copy.toString(), id));
    }

    @Test
    void serve() throws Exception {
        String d = dir.toString();
        expect("serve", ExitStatus.USAGE, "--http: the port must be a number",
                CliRun.ofMain("serve", "--dir", d, "--http", "127.0.0.1:web", "--password-file", passwordFile.toString()));
        expect("serve", ExitStatus.STORAGE_UNUSABLE, "does not exist",
                CliRun.ofMain("serve", "--dir", tmp.resolve("typo").toString(), "--password-file", passwordFile.toString()));
        Path empty = Files.writeString(tmp.resolve("empty-password"), "");
        expect("serve", ExitStatus.CONFIG, "--password-file: " + empty + " is empty",
                CliRun.ofMain("serve", "--dir", d, "--http", "127.0.0.1:0", "--password-file", empty.toString()));
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String http = "127.0.0.1:" + taken.getLocalPort();
            expect("serve", ExitStatus.MODEM_UNAVAILABLE, "--http: cannot listen on " + http,
                    CliRun.ofMain("serve", "--dir", d, "--http", http, "--password-file", passwordFile.toString()));
            // checked before the modem is touched: its port does not exist, which would say so
            CliRun answer = expect("answer", ExitStatus.MODEM_UNAVAILABLE, "--http: cannot listen on " + http,
                    CliRun.ofMain("answer", "--at-port", tmp.resolve("no-such-tty").toString(), "--dir", tmp.resolve("answer-vm").toString(),
                            "--http", http, "--password-file", passwordFile.toString()));
            assertThat(answer.err()).doesNotContain("cannot open or initialise the modem");
        }
        CliRun missing = expect("serve", ExitStatus.CONFIG, "--password-file: cannot read " + tmp.resolve("nope") + ": no such file",
                CliRun.ofMain("serve", "--dir", d, "--http", "127.0.0.1:0", "--password-file", tmp.resolve("nope").toString()));
        assertThat(missing.err()).as("the path once, the reason in words").doesNotContain(tmp.resolve("nope") + ": " + tmp.resolve("nope"));
    }

    @Test
    void hashPassword() throws Exception {
        Path out = tmp.resolve("hash");
        expect("hash-password", ExitStatus.OK, "wrote " + out,
                CliRun.ofMainWithInput("correct horse battery\n", "hash-password", "--iterations", "1000", "--output", out.toString()));
        expect("hash-password", ExitStatus.STORAGE_UNUSABLE, out + " already exists; give --force to replace it",
                CliRun.ofMainWithInput("correct horse battery\n", "hash-password", "--iterations", "1000", "--output", out.toString()));
        String before = Files.readString(out);
        expect("hash-password", ExitStatus.OK, "wrote " + out, CliRun.ofMainWithInput("another long passphrase\n",
                "hash-password", "--iterations", "1000", "--output", out.toString(), "--force"));
        assertThat(Files.readString(out)).isNotEqualTo(before);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        expect("hash-password", ExitStatus.USAGE, "the password has 5 characters; at least 15",
                CliRun.ofMainWithInput("abcde\n", "hash-password", "--iterations", "1000"));
    }

    @Test
    void status() throws Exception {
        CliRun none = expect("status", StatusCommand.NOT_RUNNING, "no status file in", CliRun.ofMain("status", "--dir", dir.toString()));
        assertThat(none.out()).startsWith("not running");
        CliRun json = expect("status", StatusCommand.NOT_RUNNING, "\"state\" : \"NOT_STARTED\"",
                CliRun.ofMain("status", "--dir", tmp.resolve("typo").toString(), "--json"));
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get("running").asBoolean()).isFalse();
        expect("status", ExitStatus.USAGE, "Unknown option: '--jsn'", CliRun.ofMain("status", "--jsn"));
        expect("status", ExitStatus.CONFIG, tmp.resolve("none.conf") + ": no such configuration file",
                CliRun.ofMain("status", "--config", tmp.resolve("none.conf").toString()));
    }

    @Test
    void recover() throws Exception {
        Path own = Files.createDirectories(tmp.resolve("recover"));
        expect("recover", ExitStatus.OK, "nothing to recover", CliRun.ofMain("recover", "--dir", own.toString()));
        expect("recover", ExitStatus.USAGE, "--notify-wait must be >= 0", CliRun.ofMain("recover", "--dir", own.toString(),
                "--notify-wait", "-1"));
        expect("recover", ExitStatus.STORAGE_UNUSABLE, "does not exist", CliRun.ofMain("recover", "--dir", tmp.resolve("typo").toString()));
        expect("recover", ExitStatus.CONFIG, "--webhook-secret-file: cannot read", CliRun.ofMain("recover", "--dir", own.toString(),
                "--webhook", DEAD_WEBHOOK, "--webhook-secret-file", tmp.resolve("no-secret").toString()));
        try (DirectoryMessageStore store = new DirectoryMessageStore(own)) {
            // a recent message (the catch-up looks back a limited time) without notification records
            WebFixture.store(store, Instant.now().minusSeconds(60), "+4915112344567", "", Duration.ofMillis(300));
        }
        expect("recover", ExitStatus.NOT_DELIVERED, "queued for retry", CliRun.ofMain("recover", "--dir", own.toString(),
                "--webhook", DEAD_WEBHOOK, "--webhook-secret-file", secretFile.toString(), "--notify-wait", "1"));
    }

    @Test
    void answerRefusesBeforeTouchingTheModem() throws Exception {
        Path d = tmp.resolve("answer-vm");
        expect("answer", ExitStatus.USAGE, "--max-seconds must be at least 1, was 0",
                CliRun.ofMain("answer", "--at-port", "/dev/null", "--dir", d.toString(), "--max-seconds", "0"));
        expect("answer", ExitStatus.CONFIG, "answer.conf:2: --max-seconds must be at least 1, was -5",
                CliRun.ofMain("answer", "--config", conf("answer.conf", "at-port = /dev/null", "max-seconds = -5")));
        expect("answer", ExitStatus.CONFIG, "--password-file: cannot read",
                CliRun.ofMain("answer", "--at-port", tmp.resolve("no-such-tty").toString(), "--dir", d.toString(),
                        "--http", "127.0.0.1:0", "--password-file", tmp.resolve("nope").toString()));
        expect("answer", ExitStatus.STORAGE_UNUSABLE, "is not a directory",
                CliRun.ofMain("answer", "--once", "--at-port", "/dev/null", "--dir", greeting.toString()));
        expect("answer", ExitStatus.MODEM_UNAVAILABLE, "cannot open or initialise the modem on " + tmp.resolve("no-such-tty"),
                CliRun.ofMain("answer", "--once", "--dialect", "simcom", "--at-port", tmp.resolve("no-such-tty").toString(),
                        "--audio-port", tmp.resolve("no-such-pcm").toString(), "--dir", d.toString()));
    }

    @Test
    void answerOnCalls() throws Exception {
        assumeTrue(SimulatedModem.pseudoTerminalsAvailable(), "socat is not installed");
        for (int status : List.of(ExitStatus.OK, ExitStatus.NOT_DELIVERED)) {
            try (SimulatedModem sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).onPseudoTerminals()) {
                List<String> args = new ArrayList<>(List.of("answer", "--once", "--dialect", "simcom",
                        "--at-port", sim.hostAtPath().orElseThrow().toString(),
                        "--audio-port", sim.hostAudioPath().orElseThrow().toString(),
                        "--dir", tmp.resolve("calls-" + status).toString(), "--greeting", greeting.toString()));
                if (status == ExitStatus.NOT_DELIVERED) {
                    args.addAll(List.of("--webhook", DEAD_WEBHOOK, "--webhook-secret-file", secretFile.toString(), "--notify-wait", "1"));
                }
                CliProcess run = CliProcess.start(tmp, args);
                try {
                    run.awaitStdout("waiting for calls", Duration.ofSeconds(30));
                    sim.placeCall(CallScript.builder().rings(2).callerAudio(Prompt.tone(440, Duration.ofMillis(1500), 0.3))
                            .hostPause(Duration.ofMillis(300)).ending(CallScript.Ending.KEY).build());
                    int exit = run.awaitExit();
                    expect("answer", exit, status == ExitStatus.OK ? "stored in" : "queued for retry",
                            new CliRun(exit, run.stdout(), run.stderr()));
                    assertThat(exit).isEqualTo(status);
                } finally {
                    run.stop();
                }
            }
        }
        try (SimulatedModem sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).onPseudoTerminals()) {
            CliProcess run = CliProcess.start(tmp, List.of("answer", "--once", "--dialect", "simcom",
                    "--at-port", sim.hostAtPath().orElseThrow().toString(), "--audio-port", sim.hostAudioPath().orElseThrow().toString(),
                    "--dir", tmp.resolve("calls-130").toString()));
            try {
                run.awaitStdout("waiting for calls", Duration.ofSeconds(30));
                run.process().destroy(); // SIGTERM before a call came
                int exit = run.awaitExit();
                expect("answer", ExitStatus.INTERRUPTED, "stopped before a call completed", new CliRun(exit, run.stdout(), run.stderr()));
            } finally {
                run.stop();
            }
        }
    }

    /** A command that fails with a bug, to see the one status that prints its stack trace. */
    @Command(name = "explode")
    static final class Explode implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("a bug for the test");
        }
    }

    @Test
    void aBugIs70WithItsStackTrace() {
        CommandLine cl = new CommandLine(new Main()).addSubcommand(new Explode());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int status = Main.execute(cl, "explode");
        expect("internal", status, null, new CliRun(status, "", err.toString()));
        assertThat(status).isEqualTo(ExitStatus.SOFTWARE);
        assertThat(err.toString()).contains("modem-voice: a bug for the test", "IllegalStateException", "\tat ");
    }

    /** After the cases: the README lists exactly the statuses produced, and each family was walked. */
    @AfterAll
    static void everyStatusOfTheReadmeWasProduced() throws Exception {
        long tests = java.util.Arrays.stream(ExitStatusTableTest.class.getDeclaredMethods())
                .filter(x -> x.isAnnotationPresent(Test.class)).count();
        if (RAN.get() < tests) {
            return; // some cases were run alone (-Dtest=...#one): nothing to compare
        }
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int from = readme.indexOf("### Exit statuses");
        int to = readme.indexOf("\n## ", from);
        Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(readme.substring(from, to));
        Set<Integer> listed = new TreeSet<>();
        while (m.find()) {
            listed.add(Integer.parseInt(m.group(1)));
        }
        assertThat(listed).contains(0, 64, 66, 69, 70, 73, 75, 78, 130);
        Set<Integer> produced = SEEN.keySet().stream().filter(s -> s != StatusCommand.NOT_RUNNING).collect(Collectors.toSet());
        boolean socat = SimulatedModem.pseudoTerminalsAvailable();
        Set<Integer> expected = new TreeSet<>(listed);
        if (!socat) {
            expected.remove(ExitStatus.INTERRUPTED); // only a call on the simulated modem gets there
        }
        assertThat(produced).as("statuses produced by the cases, by family: %s", SEEN).containsAll(expected);
        Set<String> families = SEEN.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        assertThat(families).contains("answer", "mailbox", "serve", "hash-password", "status", "recover");
    }
}
