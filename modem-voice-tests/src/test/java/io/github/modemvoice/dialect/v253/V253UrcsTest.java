package io.github.modemvoice.dialect.v253;

import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.ModemEvent.Presentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class V253UrcsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DATE=1121|DATE|1121",
            "DATE = 1121|DATE|1121",
            "TIME=2215|TIME|2215",
            "TIME = 2215|TIME|2215",
            "NMBR=5551234|NMBR|5551234",
            "NMBR = 5551234|NMBR|5551234",
            "NMBR=O|NMBR|O",
            "NMBR = P|NMBR|P",
            "NAME=ALICE|NAME|ALICE",
            "NAME = ALICE SMITH|NAME|ALICE SMITH",
            "nmbr=5551234|NMBR|5551234",
            "MESG=080130303030|MESG|080130303030",
    })
    void callerIdFieldsAsModemsPrintThem(String line, V253Urcs.CallerIdTag tag, String value) {
        assertThat(V253Urcs.parseCallerIdField(line)).contains(new V253Urcs.CallerIdField(tag, value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RING", "OK", "CONNECT", "VCON", "NMBR", "=5551234", "AT+VCID=1", "+VCID: 1", "FOO=1", ""})
    void otherLinesAreNotCallerIdFields(String line) {
        assertThat(V253Urcs.parseCallerIdField(line)).isEmpty();
    }

    @Test
    void numberAndName() {
        ModemEvent.CallerId id = V253Urcs.callerId("5551234", "ALICE");
        assertThat(id.number()).isEqualTo("5551234");
        assertThat(id.name()).contains("ALICE");
        assertThat(id.presentation()).isEqualTo(Presentation.ALLOWED);
        assertThat(id.toString()).doesNotContain("5551234").doesNotContain("ALICE");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"O, UNAVAILABLE", "P, WITHHELD"})
    void outOfAreaAndPrivateHaveNeitherNumberNorName(String code, Presentation presentation) {
        ModemEvent.CallerId id = V253Urcs.callerId(code, code);
        assertThat(id.number()).isEmpty();
        assertThat(id.name()).isEmpty();
        assertThat(id.presentation()).isEqualTo(presentation);
    }

    @Test
    void numberWithoutName() {
        ModemEvent.CallerId id = V253Urcs.callerId("5551234", null);
        assertThat(id.name()).isEmpty();
        assertThat(id.presentation()).isEqualTo(Presentation.ALLOWED);
    }

    @Test
    void nameWithoutNumberIsUnavailableNumber() {
        ModemEvent.CallerId id = V253Urcs.callerId(null, "ALICE");
        assertThat(id.number()).isEmpty();
        assertThat(id.name()).contains("ALICE");
        assertThat(id.presentation()).isEqualTo(Presentation.UNAVAILABLE);
    }

    @Test
    void dleDigitsAreDtmf() {
        for (char c : "0123456789*#ABCD".toCharArray()) {
            assertThat(V253Urcs.dleEvent(c)).contains(new ModemEvent.Dtmf(c, Optional.empty()));
        }
    }

    @Test
    void dleLineConditions() {
        assertThat(V253Urcs.dleEvent('b'))
                .contains(new ModemEvent.CallEnded(ModemEvent.EndSignal.BUSY_TONE, Optional.empty()));
        assertThat(V253Urcs.dleEvent('d'))
                .contains(new ModemEvent.CallEnded(ModemEvent.EndSignal.DIAL_TONE, Optional.empty()));
        assertThat(V253Urcs.dleEvent('s')).contains(new ModemEvent.LineSignal(ModemEvent.LineCondition.SILENCE));
        assertThat(V253Urcs.dleEvent('q')).contains(new ModemEvent.LineSignal(ModemEvent.LineCondition.QUIET));
        assertThat(V253Urcs.dleEvent('u')).contains(new ModemEvent.LineSignal(ModemEvent.LineCondition.UNDERRUN));
        assertThat(V253Urcs.dleEvent('o')).contains(new ModemEvent.LineSignal(ModemEvent.LineCondition.OVERRUN));
        assertThat(V253Urcs.dleEvent('h'))
                .contains(new ModemEvent.LineSignal(ModemEvent.LineCondition.HANDSET_ON_HOOK));
        assertThat(V253Urcs.dleEvent('H'))
                .contains(new ModemEvent.LineSignal(ModemEvent.LineCondition.HANDSET_OFF_HOOK));
        assertThat(V253Urcs.dleEvent('R')).contains(new ModemEvent.Ring());
    }

    @Test
    void unmodelledDleCodesAreIgnored() {
        for (int c : new int[] {'c', 'e', 'a', 'f', 'l', 0x03, 0x10, '/', '~', 'E', 'F', 0xFF}) {
            assertThat(V253Urcs.dleEvent(c)).as("code 0x%02X", c).isEmpty();
        }
    }

    @Test
    void modelsFromIdentification() {
        assertThat(V253Model.fromIdentification("5601", "U.S. Robotics 56K FAX USB V1.2.23"))
                .contains(V253Model.USR_5637);
        assertThat(V253Model.fromIdentification("USRobotics 56K USB Modem 5637", null)).contains(V253Model.USR_5637);
        assertThat(V253Model.fromIdentification("56000", "CX93001-EIS_V0.2002-V92"))
                .contains(V253Model.CONEXANT_CX93001);
        assertThat(V253Model.fromIdentification("", "")).isEmpty();
        assertThat(V253Model.fromIdentification(null, "SIMCOM_SIM7600E-H")).isEmpty();
    }

    @Test
    void vsmCommands() {
        assertThat(V253Model.USR_5637.vsmCommand()).isEqualTo("AT+VSM=128,8000");
        assertThat(V253Model.USR_5637_ULAW.vsmCommand()).isEqualTo("AT+VSM=131,8000");
        assertThat(V253Model.CONEXANT_CX93001.vsmCommand()).isEqualTo("AT+VSM=1,8000");
    }

    @Test
    void shieldingDoublesDle() {
        byte[] out = new byte[8];
        int n = V253AudioChannel.shield(new byte[] {1, 0x10, 2, 0x10}, 4, out);
        assertThat(java.util.Arrays.copyOf(out, n)).containsExactly(1, 0x10, 0x10, 2, 0x10, 0x10);
    }
}
