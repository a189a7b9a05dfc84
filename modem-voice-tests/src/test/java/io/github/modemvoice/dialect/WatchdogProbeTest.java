package io.github.modemvoice.dialect;

import io.github.modemvoice.testing.EachGsmDialect;
import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtTimeoutException;
import io.github.modemvoice.dialect.quectel.QuectelDialect;
import io.github.modemvoice.dialect.simcom.SimcomDialect;
import io.github.modemvoice.testing.ForwardingDialect;
import io.github.modemvoice.dialect.v253.V253Dialect;
import io.github.modemvoice.dialect.v253.V253Model;
import io.github.modemvoice.testing.MockTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each family's watchdog probe ({@link Dialect#checkHealth}) against the modem's answers: GSM
 * {@code AT+CLIP?} must say caller id is on (27.007 7.6, {@code +CLIP: <n>,<m>}), V.253
 * {@code AT+FCLASS?} must say voice (class 8), the default {@code AT} must answer {@code OK}.
 */
class WatchdogProbeTest {

    private static Optional<String> probe(Dialect d, String command, String... reply) {
        MockTransport port = MockTransport.commands("probe");
        if (reply.length > 0) {
            port.when(command).reply(reply);
        } else {
            port.when(command); // a silent modem: the command arrives, nothing comes back
        }
        try (AtChannel at = AtChannel.builder(port).defaultTimeout(Duration.ofMillis(200)).start()) {
            return d.checkHealth(at);
        }
    }

    @EachGsmDialect
    void gsmCallerIdOnIsWell(String family) {
        Dialect d = family.equals("simcom") ? new SimcomDialect() : new QuectelDialect();
        assertThat(probe(d, "AT+CLIP?", "+CLIP: 1,1", "OK")).isEmpty();
        assertThat(probe(d, "AT+CLIP?", "+CLIP: 1,2", "OK")).as("<m> is the network's, not ours").isEmpty();
    }

    @EachGsmDialect
    void gsmCallerIdOffMeansTheSettingsWereLost(String family) {
        Dialect d = family.equals("simcom") ? new SimcomDialect() : new QuectelDialect();
        assertThat(probe(d, "AT+CLIP?", "+CLIP: 0,1", "OK")).hasValueSatisfying(p ->
                assertThat(p).contains("caller id is off").contains("+CLIP: 0,1"));
        assertThat(probe(d, "AT+CLIP?", "ERROR")).hasValueSatisfying(p -> assertThat(p).contains("ERROR"));
        assertThat(probe(d, "AT+CLIP?", "OK")).hasValueSatisfying(p -> assertThat(p).contains("without a +CLIP line"));
    }

    @Test
    void v253VoiceClassIsWell() {
        Dialect d = new V253Dialect(V253Model.USR_5637);
        assertThat(probe(d, "AT+FCLASS?", "8", "OK")).isEmpty();
        assertThat(probe(d, "AT+FCLASS?", "8.0", "OK")).isEmpty();
        assertThat(probe(d, "AT+FCLASS?", "0", "OK")).hasValueSatisfying(p ->
                assertThat(p).contains("no longer in voice mode").contains("0"));
        assertThat(probe(d, "AT+FCLASS?", "ERROR")).isPresent();
    }

    @Test
    void theDefaultProbeIsAtAndASilentModemTimesOut() {
        Dialect plain = new ForwardingDialect(new SimcomDialect()) { }; // the interface's default probe
        assertThat(probe(plain, "AT", "OK")).isEmpty();
        assertThat(probe(plain, "AT", "ERROR")).isPresent();
        assertThatThrownBy(() -> probe(plain, "AT")).isInstanceOf(AtTimeoutException.class);
        assertThatThrownBy(() -> probe(new SimcomDialect(), "AT+CLIP?")).isInstanceOf(AtTimeoutException.class);
    }
}
