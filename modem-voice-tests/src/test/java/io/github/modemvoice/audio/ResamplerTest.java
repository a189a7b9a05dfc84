package io.github.modemvoice.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The resampler's frequency response, measured: a tone at the input rate is converted and the
 * output's amplitude at the tone's frequency fitted (least squares over the steady middle), its
 * frequency counted from zero crossings. What a tone above 4 kHz leaves behind is its alias,
 * measured as the whole output's RMS.
 */
class ResamplerTest {
    private static final double AMPLITUDE = 0.5;

    static float[] tone(double hz, int rate, double seconds) {
        float[] x = new float[(int) Math.round(rate * seconds)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (AMPLITUDE * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    /** The middle of a signal, clear of the kernel's reach at both ends. */
    static float[] steady(float[] y) {
        int edge = y.length / 8;
        return Arrays.copyOfRange(y, edge, y.length - edge);
    }

    /** @return the amplitude of the {@code hz} component (least-squares fit of a sine and a cosine) */
    static double amplitudeAt(float[] y, double hz, int rate) {
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (int i = 0; i < y.length; i++) {
            double s = Math.sin(2 * Math.PI * hz * i / rate);
            double c = Math.cos(2 * Math.PI * hz * i / rate);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            ys += y[i] * s;
            yc += y[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det;
        double b = (yc * ss - ys * sc) / det;
        return Math.hypot(a, b);
    }

    /** @return the frequency from the rising zero crossings (interpolated), in Hz */
    static double frequency(float[] y, int rate) {
        double first = -1;
        double last = -1;
        int crossings = 0;
        for (int i = 1; i < y.length; i++) {
            if (y[i - 1] < 0 && y[i] >= 0) {
                double t = i - 1 + y[i - 1] / (double) (y[i - 1] - y[i]);
                if (first < 0) {
                    first = t;
                } else {
                    crossings++;
                }
                last = t;
            }
        }
        return crossings * rate / (last - first);
    }

    static double rms(float[] y) {
        double sum = 0;
        for (float v : y) {
            sum += v * (double) v;
        }
        return Math.sqrt(sum / y.length);
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    @ParameterizedTest(name = "{0} Hz at {1} Hz")
    @CsvSource({
        "1000, 44100", "1000, 48000", "1000, 16000", "1000, 11025", "1000, 22050", "1000, 6000", "1000, 96000",
        "300, 44100", "3000, 44100", "3400, 44100", "3400, 16000",
    })
    void aToneInTheTelephoneBandKeepsItsFrequencyAndAmplitude(double hz, int rate) {
        float[] y = Resampler.resample(tone(hz, rate, 1.0), rate, 8000);
        assertThat(y).hasSize(8000);
        float[] mid = steady(y);
        double gainDb = db(amplitudeAt(mid, hz, 8000) / AMPLITUDE);
        double measured = frequency(mid, 8000);
        System.out.printf(Locale.ROOT, "resample %5d -> 8000: %6.0f Hz tone: gain %+.4f dB, frequency %.3f Hz%n",
                rate, hz, gainDb, measured);
        assertThat(gainDb).as("gain in dB").isCloseTo(0, within(hz <= 3000 ? 0.01 : 0.1));
        // zero crossings at 2.4 samples per cycle (3400 Hz) are interpolated with a small bias;
        // the fitted amplitude at exactly hz shows the frequency too
        assertThat(measured).as("frequency").isCloseTo(hz, within(hz < 3000 ? 0.01 : 0.1));
    }

    @ParameterizedTest(name = "{0} Hz at {1} Hz")
    @CsvSource({
        "5000, 44100", "4500, 44100", "4100, 44100", "7000, 44100", "10000, 44100", "15000, 44100",
        "5000, 48000", "5000, 16000", "6000, 16000", "5000, 11025",
    })
    void aToneAboveFourKilohertzIsFilteredOutNotFoldedBack(double hz, int rate) {
        float[] y = Resampler.resample(tone(hz, rate, 1.0), rate, 8000);
        double alias = 8000 - hz % 8000 < 4000 ? 8000 - hz % 8000 : hz % 8000;
        double leftDb = db(rms(steady(y)) / (AMPLITUDE / Math.sqrt(2)));
        System.out.printf(Locale.ROOT, "resample %5d -> 8000: %6.0f Hz tone (alias at %4.0f Hz): %.1f dB left%n",
                rate, hz, alias, leftDb);
        assertThat(leftDb).as("what is left of the tone, dB").isLessThan(-75);
    }

    @Test
    void theTransitionBandLiesBetween3400And4000Hertz() {
        double at3700 = db(amplitudeAt(steady(Resampler.resample(tone(3700, 44100, 1.0), 44100, 8000)), 3700, 8000) / AMPLITUDE);
        double at3900 = db(rms(steady(Resampler.resample(tone(3900, 44100, 1.0), 44100, 8000))) / (AMPLITUDE / Math.sqrt(2)));
        System.out.printf(Locale.ROOT, "resample 44100 -> 8000: 3700 Hz %.2f dB, 3900 Hz %.2f dB%n", at3700, at3900);
        assertThat(at3700).as("-6 dB at the cut-off").isCloseTo(-6.02, within(0.5));
        assertThat(at3900).isLessThan(-20);
    }

    @Test
    void aConstantStaysConstantAndEqualRatesCopy() {
        float[] dc = new float[4410];
        Arrays.fill(dc, 0.25f);
        float[] y = Resampler.resample(dc, 44100, 8000);
        assertThat(y).hasSize(800);
        // away from the ends, where the signal starts from and returns to silence
        for (float v : Arrays.copyOfRange(y, Resampler.HALF_WIDTH, y.length - Resampler.HALF_WIDTH)) {
            assertThat(v).isCloseTo(0.25f, within(1e-6f));
        }
        float[] same = {0.1f, -0.2f};
        assertThat(Resampler.resample(same, 8000, 8000)).containsExactly(0.1f, -0.2f).isNotSameAs(same);
        assertThat(Resampler.resample(new float[0], 44100, 8000)).isEmpty();
        assertThatThrownBy(() -> Resampler.resample(same, 0, 8000)).isInstanceOf(IllegalArgumentException.class);
    }
}
