package io.github.modemvoice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The files a user installs: the sample configuration, the systemd unit and the launcher
 * (scripts/check-deb.sh checks them installed from the Debian package).
 */
class PackagingTest {
    private static final Path UNIT = Path.of("packaging/modem-voice.service");
    private static final Path SAMPLE = Path.of("packaging/modem-voice.conf");
    private static final Path LAUNCHER = Path.of("packaging/modem-voice");

    @TempDir
    Path dir;

    @Test
    void theSampleConfigurationIsAcceptedAndEveryCommentedOptionExists() throws Exception {
        CommandLine.Model.CommandSpec answer = new CommandLine(new Main()).getSubcommands().get("answer").getCommandSpec();
        assertThat(ConfigFile.read(SAMPLE).toArguments(answer)).contains("--dialect=auto", "--max-seconds=120");
        // the commented-out examples must be real options too, once uncommented
        List<String> uncommented = new ArrayList<>();
        List<String> sections = new ArrayList<>();
        for (String line : Files.readAllLines(SAMPLE, StandardCharsets.UTF_8)) {
            if (line.startsWith("#[modem ")) {
                sections.add(line.substring(1));
            } else if (!sections.isEmpty() && line.matches("#[a-z][a-z0-9-]* *= .*")) {
                sections.add(line.substring(1));
            } else if (line.matches("#[a-z][a-z0-9-]* = .*")) {
                uncommented.add(line.substring(1));
            }
        }
        assertThat(uncommented).isNotEmpty();
        Path f = dir.resolve("uncommented.conf");
        Files.write(f, uncommented, StandardCharsets.UTF_8);
        assertThat(ConfigFile.read(f).toArguments(answer)).hasSameSizeAs(uncommented);
        // the several-modems example at the end, once uncommented, is a valid list of modems
        assertThat(sections).isNotEmpty();
        Path multi = dir.resolve("modems.conf");
        Files.write(multi, sections, StandardCharsets.UTF_8);
        assertThat(ModemLines.of(ConfigFile.read(multi), new ModemLines.Defaults("auto", 115200, dir, null, null)))
                .extracting(ModemLines.ModemLine::name).containsExactly("office", "shop");
    }

    @Test
    void theUnitRunsTheAnsweringMachineWithTheConfigHardened() throws Exception {
        String unit = Files.readString(UNIT, StandardCharsets.UTF_8);
        assertThat(unit).contains("answer --config /etc/modem-voice/modem-voice.conf", "SupplementaryGroups=dialout",
                "StateDirectory=modem-voice", "Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "PrivateTmp=yes", "KillSignal=SIGTERM");
        // the sample's message directory is inside the unit's state directory
        assertThat(Files.readString(SAMPLE)).contains("dir = /var/lib/modem-voice/messages");
    }

    @Test
    void systemdAnalyzeVerifiesTheUnitWithoutAWarning() throws Exception {
        Path tool = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(tool), "systemd-analyze is not installed: the unit is not verified here");
        // verify a copy: the tool checks that ExecStart's program exists, so the copy runs the repository's launcher
        // (the package installs it as /usr/bin/modem-voice)
        Path copy = dir.resolve("modem-voice.service");
        String unit = Files.readString(UNIT, StandardCharsets.UTF_8);
        assertThat(unit).contains("ExecStart=/usr/bin/modem-voice answer ");
        Files.writeString(copy, unit.replace("ExecStart=/usr/bin/modem-voice ", "ExecStart=" + LAUNCHER.toAbsolutePath() + " "));
        Process p = new ProcessBuilder(tool.toString(), "verify", copy.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // systemd-analyze exits 0 on unknown keys and bad values, so any line it prints is a failure
        assertThat(output.lines().filter(l -> !l.isBlank()).toList()).as("systemd-analyze verify said").isEmpty();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void theLauncherRunsTheJarWithTheUnitsJvmOptionsAndPassesTheArgumentsAsTheyAre() throws Exception {
        // a java that prints its arguments, one per line: what the launcher asks of the real one
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        List<String> jvm = io.github.modemvoice.bench.IdleFootprintBench.unitOptions(UNIT).stream().filter(o -> o.startsWith("-")).toList();
        assertThat(jvm).contains("-XX:+UseSerialGC", "-Xmx48m", "-XX:+ExitOnOutOfMemoryError");

        assertThat(launch(java, String.join(" ", jvm), "answer", "--config", "/etc/my modem.conf"))
                .containsExactlyElementsOf(concat(jvm, List.of("-jar", "/usr/share/modem-voice/modem-voice-cli.jar",
                        "answer", "--config", "/etc/my modem.conf")));
        // an interactive run: no JVM options, the JVM's defaults
        assertThat(launch(java, null, "--version")).containsExactly("-jar", "/usr/share/modem-voice/modem-voice-cli.jar", "--version");
    }

    private static List<String> launch(Path java, String jvmOptions, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JAVA", java.toString());
        pb.environment().remove("MODEMVOICE_JAR");
        pb.environment().remove("MODEMVOICE_JAVA_OPTIONS");
        if (jvmOptions != null) {
            pb.environment().put("MODEMVOICE_JAVA_OPTIONS", jvmOptions);
        }
        Process p = pb.start();
        List<String> printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the launcher printed %s", printed).isZero();
        return printed;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
