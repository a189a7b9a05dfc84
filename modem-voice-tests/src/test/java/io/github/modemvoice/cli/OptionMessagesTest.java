package io.github.modemvoice.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A wrong value is named by the option the user typed, in the units typed, before the modem is touched. */
class OptionMessagesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --max-seconds     | 0   | --max-seconds must be at least 1, was 0
            --min-seconds     | -1  | --min-seconds must be at least 0, was -1
            --min-seconds     | 200 | --min-seconds must be below --max-seconds (120), was 200
            --silence-seconds | -2  | --silence-seconds must be at least 0 (0 = off), was -2
            --baud            | 0   | --baud must be at least 1, was 0
            --finish-keys     | #x  | --finish-keys may hold only the keys 0123456789*#ABCD, was "#x"
            --notify-wait     | -1  | --notify-wait must be >= 0, was -1
            --skip-greeting   | ##  | --skip-greeting must be one of the keys 0123456789*#ABCD or none, was "##"
            """)
    void aBadValueNamesItsOption(String option, String value, String message) {
        List<String> args = new ArrayList<>(List.of("answer", "--at-port", dir.resolve("no-such-tty").toString(),
                "--dir", dir.resolve("messages").toString(), option, value));
        StringWriter err = new StringWriter();
        int status = Main.run(args.toArray(String[]::new), new PrintWriter(err, true));
        assertThat(status).isEqualTo(ExitStatus.USAGE);
        assertThat(err.toString()).contains("modem-voice: " + message).doesNotContain("PT").doesNotContain("no-such-tty");
    }
}
