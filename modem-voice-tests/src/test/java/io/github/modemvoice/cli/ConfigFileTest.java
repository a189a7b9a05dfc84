package io.github.modemvoice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The answering machine's configuration file: parsing, checks with file and line, and precedence. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("modem-voice.conf");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static String[] expand(String... args) {
        return ConfigFile.expand(new CommandLine(new Main()), args).args();
    }

    @Test
    void settingsBecomeArgumentsBeforeTheTypedOnes() throws Exception {
        Path f = file("""
                # a comment, then a blank line

                at-port     = /dev/serial/by-id/usb-modem-if02-port0
                --dialect   = simcom
                greeting    = "/srv/greetings/closed now.wav"
                once        = true
                verbose     = false
                """);
        assertThat(expand("answer", "--config", f.toString(), "--max-seconds", "30")).containsExactly(
                "answer", "--at-port=/dev/serial/by-id/usb-modem-if02-port0", "--dialect=simcom",
                "--greeting=/srv/greetings/closed now.wav", "--once", "--max-seconds", "30");
        assertThat(expand("answer", "--config=" + f)).startsWith("answer", "--at-port=/dev/serial/by-id/usb-modem-if02-port0");
    }

    @Test
    void aTypedFlagOverridesTheFile() throws Exception {
        Path f = file("at-port = /dev/ttyUSB2\nmax-seconds = 180\n");
        AnswerCommand answer = new AnswerCommand();
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().get("answer"); // the registered one is a fresh instance; parse into ours
        CommandLine own = new CommandLine(answer);
        own.setOverwrittenOptionsAllowed(true);
        String[] args = ConfigFile.expand(cl, new String[] {"answer", "--config", f.toString(), "--max-seconds", "45"}).args();
        own.parseArgs(java.util.Arrays.copyOfRange(args, 1, args.length));
        assertThat(answer.maxSeconds).isEqualTo(45);
        assertThat(answer.atPort).isEqualTo(Path.of("/dev/ttyUSB2"));
    }

    @Test
    void anUnknownNameIsNamedWithItsLineAndASuggestion() throws Exception {
        Path f = file("at-port = /dev/ttyUSB2\n\nmax-secnds = 3\n");
        assertThatThrownBy(() -> expand("answer", "--config", f.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(f + ":3: 'max-secnds' is not an option of 'modem-voice answer' (did you mean 'max-seconds'?)");
    }

    @Test
    void malformedLinesDuplicatesAndFlagsAreRefusedWithTheirLine() throws Exception {
        assertThatThrownBy(() -> expand("answer", "--config", file("at-port /dev/ttyUSB2\n").toString()))
                .hasMessageContaining(":1: expected 'name = value', found 'at-port /dev/ttyUSB2'");
        assertThatThrownBy(() -> expand("answer", "--config", file("dir = a\ndir = b\n").toString()))
                .hasMessageContaining(":2: 'dir' is already set on line 1");
        assertThatThrownBy(() -> expand("answer", "--config", file("once = yes\n").toString()))
                .hasMessageContaining(":1: 'once' is a flag: its value must be true or false, was 'yes'");
        assertThatThrownBy(() -> expand("answer", "--config", file("dir = \"unclosed\n").toString()))
                .hasMessageContaining(":1: the value opens a quote it does not close");
        assertThatThrownBy(() -> expand("answer", "--config", file("Max Seconds = 3\n").toString()))
                .hasMessageContaining(":1: 'Max Seconds' is not an option name");
    }

    @Test
    void secretsAreRefusedInTheFile() throws Exception {
        Path f = file("at-port = /dev/ttyUSB2\nwebhook-secret = hunter2\n");
        assertThatThrownBy(() -> expand("answer", "--config", f.toString()))
                .hasMessageContaining(":2: 'webhook-secret' is a secret")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.conf");
        assertThatThrownBy(() -> expand("answer", "--config", missing.toString()))
                .hasMessage(missing + ": no such configuration file");
        assertThatThrownBy(() -> expand("answer", "--config"))
                .hasMessage("--config needs a file name");
    }

    @Test
    void withoutConfigTheArgumentsAreUnchanged() {
        String[] args = {"answer", "--at-port", "/dev/ttyUSB2"};
        assertThat(expand(args)).isSameAs(args);
    }

    @Test
    void theCommandLineExitsWithTheConfigStatusAndNamesTheLineOfABadValue() throws Exception {
        Path f = file("at-port = /dev/ttyUSB2\nmax-seconds = abc\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.run(new String[] {"answer", "--config", f.toString()}, new PrintWriter(System.err, true));
        } finally {
            System.setErr(old);
        }
        assertThat(status).isEqualTo(ExitStatus.CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(f + ":2: Invalid value for option '--max-seconds': 'abc' is not an int");
    }

    @Test
    void statusTakesTheDirectoryFromTheAnsweringMachinesFile() throws Exception {
        Path f = file("at-port = /dev/ttyUSB2\ndir = /var/lib/modem-voice/messages\nmax-seconds = 60\n");
        assertThat(expand("status", "--config", f.toString(), "--json"))
                .containsExactly("status", "--dir=/var/lib/modem-voice/messages", "--json");
        Path bad = file("at-prot = /dev/ttyUSB2\n");
        assertThatThrownBy(() -> expand("status", "--config", bad.toString()))
                .hasMessageContaining(":1: 'at-prot' is not an option of 'modem-voice answer'");
    }

    @Test
    void aBadHoursFileOrGreetingIsAConfigurationErrorFoundBeforeTheModemIsTouched() throws Exception {
        Path hours = dir.resolve("hours.json");
        Files.writeString(hours, "{\n  \"zone\": \"UTC\",\n  \"weekly\": { \"monday\": [\"8-12\"] }\n}\n");
        Path notWav = Files.writeString(dir.resolve("greeting.wav"), "not a wav");
        // the AT port does not exist: touching the modem would exit 69, not 78
        String[] base = {"answer", "--at-port", dir.resolve("no-such-tty").toString(), "--dialect", "v253",
                "--dir", dir.resolve("messages").toString()};
        java.io.StringWriter err = new java.io.StringWriter();
        int status = Main.run(concat(base, "--business-hours", hours.toString()), new PrintWriter(err, true));
        assertThat(status).isEqualTo(ExitStatus.CONFIG);
        assertThat(err.toString()).contains(hours + ":3: weekly.monday[0]: \"8-12\" is not HH:mm-HH:mm");

        err = new java.io.StringWriter();
        status = Main.run(concat(base, "--greeting", notWav.toString()), new PrintWriter(err, true));
        assertThat(status).isEqualTo(ExitStatus.CONFIG);
        assertThat(err.toString()).contains("--greeting: ").contains("greeting.wav");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
