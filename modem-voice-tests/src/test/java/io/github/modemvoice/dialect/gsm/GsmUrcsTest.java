package io.github.modemvoice.dialect.gsm;

import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.quectel.QuectelUrcs;
import io.github.modemvoice.dialect.simcom.SimcomUrcs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The forms both GSM families share, and each family's own through its parser (SIMCom first, then Quectel). */
class GsmUrcsTest {

    private static ModemEvent parse(String s) {
        ModemEvent e = SimcomUrcs.parseOrNull(s);
        return e != null ? e : QuectelUrcs.parseOrNull(s);
    }

    @Test
    void ring() {
        assertThat(parse("RING")).isEqualTo(new ModemEvent.Ring());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+DTMF: 5|5", "+DTMF:5|5", "+DTMF: \"5\"|5", "+RXDTMF: 5|5", "RXDTMF: 5|5", "+RXDTMF:#|#",
            "+DTMF: *|*", "+DTMF: a|A", "+DTMF: D|D", "+QTONEDET: 53|5", "+QTONEDET: 35|#", "+QTONEDET: 42|*",
            "+QTONEDET: 65|A", "+QTONEDET:48|0", "+DTMF: E|*", "+DTMF: F|#"})
    void dtmfInEveryForm(String line, char key) {
        assertThat(parse(line)).isEqualTo(new ModemEvent.Dtmf(key, Optional.empty()));
    }

    @Test
    void dtmfWithDuration() {
        assertThat(parse("+DTMF: 5,160")).isEqualTo(new ModemEvent.Dtmf('5', Optional.of(Duration.ofMillis(160))));
        assertThat(parse("+DTMF: \"#\", 80")).isEqualTo(new ModemEvent.Dtmf('#', Optional.of(Duration.ofMillis(80))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+DTMF: ", "+DTMF: 55", "+DTMF: X", "+QTONEDET: 999", "+QTONEDET: x", "+QTONEDET: 88"})
    void malformedDtmfIsNotAnEvent(String line) {
        assertThat(parse(line)).isNull();
    }

    @Test
    void callerIdWithNumber() {
        ModemEvent e = parse("+CLIP: \"+4915112344567\",145,\"\",0,\"Alice\",0");
        assertThat(e).isEqualTo(new ModemEvent.CallerId("+4915112344567", Optional.of("Alice"),
                ModemEvent.Presentation.ALLOWED));
        assertThat(e.toString()).doesNotContain("4915112344567").contains("+***4567");
    }

    @Test
    void callerIdShortForm() {
        assertThat(parse("+CLIP: \"0301234567\",129")).isEqualTo(
                new ModemEvent.CallerId("0301234567", Optional.empty(), ModemEvent.Presentation.ALLOWED));
    }

    @Test
    void callerIdWithheldAndUnavailable() {
        assertThat(parse("+CLIP: \"\",128,\"\",,\"\",1")).isEqualTo(
                new ModemEvent.CallerId("", Optional.empty(), ModemEvent.Presentation.WITHHELD));
        assertThat(parse("+CLIP: \"\",128,,,,2")).isEqualTo(
                new ModemEvent.CallerId("", Optional.empty(), ModemEvent.Presentation.UNAVAILABLE));
        assertThat(parse("+CLIP: \"\",128")).isEqualTo(
                new ModemEvent.CallerId("", Optional.empty(), ModemEvent.Presentation.WITHHELD));
        assertThat(parse("+CLIP: \"Anonymous\",128")).isEqualTo(
                new ModemEvent.CallerId("", Optional.empty(), ModemEvent.Presentation.WITHHELD));
    }

    @Test
    void voiceCall() {
        assertThat(parse("VOICE CALL: BEGIN")).isEqualTo(new ModemEvent.CallConnected());
        assertThat(parse("VOICE CALL: END")).isEqualTo(
                new ModemEvent.CallEnded(ModemEvent.EndSignal.VOICE_CALL_END, Optional.empty()));
        assertThat(parse("VOICE CALL: END: 000125")).isEqualTo(
                new ModemEvent.CallEnded(ModemEvent.EndSignal.VOICE_CALL_END, Optional.of(Duration.ofSeconds(85))));
        assertThat(parse("VOICE CALL: END: 42")).isEqualTo(
                new ModemEvent.CallEnded(ModemEvent.EndSignal.VOICE_CALL_END, Optional.of(Duration.ofSeconds(42))));
        assertThat(parse("VOICE CALL: END: 0:01:05")).isEqualTo(
                new ModemEvent.CallEnded(ModemEvent.EndSignal.VOICE_CALL_END, Optional.of(Duration.ofSeconds(65))));
    }

    @Test
    void endSignals() {
        assertThat(parse("NO CARRIER")).isEqualTo(new ModemEvent.CallEnded(ModemEvent.EndSignal.NO_CARRIER, Optional.empty()));
        assertThat(parse("BUSY")).isEqualTo(new ModemEvent.CallEnded(ModemEvent.EndSignal.BUSY, Optional.empty()));
        assertThat(parse("NO ANSWER")).isEqualTo(new ModemEvent.CallEnded(ModemEvent.EndSignal.NO_ANSWER, Optional.empty()));
    }

    @Test
    void missedCall() {
        ModemEvent e = parse("MISSED_CALL: 14:10PM +4915112344567");
        assertThat(e).isEqualTo(new ModemEvent.MissedCall("14:10PM", "+4915112344567"));
        assertThat(e.toString()).doesNotContain("4915112344567");
    }

    @Test
    void unknownIsNull() {
        assertThat(parse("+CREG: 1")).isNull();
        assertThat(parse("")).isNull();
    }

    @Test
    void splitFieldsHonoursQuotes() {
        assertThat(GsmUrcs.splitFields("\"a,b\", 1 ,,\"\"")).containsExactly("a,b", "1", "", "");
    }

    // ---------------------------------------------------------------- +CLIP quoting (27.007 7.6, V.250 5.4.2.2)

    @Test
    void clipNameWithBackslashEscapedQuotesAndAComma() {
        ModemEvent.CallerId id = GsmUrcs.parseClip(" \"+15551234567\",145,\"\",0,\"Bob \\\"the\\\" Builder, Ltd\",0");
        assertThat(id.number()).isEqualTo("+15551234567");
        assertThat(id.name()).contains("Bob \"the\" Builder, Ltd");
        assertThat(id.presentation()).isEqualTo(ModemEvent.Presentation.ALLOWED);
    }

    @Test
    void clipNameWithV250HexEscapes() {
        // V.250 5.4.2.2: a quote inside a string constant is \22, a backslash \5C
        ModemEvent e = GsmUrcs.parseOrNull("+CLIP: \"5551234\",129,\"\",,\"Bob \\22the\\22 Builder \\5C o/\",0");
        assertThat(e).isEqualTo(new ModemEvent.CallerId("5551234", Optional.of("Bob \"the\" Builder \\ o/"),
                ModemEvent.Presentation.ALLOWED));
    }

    @Test
    void clipWithOddSpacingAndEmptyFields() {
        assertThat(GsmUrcs.parseOrNull("+CLIP:\"+393351391306\" , 145 ,,,,0")).isEqualTo(
                new ModemEvent.CallerId("+393351391306", Optional.empty(), ModemEvent.Presentation.ALLOWED));
        assertThat(GsmUrcs.parseOrNull("+CLIP: \"\",128,,,,1")).isEqualTo(
                new ModemEvent.CallerId("", Optional.empty(), ModemEvent.Presentation.WITHHELD));
        assertThat(GsmUrcs.parseOrNull("+CLIP: \"\",128,,,,2")).isEqualTo(
                new ModemEvent.CallerId("", Optional.empty(), ModemEvent.Presentation.UNAVAILABLE));
    }

    @Test
    void aLoneBackslashIsKeptAndAnUnterminatedQuoteDoesNotThrow() {
        assertThat(GsmUrcs.splitFields("\"a\\b\",1")).containsExactly("a\\b", "1");
        assertThat(GsmUrcs.splitFields("\"abc\\")).containsExactly("abc\\");
        assertThat(GsmUrcs.splitFields("\"a\\4")).containsExactly("a\\4");
    }
}
