package io.github.modemvoice.dialect.quectel;

import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.gsm.BootAnnouncementsContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Quectel's URCs as EC2x modules print them (Quectel EC25 AT manual, AT+QTONEDET). */
class QuectelUrcsTest extends BootAnnouncementsContract {

    QuectelUrcsTest() {
        super(QuectelUrcs.INSTANCE);
    }

    @ParameterizedTest
    @CsvSource({"+QTONEDET: 56, 8", "+QTONEDET:48, 0", "+QTONEDET: 57, 9", "+QTONEDET: 42, *", "+QTONEDET: 35, #",
            "+QTONEDET: 65, A", "+QTONEDET: 68, D", "'  +QTONEDET:  53  ', 5", "+qtonedet: 49, 1"})
    void toneDetectionReportsTheAsciiCode(String line, char key) {
        assertThat(parse(line)).isEqualTo(new ModemEvent.Dtmf(key, Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+QTONEDET: 8", "+QTONEDET: 200", "+QTONEDET: x", "+QTONEDET:"})
    void aCodeThatIsNoKeyIsNotAnEvent(String line) {
        assertThat(parse(line)).isNull();
    }

    @Test
    void someFirmwareSendsDtmfAsText() {
        assertThat(parse("+DTMF: 4")).isEqualTo(new ModemEvent.Dtmf('4', Optional.empty()));
    }

    @Test
    void simcomFormsAreNotQuectels() {
        assertThat(parse("VOICE CALL: END: 000012")).isNull();
        assertThat(parse("+RXDTMF: 8")).isNull();
        assertThat(parse("MISSED_CALL: 11:02AM 5551234")).isNull();
    }

    static List<String> bootAnnouncements() {
        // Quectel EC25 AT manual (AT+CFUN example, RDY) and field logs; ModemManager
        // mm-shared-quectel.c (+QUSIM: 1 once the USIM is (re)initialised)
        return List.of("RDY", "+CPIN: READY", "+QUSIM: 1", "+QIND: PB DONE", "+QIND: SMS DONE", "+QUSIM:1",
                "+QIND:  SMS DONE");
    }

    static List<String> otherLines() {
        return List.of("SMS DONE", "PB DONE", "Call Ready", "+QUSIM: 0", "+QIND: \"csq\",20,99", "+CPIN: SIM PIN");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n",
        "\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: PB DONE\r\n\r\n+QIND: SMS DONE\r\n"})
    void anEc25BootBurstInEitherOrderIsFiveRestartEvents(String wire) throws Exception {
        // the order of SMS DONE and PB DONE varies between the manual's example and field logs
        assertThat(kindsOf(wire, 5)).containsOnly(ModemEvent.ModemRestarted.class).hasSize(5);
    }

    @Test
    void remoteHangupIsTheCommonNoCarrier() {
        assertThat(parse("NO CARRIER")).isEqualTo(
                new ModemEvent.CallEnded(ModemEvent.EndSignal.NO_CARRIER, Optional.empty()));
    }
}
