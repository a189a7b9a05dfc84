package io.github.modemvoice.dialect.quectel;

import io.github.modemvoice.dialect.ModemEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Quectel's URCs as EC2x modules print them (Quectel EC25 AT manual, AT+QTONEDET). */
class QuectelUrcsTest {

    private static ModemEvent parse(String line) {
        return QuectelUrcs.parseOrNull(line);
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

    @ParameterizedTest
    @ValueSource(strings = {"RDY", "+CPIN: READY", "+QUSIM: 1", "+QIND: PB DONE", "+QIND: SMS DONE"})
    void bootAnnouncementsAreNotCallEvents(String line) {
        // Quectel AT+CFUN example and field logs; ModemManager mm-shared-quectel.c (+QUSIM: 1)
        assertThat(parse(line)).isNull();
    }

    @Test
    void remoteHangupIsTheCommonNoCarrier() {
        assertThat(parse("NO CARRIER")).isEqualTo(
                new ModemEvent.CallEnded(ModemEvent.EndSignal.NO_CARRIER, Optional.empty()));
    }
}
