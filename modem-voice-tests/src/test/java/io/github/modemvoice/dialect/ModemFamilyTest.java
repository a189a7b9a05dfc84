package io.github.modemvoice.dialect;

import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.testing.MockTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModemFamilyTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Manufacturer: SIMCOM INCORPORATED\\nModel: SIMCOM_SIM7600E-H|SIMCOM",
            "SIM800 R14.18|SIMCOM",
            "Quectel\\nEC25\\nRevision: EC25EFAR06A06M4G|QUECTEL",
            "EG25GGBR07A08M2G|QUECTEL",
            "U.S. Robotics 56K FAX USB V1.2.23|V253",
            "CX93001-EIS_V0.2002-V92|V253",
            "USB Modem 5637|V253"})
    void identifiesFamilies(String text, ModemFamily family) {
        assertThat(ModemFamily.identify(text.replace("\\n", "\n"))).contains(family);
    }

    @Test
    void createsTheDialectForEachFamily() {
        assertThat(ModemFamily.SIMCOM.dialect("").name()).isEqualTo("simcom");
        assertThat(ModemFamily.QUECTEL.dialect("").needsAudioPort()).isTrue();
        assertThat(ModemFamily.V253.dialect("U.S. Robotics 56K FAX USB").needsAudioPort()).isFalse();
    }

    @Test
    void unknownModemIsNotGuessed() {
        assertThat(ModemFamily.identify("Telit LE910")).isEqualTo(Optional.empty());
    }

    @Test
    void familyByNameWithClearError() {
        assertThat(ModemFamily.byName("SimCom")).isEqualTo(ModemFamily.SIMCOM);
        assertThatThrownBy(() -> ModemFamily.byName("huawei")).hasMessageContaining("simcom, quectel, v253")
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
        ModemFamily.Identified id = ModemFamily.detect(at);
        assertThat(id.family()).isEqualTo(ModemFamily.QUECTEL);
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
        assertThatThrownBy(() -> ModemFamily.detect(at)).isInstanceOf(ModemVoiceException.class)
                .hasMessageContaining("Telit LE910").hasMessageContaining("--dialect");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(ModemModel.class)
    void everyModelIsDetectedAsItsFamilyAndGetsItsDialect(ModemModel model) {
        assertThat(ModemFamily.identify(model.identification())).contains(model.family());
        assertThat(model.dialect().name()).startsWith(model.family().cliName());
        assertThat(model.family().models()).contains(model);
    }

    @Test
    void namesComeFromTheRegistry() {
        assertThat(ModemFamily.names()).isEqualTo("simcom, quectel, v253");
        assertThat(ModemFamily.byName("v.253")).isEqualTo(ModemFamily.V253);
        assertThat(ModemFamily.V253.defaultModel()).isEqualTo(ModemModel.USR_5637);
    }

    /**
     * What {@code ModemFamily.identification} gathers from a SIM7600 ({@code ATI} as the SIM7500/
     * SIM7600 Series AT Command Manual, section "ATI Display product identification information",
     * shows it: Manufacturer, Model, Revision, IMEI, +GCAP; then {@code AT+CGMM} and {@code ATI3}
     * repeating the model and revision), and from a Quectel EC25 ({@code ATI}: three unlabelled
     * lines but the revision).
     */
    @Test
    void theSummaryNamesManufacturerModelAndFirmwareOnceWithoutTheImei() {
        String simcom = String.join("\n", "Manufacturer: SIMCOM INCORPORATED", "Model: SIMCOM_SIM7600E-H",
                "Revision: LE20B04SIM7600M22", "IMEI: 861234567890123", "+GCAP: +CGSM,+DS,+ES",
                "SIMCOM_SIM7600E-H", "Revision: LE20B04SIM7600M22");
        assertThat(ModemFamily.summary(simcom)).isEqualTo("SIMCOM INCORPORATED / SIMCOM_SIM7600E-H / LE20B04SIM7600M22");
        String quectel = String.join("\r\n", "Quectel", "EC25", "Revision: EC25EFAR06A06M4G", "EC25");
        assertThat(ModemFamily.summary(quectel)).isEqualTo("Quectel / EC25 / EC25EFAR06A06M4G");
        assertThat(ModemFamily.summary("")).isEmpty();
    }
}
