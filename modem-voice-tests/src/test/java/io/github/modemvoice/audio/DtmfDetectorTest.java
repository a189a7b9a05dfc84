package io.github.modemvoice.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DtmfDetectorTest {
    private static final int FS = 8000;

    /** Builds test signals in doubles (sample units), then converts with clamping. */
    private static final class Signal {
        final double[] x;

        Signal(int millis) {
            x = new double[millis * FS / 1000];
        }

        /** Adds a sine of peak amplitude {@code peak} (fraction of full scale) at sample range. */
        Signal sine(double hz, double peak, int fromSample, int samples, double phase0) {
            for (int i = 0; i < samples && fromSample + i < x.length; i++) {
                x[fromSample + i] += peak * 32767 * Math.sin(2 * Math.PI * hz * i / FS + phase0);
            }
            return this;
        }

        Signal key(char key, double levelDb, double twistDb, double freqFactor, int fromSample,
                   int samples, double phase0) {
            Dtmf.Frequencies f = Dtmf.frequencies(key);
            // level is the composite peak (as Prompt.dualTone); twist = high minus low in dB
            double total = Math.pow(10, levelDb / 20);
            double hi = Math.pow(10, twistDb / 20);
            double lowPeak = total / (1 + hi);
            sine(f.lowHz() * freqFactor, lowPeak, fromSample, samples, phase0);
            sine(f.highHz() * freqFactor, lowPeak * hi, fromSample, samples, phase0 * 1.7);
            return this;
        }

        Signal noise(double rmsDbfs, long seed) {
            Random r = new Random(seed);
            double sigma = 32768 * Math.pow(10, rmsDbfs / 20);
            for (int i = 0; i < x.length; i++) {
                x[i] += sigma * r.nextGaussian();
            }
            return this;
        }

        byte[] pcm() {
            byte[] out = new byte[x.length * 2];
            for (int i = 0; i < x.length; i++) {
                Pcm.put(out, 2 * i, Pcm.clamp16(x[i]));
            }
            return out;
        }
    }

    private static String detect(byte[] pcm) {
        DtmfDetector d = new DtmfDetector();
        // feed in uneven pieces, as a serial port would deliver
        Random r = new Random(pcm.length);
        int at = 0;
        while (at < pcm.length) {
            int n = Math.min(pcm.length - at, 1 + r.nextInt(400));
            d.accept(pcm, at, n);
            at += n;
        }
        return d.takeKeys();
    }

    /** The cases in a sweep where the detector did not report what was expected, asserted at the end. */
    private static final class Misses {
        private final List<String> cases = new ArrayList<>();

        /** Detects the keys in the signal and notes {@code what -> 'got'} unless they are {@code expected}. */
        void expect(String expected, Signal s, String what) {
            String got = detect(s.pcm());
            if (!got.equals(expected)) {
                cases.add(what + " -> '" + got + "'");
            }
        }

        void assertNone() {
            assertThat(cases).isEmpty();
        }
    }

    @Test
    void everyKeyAtEveryLevelAndDurationWithNoise() {
        Misses misses = new Misses();
        Random offsets = new Random(11);
        for (char key : Dtmf.KEYS_ALL.toCharArray()) {
            for (double level : new double[] {-3, -10, -18, -25}) {
                for (int ms : new int[] {40, 45, 100}) {
                    int start = 400 + offsets.nextInt(200);
                    Signal s = new Signal(ms + 200)
                            .key(key, level, 0, 1.0, start, ms * 8, offsets.nextDouble() * 6)
                            .noise(level - 3 - 15, key * 31L + ms); // tones' RMS is level - 6 dBFS: 12 dB SNR
                    misses.expect(String.valueOf(key), s, key + " " + level + " dBFS " + ms + " ms");
                }
            }
        }
        misses.assertNone();
    }

    @Test
    void generatedPromptsAreDetected() {
        Prompt p = Prompt.silence(Duration.ofMillis(100))
                .concat(Dtmf.sequence("0123456789*#ABCD", Duration.ofMillis(50), Duration.ofMillis(50)));
        assertThat(detect(p.pcm())).isEqualTo("0123456789*#ABCD");
    }

    @Test
    void repeatedKeyWithMinimumPauseIsSeenTwice() {
        for (char key : "15#D".toCharArray()) {
            Signal s = new Signal(300)
                    .key(key, -10, 0, 1.0, 400, 320, 0)
                    .key(key, -10, 0, 1.0, 400 + 320 + 320, 320, 1.0);
            assertThat(detect(s.pcm())).as("key %s", key).isEqualTo(key + "" + key);
        }
    }

    @Test
    void shortDropoutInsideAToneIsBridged() {
        Signal s = new Signal(300).key('7', -10, 0, 1.0, 400, 400, 0).key('7', -10, 0, 1.0, 400 + 400 + 40, 400, 0.3);
        assertThat(detect(s.pcm())).isEqualTo("7");
    }

    @Test
    void tooShortToneIsIgnored() {
        for (char key : Dtmf.KEYS_ALL.toCharArray()) {
            Signal s = new Signal(100).key(key, -10, 0, 1.0, 200, 20 * 8, 0);
            assertThat(detect(s.pcm())).as("20 ms %s", key).isEmpty();
        }
    }

    @Test
    void offNominalWithinOnePointFivePercentIsAccepted() {
        Misses misses = new Misses();
        for (char key : Dtmf.KEYS_ALL.toCharArray()) {
            for (double factor : new double[] {0.985, 1.015}) {
                for (double level : new double[] {-6, -20}) {
                    Signal s = new Signal(300).key(key, level, 0, factor, 500, 60 * 8, 0.4)
                            .noise(level - 3 - 20, key); // 17 dB SNR
                    misses.expect(String.valueOf(key), s, key + " x" + factor + " " + level + " dBFS");
                }
            }
        }
        misses.assertNone();
    }

    @Test
    void offNominalBeyondThreePointFivePercentIsRejected() {
        Misses misses = new Misses();
        for (char key : Dtmf.KEYS_ALL.toCharArray()) {
            for (double factor : new double[] {0.965, 1.035, 0.95, 1.05}) {
                for (int ms : new int[] {40, 100, 500}) {
                    Signal s = new Signal(ms + 200).key(key, -6, 0, factor, 500, ms * 8, 0.4)
                            .noise(-50, key);
                    misses.expect("", s, key + " x" + factor + " " + ms + " ms");
                }
            }
        }
        misses.assertNone();
    }

    @Test
    void onlyOneGroupOffNominalIsRejected() {
        Dtmf.Frequencies f = Dtmf.frequencies('5');
        Signal s = new Signal(400).sine(f.lowHz(), 0.25, 400, 1600, 0).sine(f.highHz() * 1.04, 0.25, 400, 1600, 0);
        assertThat(detect(s.pcm())).isEmpty();
    }

    @Test
    void twistLimits() {
        // normal twist (high group stronger) up to 8 dB, reverse up to 4 dB
        for (char key : "1#D0".toCharArray()) {
            assertThat(detect(new Signal(300).key(key, -6, 7, 1.0, 400, 800, 0).pcm())).isEqualTo(key + "");
            assertThat(detect(new Signal(300).key(key, -6, -3, 1.0, 400, 800, 0).pcm())).isEqualTo(key + "");
            assertThat(detect(new Signal(300).key(key, -6, 10, 1.0, 400, 800, 0).pcm())).isEmpty();
            assertThat(detect(new Signal(300).key(key, -6, -6, 1.0, 400, 800, 0).pcm())).isEmpty();
        }
    }

    @Test
    void dcOffsetDoesNotHideQuietKeys() {
        for (char key : Dtmf.KEYS_ALL.toCharArray()) {
            Signal s = new Signal(300).key(key, -25, 0, 1.0, 400, 400, 0).noise(-45, key);
            for (int i = 0; i < s.x.length; i++) {
                s.x[i] += 0.03 * 32768; // 3 % of full scale, more than the tones' amplitude
            }
            assertThat(detect(s.pcm())).as("key %s", key).isEqualTo(key + "");
        }
    }

    @Test
    void tooQuietIsIgnored() {
        assertThat(detect(new Signal(300).key('5', -48, 0, 1.0, 400, 800, 0).pcm())).isEmpty();
    }

    @Test
    void singleTonesAreNotKeys() {
        for (int hz : new int[] {697, 941, 1209, 1633, 1000, 440}) {
            assertThat(detect(new Signal(1000).sine(hz, 0.5, 0, 8000, 0).pcm())).as("%d Hz", hz).isEmpty();
        }
    }

    @Test
    void noFalseDetectionsOnNoise() {
        for (double level : new double[] {-40, -20, -6}) {
            assertThat(detect(new Signal(20_000).noise(level, (long) level).pcm())).isEmpty();
        }
    }

    @Test
    void noFalseDetectionsOnChords() {
        // triads and sevenths across the DTMF band, each note with a few harmonics
        double[] roots = {130.81, 146.83, 164.81, 174.61, 196.0, 220.0, 246.94, 261.63, 293.66,
            329.63, 349.23, 392.0, 440.0, 493.88, 523.25, 587.33, 659.26, 698.46, 783.99};
        double[][] shapes = {{0, 4, 7}, {0, 3, 7}, {0, 4, 7, 10}, {0, 7}, {0, 9}, {0, 12}};
        StringBuilder hits = new StringBuilder();
        for (double root : roots) {
            for (double[] shape : shapes) {
                Signal s = new Signal(300);
                for (double semis : shape) {
                    double f = root * Math.pow(2, semis / 12);
                    for (int h = 1; h <= 4 && f * h < 3900; h++) {
                        s.sine(f * h, 0.3 / shape.length / h, 0, 2400, h + semis);
                    }
                }
                String got = detect(s.pcm());
                if (!got.isEmpty()) {
                    hits.append(root).append(' ').append(java.util.Arrays.toString(shape)).append(" -> ").append(got).append('\n');
                }
            }
        }
        assertThat(hits.toString()).isEmpty();
    }

    @Test
    void noFalseDetectionsOnHarmonicRichSweeps() {
        // sawtooth-like voices gliding through the pitch range of speech and singing
        for (double[] glide : new double[][] {{80, 400}, {100, 300}, {150, 700}, {300, 1000}}) {
            int n = 4 * FS;
            double[] x = new double[n];
            double ph = 0;
            for (int i = 0; i < n; i++) {
                double f0 = glide[0] * Math.pow(glide[1] / glide[0], (double) i / n);
                ph += 2 * Math.PI * f0 / FS;
                for (int h = 1; f0 * h < 3800; h++) {
                    x[i] += 6000.0 / h * Math.sin(h * ph);
                }
            }
            Signal s = new Signal(4000);
            System.arraycopy(x, 0, s.x, 0, n);
            assertThat(detect(s.pcm())).as("glide %s", java.util.Arrays.toString(glide)).isEmpty();
        }
    }

    /**
     * Vowel-like sound: a glottal pulse train (harmonics falling at 6 dB per octave after lip
     * radiation) with vibrato and jitter through three formant resonances, whose first two are
     * placed on or near DTMF frequencies and whose pitches include ones whose harmonics land on
     * a row and a column frequency at once (174.25 Hz: 4 x 174.25 = 697, 7 x 174.25 = 1219.75).
     */
    private static byte[] vowel(double f0, double[] formants, long seed) {
        Random r = new Random(seed);
        int n = FS / 2;
        byte[] out = new byte[n * 2];
        double ph = 0;
        double jitter = 0;
        for (int i = 0; i < n; i++) {
            if (i % 80 == 0) {
                jitter = 0.005 * r.nextGaussian();
            }
            double f = f0 * (1 + 0.02 * Math.sin(2 * Math.PI * 5 * i / FS) + jitter);
            ph += f / FS;
            double x = 0;
            for (int h = 1; f * h < 3800; h++) {
                double hf = f * h;
                double gain = 0;
                for (double formant : formants) {
                    double bw = 50 + 0.06 * formant; // typical formant bandwidths, 90-200 Hz
                    gain += 1 / Math.sqrt(1 + Math.pow(2 * (hf - formant) / bw, 2));
                }
                x += gain / h * Math.sin(2 * Math.PI * h * ph);
            }
            Pcm.put(out, 2 * i, Pcm.clamp16(6000 * x + 50 * r.nextGaussian()));
        }
        return out;
    }

    @Test
    void noFalseDetectionsOnSyntheticSpeech() {
        double[][] vowels = {{730, 1090, 2440}, {270, 2290, 3010}, {530, 1840, 2480},
            {570, 840, 2410}, {300, 870, 2240}, {660, 1720, 2410}, {490, 1350, 1690},
            {697, 1209, 2500}, {852, 1336, 2600}, {941, 1477, 2700}, {770, 1633, 2800}};
        StringBuilder hits = new StringBuilder();
        for (double f0 : new double[] {85, 110, 139.4, 174.25, 210, 232.33, 240}) {
            for (double[] fm : vowels) {
                String got = detect(vowel(f0, fm, (long) f0));
                if (!got.isEmpty()) {
                    hits.append(f0).append(' ').append(java.util.Arrays.toString(fm))
                            .append(" -> ").append(got).append('\n');
                }
            }
        }
        assertThat(hits.toString()).isEmpty();
    }

    @Test
    void listenerGetsStartPosition() {
        List<String> events = new ArrayList<>();
        DtmfDetector d = new DtmfDetector((key, start) -> events.add(key + "@" + start));
        Signal s = new Signal(500).key('9', -10, 0, 1.0, 1600, 800, 0);
        d.accept(s.pcm());
        assertThat(events).hasSize(1);
        long start = Long.parseLong(events.get(0).substring(2));
        assertThat(events.get(0)).startsWith("9@");
        assertThat(start).isBetween(1600L - 160, 1600L + 160);
        assertThat(d.keyDown()).isEqualTo((char) 0);
    }

    @Test
    void isCheapEnough() {
        byte[] minute = new Signal(60_000).noise(-30, 1).pcm();
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            DtmfDetector d = new DtmfDetector();
            long t = System.nanoTime();
            d.accept(minute);
            best = Math.min(best, System.nanoTime() - t);
        }
        double factor = 60e9 / best;
        System.out.printf("DtmfDetector: %.0fx real time%n", factor);
        assertThat(factor).isGreaterThan(50);
    }
}
