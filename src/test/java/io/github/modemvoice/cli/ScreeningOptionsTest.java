package io.github.modemvoice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
            """)
    void aBadValueNamesItsOption(String option, String value, String message) throws Exception {
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of(option, value));
        if (!option.equals("--withheld") && !option.equals("--keep-days")) {
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
    void goodListsGetAsFarAsTheModem() throws Exception {
        Path list = dir.resolve("block.txt");
        Files.writeString(list, "+4930*   # Berlin\n");
        StringWriter err = new StringWriter();
        // the lists were read; what fails now is the missing modem
        assertThat(answer(err, "--block-list", list.toString(), "--withheld", "ignore", "--keep-days", "30"))
                .isEqualTo(ExitStatus.MODEM_UNAVAILABLE);
    }
}
