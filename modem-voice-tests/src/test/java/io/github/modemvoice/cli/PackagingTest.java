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

/** The files a user installs: the sample configuration and the systemd unit. */
class PackagingTest {
    private static final Path UNIT = Path.of("packaging/modem-voice.service");
    private static final Path SAMPLE = Path.of("packaging/modem-voice.conf");

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
        // verify a copy: the tool checks that ExecStart's program exists, and the unit's path stays as shipped
        Path copy = dir.resolve("modem-voice.service");
        Files.copy(UNIT, copy);
        Process p = new ProcessBuilder(tool.toString(), "verify", copy.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // systemd-analyze exits 0 on unknown keys and bad values, so any line it prints is a failure
        assertThat(output.lines().filter(l -> !l.isBlank()).toList()).as("systemd-analyze verify said").isEmpty();
        assertThat(p.exitValue()).isZero();
    }
}
