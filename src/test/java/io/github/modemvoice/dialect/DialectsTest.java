package io.github.modemvoice.dialect;

import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.transport.MockTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DialectsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Manufacturer: SIMCOM INCORPORATED\\nModel: SIMCOM_SIM7600E-H|SIMCOM",
            "SIM800 R14.18|SIMCOM",
            "Quectel\\nEC25\\nRevision: EC25EFAR06A06M4G|QUECTEL",
            "EG25GGBR07A08M2G|QUECTEL",
            "U.S. Robotics 56K FAX USB V1.2.23|V253",
            "CX93001-EIS_V0.2002-V92|V253",
            "USB Modem 5637|V253"})
    void identifiesFamilies(String text, Dialects.Family family) {
        assertThat(Dialects.identify(text.replace("\\n", "\n"))).contains(family);
    }

    @Test
    void createsTheDialectForEachFamily() {
        assertThat(Dialects.create(Dialects.Family.SIMCOM, "").name()).isEqualTo("simcom");
        assertThat(Dialects.create(Dialects.Family.QUECTEL, "").needsAudioPort()).isTrue();
        assertThat(Dialects.create(Dialects.Family.V253, "U.S. Robotics 56K FAX USB").needsAudioPort()).isFalse();
    }

    @Test
    void unknownModemIsNotGuessed() {
        assertThat(Dialects.identify("Telit LE910")).isEqualTo(Optional.empty());
    }

    @Test
    void familyByNameWithClearError() {
        assertThat(Dialects.family("SimCom")).isEqualTo(Dialects.Family.SIMCOM);
        assertThatThrownBy(() -> Dialects.family("huawei")).hasMessageContaining("simcom, quectel, v253")
                .hasMessageContaining("huawei");
    }

    @Test
    void detectsOverTheWire() {
        MockTransport at = MockTransport.commands("at");
        at.when("AT").reply("OK");
        at.when("ATI").reply("Quectel", "EC25", "Revision: EC25EFAR06A06M4G", "OK");
        at.when("AT+CGMM").reply("EC25", "OK");
        at.when("ATI3").reply("ERROR");
        at.when("ATI0").reply("ERROR");
        Dialects.Identified id = Dialects.detect(at);
        assertThat(id.family()).isEqualTo(Dialects.Family.QUECTEL);
        assertThat(at.isClosed()).isTrue();
    }

    @Test
    void undetectableModemSaysWhatItHeard() {
        MockTransport at = MockTransport.commands("at");
        at.when("AT").reply("OK");
        at.when("ATI").reply("Telit", "LE910", "OK");
        at.when("AT+CGMM").reply("ERROR");
        at.when("ATI3").reply("ERROR");
        at.when("ATI0").reply("ERROR");
        assertThatThrownBy(() -> Dialects.detect(at)).isInstanceOf(ModemVoiceException.class)
                .hasMessageContaining("Telit LE910").hasMessageContaining("--dialect");
    }
}
