package io.github.modemvoice.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DtmfTest {
    @Test
    void frequencyTableFollowsQ23() {
        assertThat(Dtmf.frequencies('1')).isEqualTo(new Dtmf.Frequencies(697, 1209));
        assertThat(Dtmf.frequencies('5')).isEqualTo(new Dtmf.Frequencies(770, 1336));
        assertThat(Dtmf.frequencies('9')).isEqualTo(new Dtmf.Frequencies(852, 1477));
        assertThat(Dtmf.frequencies('0')).isEqualTo(new Dtmf.Frequencies(941, 1336));
        assertThat(Dtmf.frequencies('*')).isEqualTo(new Dtmf.Frequencies(941, 1209));
        assertThat(Dtmf.frequencies('#')).isEqualTo(new Dtmf.Frequencies(941, 1477));
        assertThat(Dtmf.frequencies('D')).isEqualTo(new Dtmf.Frequencies(941, 1633));
        assertThat(Dtmf.frequencies('a')).isEqualTo(new Dtmf.Frequencies(697, 1633));
        assertThatThrownBy(() -> Dtmf.frequencies('E')).isInstanceOf(IllegalArgumentException.class);
        assertThat(Dtmf.isKey('#')).isTrue();
        assertThat(Dtmf.isKey('x')).isFalse();
    }

    @Test
    void toneAndSequence() {
        assertThat(Dtmf.tone('5', Duration.ofMillis(100)))
                .isEqualTo(Prompt.dualTone(770, 1336, Duration.ofMillis(100), Dtmf.DEFAULT_AMPLITUDE));
        Prompt seq = Dtmf.sequence("12", Duration.ofMillis(80), Duration.ofMillis(70));
        assertThat(seq.duration()).isEqualTo(Duration.ofMillis(300));
    }
}
