package io.github.modemvoice.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SerialConfigTest {

    @Test
    void defaultsAre115200EightNOneWithoutFlowControl() {
        SerialConfig c = SerialConfig.of("/dev/ttyUSB2");
        assertThat(c.portPath()).isEqualTo("/dev/ttyUSB2");
        assertThat(c.baudRate()).isEqualTo(115_200);
        assertThat(c.dataBits()).isEqualTo(8);
        assertThat(c.parity()).isEqualTo(SerialConfig.Parity.NONE);
        assertThat(c.stopBits()).isEqualTo(1);
        assertThat(c.flowControl()).isEqualTo(FlowControl.NONE);
    }

    @Test
    void builderAndToBuilderRoundTrip() {
        SerialConfig c = SerialConfig.builder("/dev/ttyACM0").baudRate(57_600)
                .flowControl(FlowControl.RTS_CTS).parity(SerialConfig.Parity.EVEN).stopBits(2).dataBits(7).build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toBuilder().portPath("/dev/ttyACM1").build().portPath()).isEqualTo("/dev/ttyACM1");
    }

    @Test
    void invalidSettingsNameTheField() {
        assertThatThrownBy(() -> SerialConfig.of(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("portPath");
        assertThatThrownBy(() -> SerialConfig.builder("/dev/x").baudRate(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baudRate");
        assertThatThrownBy(() -> SerialConfig.builder("/dev/x").dataBits(9).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataBits");
        assertThatThrownBy(() -> SerialConfig.builder("/dev/x").stopBits(3).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stopBits");
        assertThatThrownBy(() -> SerialConfig.builder("/dev/x").flowControl(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("flowControl");
    }
}
