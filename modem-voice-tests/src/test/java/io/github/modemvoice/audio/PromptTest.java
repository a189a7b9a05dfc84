package io.github.modemvoice.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PromptTest {
    @Test
    void ofPcmCopiesDefensively() {
        byte[] b = {1, 2, 3, 4};
        Prompt p = Prompt.ofPcm(b);
        b[0] = 9;
        assertThat(p.pcm()).containsExactly(1, 2, 3, 4);
        p.pcm()[1] = 9;
        assertThat(p.pcm()).containsExactly(1, 2, 3, 4);
        assertThat(p.sampleCount()).isEqualTo(2);
        assertThat(p.sample(1)).isEqualTo((short) 0x0403);
        assertThatThrownBy(() -> Prompt.ofPcm(new byte[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("even");
    }

    @Test
    void silenceAndDurations() {
        Prompt s = Prompt.silence(Duration.ofMillis(20));
        assertThat(s.sampleCount()).isEqualTo(160);
        assertThat(s.byteLength()).isEqualTo(320);
        assertThat(s.duration()).isEqualTo(Duration.ofMillis(20));
        assertThat(s.pcm()).containsOnly(0);
        assertThat(Prompt.silence(Duration.ZERO).sampleCount()).isZero();
        assertThat(Prompt.silence(Duration.ofNanos(62_500)).sampleCount()).isEqualTo(1); // half a sample rounds up
        assertThatThrownBy(() -> Prompt.silence(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
    }

    @Test
    void toneHasFrequencyAmplitudeAndFades() {
        Prompt t = Prompt.tone(1000, Duration.ofMillis(100), 0.5);
        assertThat(t.sampleCount()).isEqualTo(800);
        int peak = 0;
        for (int i = 0; i < t.sampleCount(); i++) {
            peak = Math.max(peak, Math.abs(t.sample(i)));
        }
        assertThat(peak).isBetween(16_000, 16_384);
        // faded ends: the first and last samples are tiny, full level after 5 ms
        assertThat(Math.abs(t.sample(0))).isLessThan(200);
        assertThat(Math.abs(t.sample(799))).isLessThan(200);
        // 1000 Hz at 8000 Hz: sample 42 (past the fade) is sin(2 pi 42 / 8) = sin(pi/2 * 21) = 1
        assertThat(t.sample(42) / 16383.5).isCloseTo(1.0, within(0.01));
        // zero crossings: 2 per cycle, 100 cycles
        int crossings = 0;
        for (int i = 1; i < t.sampleCount(); i++) {
            if ((t.sample(i - 1) < 0) != (t.sample(i) < 0)) {
                crossings++;
            }
        }
        assertThat(crossings).isBetween(195, 201);
        assertThatThrownBy(() -> Prompt.tone(4000, Duration.ofMillis(1), 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Prompt.tone(100, Duration.ofMillis(1), 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dualToneNeverClips() {
        Prompt t = Prompt.dualTone(941, 1633, Duration.ofSeconds(1), 1.0);
        for (int i = 0; i < t.sampleCount(); i++) {
            assertThat(Math.abs((int) t.sample(i))).isLessThanOrEqualTo(32767);
        }
    }

    @Test
    void beepIsDocumentedDefault() {
        Prompt b = Prompt.beep();
        assertThat(b.duration()).isEqualTo(Prompt.BEEP_DURATION);
        assertThat(b).isEqualTo(Prompt.tone(1000, Duration.ofMillis(500), 0.5));
    }

    @Test
    void concatAndChunkedCopy() throws IOException {
        Prompt a = Prompt.ofPcm(new byte[] {1, 2});
        Prompt b = Prompt.ofPcm(new byte[] {3, 4, 5, 6});
        Prompt c = a.concat(b, Prompt.empty(), a);
        assertThat(c.pcm()).containsExactly(1, 2, 3, 4, 5, 6, 1, 2);
        byte[] dst = new byte[3];
        assertThat(c.copyTo(6, dst, 0, 3)).isEqualTo(2);
        assertThat(dst).containsExactly(1, 2, 0);
        assertThat(c.copyTo(8, dst, 0, 3)).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.writeTo(out);
        assertThat(out.toByteArray()).isEqualTo(c.pcm());
        assertThat(c.openStream().readAllBytes()).isEqualTo(c.pcm());
    }
}
