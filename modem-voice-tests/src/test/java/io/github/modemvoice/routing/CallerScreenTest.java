package io.github.modemvoice.routing;

import io.github.modemvoice.call.CallerInfo;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.pipeline.MutableClock;
import io.github.modemvoice.routing.CallerScreen.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerScreenTest {
    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private Path list(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+49 30 123456     | 49 | +4930123456",
        "0049-30-123456    | 49 | +4930123456",
        "030 / 12 34 56    | 49 | +4930123456",
        "(030) 123456      |    | 030123456",
        "0151.1234.4567    | 49 | +4915112344567",
        "123               | 49 | 123",
        "+1 (555) 123-4567 | 49 | +15551234567",
        "+49 (0)30 123456  | 49 | +4930123456",
        "+44 (0) 20 7946 0000 | 49 | +442079460000",
        "0049 (0)30 123456 | 49 | +4930123456",
        "+1 (0)            | 49 | +1",
        "(0)30 123456      | 49 | +4930123456",
        "Anonymous         | 49 | ",
        "+                 | 49 | ",
        "12*34             | 49 | ",
    })
    void numbersAreNormalisedTowardsE164(String number, String cc, String expected) {
        assertThat(CallerScreen.normalize(number, cc, "0")).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void blockedNumbersAndPrefixesAreRejectedAndTheAllowListWins() throws IOException {
        Path block = list("block.txt", """
                # spam callers
                +4930*            # all of Berlin
                0151 1234 4567    # a national number, with --country-code 49
                +1900*
                """);
        Path allow = list("allow.txt", "+4930123456\n");
        CallerScreen s = CallerScreen.builder().blockList(block).allowList(allow).countryCode("+49").clock(clock).build();
        assertThat(s.screen(CallerInfo.of("+4930999999"))).isEqualTo(new CallerScreen.Decision(Action.REJECT, "on the block list"));
        assertThat(s.screen(CallerInfo.of("030 999999")).action()).isEqualTo(Action.REJECT);
        assertThat(s.screen(CallerInfo.of("+4915112344567")).action()).isEqualTo(Action.REJECT);
        assertThat(s.screen(CallerInfo.of("+19005551234")).action()).isEqualTo(Action.REJECT);
        assertThat(s.screen(CallerInfo.of("+4930123456"))).isEqualTo(new CallerScreen.Decision(Action.ANSWER, "on the allow list"));
        assertThat(s.screen(CallerInfo.of("+4989123456"))).isEqualTo(new CallerScreen.Decision(Action.ANSWER, "not on a list"));
        assertThat(s.screenedOut()).isEqualTo(4);
        assertThat(s.describe()).contains("block list " + block + " (3 entries, reject)", "allow list", "(1 entries)")
                .doesNotContain("4930");
    }

    @Test
    void aStarAloneBlocksEveryNumberSoOnlyTheAllowListGetsThrough() throws IOException {
        CallerScreen s = CallerScreen.builder().blockList(list("b", "*\n")).allowList(list("a", "+4930123456\n"))
                .blockedAction(Action.IGNORE).build();
        assertThat(s.screen(CallerInfo.of("+4989123456")).action()).isEqualTo(Action.IGNORE);
        assertThat(s.screen(CallerInfo.of("+4930123456")).action()).isEqualTo(Action.ANSWER);
    }

    @Test
    void callersWithoutANumberGetTheWithheldPolicy() {
        CallerScreen s = CallerScreen.builder().withheld(Action.REJECT).build();
        CallerInfo withheld = new CallerInfo(Optional.empty(), Optional.empty(), ModemEvent.Presentation.WITHHELD);
        assertThat(s.screen(withheld)).isEqualTo(new CallerScreen.Decision(Action.REJECT, "no caller number (withheld)"));
        assertThat(s.screen(CallerInfo.unknown()).action()).isEqualTo(Action.REJECT);
        assertThat(s.screen(CallerInfo.of("Anonymous")).action()).isEqualTo(Action.REJECT);
        assertThat(s.screen(CallerInfo.of("+4930123456")).action()).isEqualTo(Action.ANSWER);
        assertThat(CallerScreen.builder().build().screen(withheld).action()).isEqualTo(Action.ANSWER);
    }

    @Test
    void aBadLineIsAnErrorNamingTheFileAndLine() throws IOException {
        Path block = list("block.txt", "+4930123456\n\n# fine\nspam caller\n");
        assertThatThrownBy(() -> CallerScreen.builder().blockList(block).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(block + ":4: not a number or prefix: \"spam caller\" (expected e.g. +4930123456 or +4930*)");
        Path star = list("star.txt", "+49*30\n");
        assertThatThrownBy(() -> CallerScreen.builder().blockList(star).build()).hasMessageStartingWith(star + ":1: ");
        Path typo = list("typo.txt", "+49 30 1234567 ext 89\n"); // someone's number, written wrongly
        assertThatThrownBy(() -> CallerScreen.builder().blockList(typo).build())
                .hasMessage(typo + ":1: not a number or prefix: \"+** ** *****67 ext 89\" (expected e.g. +4930123456 or +4930*)");
        assertThatThrownBy(() -> CallerScreen.builder().blockList(tmp.resolve("missing")).build())
                .hasMessage(tmp.resolve("missing") + ": no such file");
        assertThatThrownBy(() -> CallerScreen.builder().blockedAction(Action.ANSWER).build())
                .hasMessageContaining("blockedAction must be REJECT or IGNORE");
        assertThatThrownBy(() -> CallerScreen.builder().countryCode("4a").build()).hasMessageContaining("countryCode");
    }

    @Test
    void aChangedListIsReadAgainAfterTheRecheckIntervalAndABrokenOneKeepsTheOldEntries() throws IOException {
        Path block = list("block.txt", "+4930111111\n");
        CallerScreen s = CallerScreen.builder().blockList(block).clock(clock).recheckEvery(Duration.ofSeconds(2)).build();
        CallerInfo caller = CallerInfo.of("+4930222222");
        assertThat(s.screen(caller).action()).isEqualTo(Action.ANSWER);

        Files.writeString(block, "+4930111111\n+4930222222\n"); // another size: a change even within one mtime tick
        assertThat(s.screen(caller).action()).as("within the recheck interval").isEqualTo(Action.ANSWER);
        clock.advance(Duration.ofSeconds(2));
        assertThat(s.screen(caller).action()).as("re-read").isEqualTo(Action.REJECT);

        Files.writeString(block, "+4930111111\nnot a number\n");
        clock.advance(Duration.ofSeconds(2));
        assertThat(s.screen(caller).action()).as("a broken edit keeps what was read").isEqualTo(Action.REJECT);

        Files.delete(block);
        clock.advance(Duration.ofSeconds(2));
        assertThat(s.screen(caller).action()).as("a removed file keeps what was read").isEqualTo(Action.REJECT);

        Files.writeString(block, "# nobody\n");
        clock.advance(Duration.ofSeconds(2));
        assertThat(s.screen(caller).action()).as("fixed again").isEqualTo(Action.ANSWER);
    }
}
