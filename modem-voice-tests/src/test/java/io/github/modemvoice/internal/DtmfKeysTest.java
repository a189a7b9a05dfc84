package io.github.modemvoice.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DtmfKeysTest {

    @Test
    void everyDtmfKeyIsAccepted() {
        for (char c : "0123456789*#ABCD".toCharArray()) {
            assertThat(DtmfKeys.requireKey("finishKeys", c)).isEqualTo(c);
        }
        assertThat(DtmfKeys.requireKeys("keys", "12ab#")).isEqualTo("12AB#");
    }

    @Test
    void aWrongKeyIsNamedQuotedWhenPrintableAndByItsCodeWhenNot() {
        assertThatThrownBy(() -> DtmfKeys.requireKey("finishKeys", 'x'))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("finishKeys must be a DTMF key (0-9 * # A-D), was 'x'");
        assertThatThrownBy(() -> DtmfKeys.requireKey("finishKeys", '\u0007'))
                .hasMessage("finishKeys must be a DTMF key (0-9 * # A-D), was U+0007");
        assertThatThrownBy(() -> DtmfKeys.requireKeys("keys", "1\n2"))
                .hasMessage("keys[1]: U+000A is not a DTMF key (0-9 * # A-D)");
        assertThatThrownBy(() -> DtmfKeys.requireKeys("keys", ""))
                .hasMessage("keys must not be empty");
    }
}
