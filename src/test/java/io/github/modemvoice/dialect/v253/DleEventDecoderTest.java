package io.github.modemvoice.dialect.v253;

import io.github.modemvoice.dialect.ModemEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** DLE codes as the modems send them, including the USRobotics' shielded, repeated DTMF reports. */
class DleEventDecoderTest {

    private static String keys(String codes) {
        DleEventDecoder d = new DleEventDecoder();
        List<String> out = new ArrayList<>();
        for (char c : codes.toCharArray()) {
            d.accept(c).ifPresent(e -> out.add(e instanceof ModemEvent.Dtmf k ? String.valueOf(k.key()) : e.getClass().getSimpleName()));
        }
        return String.join(",", out);
    }

    @Test
    void aHeldKeyShieldedWithSlashAndTildeIsOnePress() {
        // DLE / DLE 0 DLE 0 DLE 0 DLE ~ : one press of 0 held ~210 ms (callattendant issue 13 saw "000")
        assertThat(keys("/000~")).isEqualTo("0");
    }

    @Test
    void twoPressesOfTheSameKeyAreTwoPresses() {
        assertThat(keys("/55~/5~")).isEqualTo("5,5");
    }

    @Test
    void aDifferentDigitInsideOnePairIsANewPress() {
        assertThat(keys("/1122~")).isEqualTo("1,2");
    }

    @Test
    void unshieldedDigitsAreEachAPress() {
        // plain V.253 (Conexant CX93001): one DLE <digit> per key
        assertThat(keys("1#11")).isEqualTo("1,#,1,1");
    }

    @Test
    void otherEventsPassInsideAndOutsideAPair() {
        assertThat(keys("/4b~d")).isEqualTo("4,CallEnded,CallEnded");
    }
}
