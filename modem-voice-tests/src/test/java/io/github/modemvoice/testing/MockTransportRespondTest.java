package io.github.modemvoice.testing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MockTransport#whenAny()} and {@link MockTransport.Rule#respond}. */
class MockTransportRespondTest {

    private static String readAll(MockTransport m) {
        byte[] buf = new byte[256];
        int n = m.read(buf, 0, buf.length, Duration.ofMillis(100));
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void respondReceivesTheCommandText() {
        MockTransport at = MockTransport.commands("at");
        at.when("AT").reply("OK");
        at.whenAny().respond((cmd, m) -> m.emitLine("GOT " + cmd));
        at.open();
        at.write("AT\rAT+X=1\r".getBytes(StandardCharsets.US_ASCII));
        assertThat(readAll(at)).isEqualTo("\r\nOK\r\n\r\nGOT AT+X=1\r\n");
        at.assertNoUnscriptedCommands();
    }

    @Test
    void limitedRulesStillComeFirstAndCatchAllShadowsLaterStandingRules() {
        MockTransport at = MockTransport.commands("at");
        at.whenAny().respond((cmd, m) -> m.emitLine("ANY"));
        at.when("ATA").reply("NEVER");
        at.when("ATA").once().reply("ONCE");
        at.open();
        at.write("ATA\rATA\r".getBytes(StandardCharsets.US_ASCII));
        assertThat(readAll(at)).isEqualTo("\r\nONCE\r\n\r\nANY\r\n");
    }
}
