package io.github.modemvoice.dialect.v253;

import io.github.modemvoice.dialect.ModemEvent;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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

    static Stream<Arguments> reports() {
        return Stream.of(
                // DLE / DLE 0 DLE 0 DLE 0 DLE ~ : one press of 0 held ~210 ms (callattendant issue 13 saw "000")
                Arguments.of(Named.of("a held key shielded with / and ~ is one press", "/000~"), "0"),
                Arguments.of(Named.of("two presses of the same key are two presses", "/55~/5~"), "5,5"),
                Arguments.of(Named.of("a different digit inside one pair is a new press", "/1122~"), "1,2"),
                // plain V.253 (Conexant CX93001): one DLE <digit> per key
                Arguments.of(Named.of("unshielded digits are each a press", "1#11"), "1,#,1,1"),
                Arguments.of(Named.of("other events pass inside and outside a pair", "/4b~d"), "4,CallEnded,CallEnded"));
    }

    @ParameterizedTest
    @MethodSource("reports")
    void dleCodesBecomeEvents(String codes, String events) {
        assertThat(keys(codes)).isEqualTo(events);
    }
}
