package io.github.modemvoice.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SilenceDetectorTest {
    private static final Duration MS_20 = Duration.ofMillis(20);

    /** A full-scale-relative sine amplitude for an RMS level in dBFS (re square wave). */
    private static double sineAmplitudeFor(double dbfs) {
        return Math.pow(10, dbfs / 20) * Math.sqrt(2);
    }

    private static byte[] speechLike(Duration d, double dbfs) {
        // 200 Hz voiced sound with a few harmonics, constant level
        int n = (int) (d.toMillis() * 8);
        byte[] out = new byte[n * 2];
        double a = 32768 * sineAmplitudeFor(dbfs) / Math.sqrt(1 + 0.25 + 0.0625);
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * 200 * i / 8000;
            Pcm.put(out, 2 * i, Pcm.clamp16(a * (Math.sin(t) + 0.5 * Math.sin(2 * t) + 0.25 * Math.sin(3 * t))));
        }
        return out;
    }

    private static byte[] noise(Duration d, double dbfs, long seed) {
        int n = (int) (d.toMillis() * 8);
        Random r = new Random(seed);
        byte[] out = new byte[n * 2];
        double sigma = 32768 * Math.pow(10, dbfs / 20);
        for (int i = 0; i < n; i++) {
            Pcm.put(out, 2 * i, Pcm.clamp16(r.nextGaussian() * sigma));
        }
        return out;
    }

    @Test
    void speechThenSilence() {
        SilenceDetector d = new SilenceDetector();
        d.accept(Prompt.silence(Duration.ofMillis(500)).pcm());
        assertThat(d.speechStarted()).isFalse();
        assertThat(d.trailingSilence()).isEqualTo(Duration.ofMillis(500));
        d.accept(speechLike(Duration.ofSeconds(2), -20));
        assertThat(d.speechStarted()).isTrue();
        assertThat(d.trailingSilenceSamples()).isZero();
        assertThat(d.lastSpeechEndSample()).isEqualTo(2500 * 8);
        d.accept(Prompt.silence(Duration.ofSeconds(3)).pcm());
        assertThat(d.trailingSilence()).isEqualTo(Duration.ofSeconds(3));
        assertThat(d.lastSpeechEndSample()).isEqualTo(2500 * 8);
        assertThat(d.processedSamples()).isEqualTo(5500 * 8);
    }

    @Test
    void shortBurstsAreNotSpeech() {
        SilenceDetector d = new SilenceDetector(-40, SilenceDetector.DEFAULT_MIN_SPEECH); // 60 ms minimum
        byte[] click = speechLike(Duration.ofMillis(40), -10);
        for (int i = 0; i < 10; i++) {
            d.accept(click);
            d.accept(Prompt.silence(Duration.ofMillis(100)).pcm());
        }
        assertThat(d.speechStarted()).isFalse();
        assertThat(d.trailingSilence()).isEqualTo(Duration.ofMillis(1400));
        d.accept(speechLike(Duration.ofMillis(60), -10));
        assertThat(d.speechStarted()).isTrue();
        assertThat(d.lastSpeechEndSample()).isEqualTo(1460 * 8);
    }

    @Test
    void hangoverIsConfigurable() {
        SilenceDetector d = new SilenceDetector(-40, Duration.ofMillis(200));
        d.accept(speechLike(Duration.ofMillis(180), -20));
        assertThat(d.speechStarted()).isFalse();
        d.accept(speechLike(Duration.ofMillis(20), -20));
        assertThat(d.speechStarted()).isTrue();
        assertThat(d.lastSpeechEndSample()).isEqualTo(200 * 8);
    }

    @Test
    void noiseBelowThresholdIsSilence() {
        SilenceDetector d = new SilenceDetector(-40, SilenceDetector.DEFAULT_MIN_SPEECH);
        d.accept(noise(Duration.ofSeconds(5), -50, 1));
        assertThat(d.speechStarted()).isFalse();
        assertThat(d.trailingSilence()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.lastBlockDbfs()).isBetween(-51.0, -49.0);
        d.accept(noise(Duration.ofSeconds(1), -30, 2));
        assertThat(d.speechStarted()).isTrue();
    }

    @Test
    void levelIsMeasuredInDbfsReSquareWave() {
        SilenceDetector d = new SilenceDetector();
        byte[] tone = Prompt.tone(1000, Duration.ofMillis(100), 1.0).pcm();
        d.accept(tone, 0, 3 * 320); // stop before the fade-out; the third block is at full level
        assertThat(d.lastBlockDbfs()).isBetween(-3.1, -2.9);
        // a sine just above and just below -40 dBFS RMS
        SilenceDetector above = new SilenceDetector(-40, SilenceDetector.DEFAULT_MIN_SPEECH);
        above.accept(speechLike(Duration.ofMillis(200), -39));
        assertThat(above.speechStarted()).isTrue();
        SilenceDetector below = new SilenceDetector(-40, SilenceDetector.DEFAULT_MIN_SPEECH);
        below.accept(speechLike(Duration.ofMillis(200), -41));
        assertThat(below.speechStarted()).isFalse();
    }

    @Test
    void arbitrarySplitsGiveTheSameResult() {
        byte[] audio = new byte[0];
        Prompt p = Prompt.silence(Duration.ofMillis(300))
                .concat(Prompt.ofPcm(speechLike(Duration.ofMillis(700), -25)),
                        Prompt.silence(Duration.ofMillis(1000)));
        audio = p.pcm();
        SilenceDetector whole = new SilenceDetector();
        whole.accept(audio);
        SilenceDetector pieces = new SilenceDetector();
        Random r = new Random(7);
        int at = 0;
        while (at < audio.length) {
            int len = Math.min(audio.length - at, r.nextInt(333)); // includes odd lengths and 0
            pieces.accept(audio, at, len);
            at += len;
        }
        assertThat(pieces.lastSpeechEndSample()).isEqualTo(whole.lastSpeechEndSample()).isEqualTo(1000 * 8);
        assertThat(pieces.trailingSilenceSamples()).isEqualTo(whole.trailingSilenceSamples());
        assertThat(pieces.processedSamples()).isEqualTo(2000 * 8);
    }

    @Test
    void partialBlocksWaitForCompletion() {
        SilenceDetector d = new SilenceDetector();
        d.accept(new byte[319]);
        assertThat(d.processedSamples()).isZero();
        d.accept(new byte[1]);
        assertThat(d.processedSamples()).isEqualTo(160);
    }

    @Test
    void resetForgetsEverything() {
        SilenceDetector d = new SilenceDetector();
        d.accept(speechLike(Duration.ofMillis(500), -20));
        d.accept(new byte[7]);
        d.reset();
        assertThat(d.speechStarted()).isFalse();
        assertThat(d.processedSamples()).isZero();
        assertThat(d.lastSpeechEndSample()).isZero();
        d.accept(new byte[320]);
        assertThat(d.trailingSilenceSamples()).isEqualTo(160);
    }

    @Test
    void validatesConfiguration() {
        assertThatThrownBy(() -> new SilenceDetector(5, MS_20)).hasMessageContaining("thresholdDbfs");
        assertThatThrownBy(() -> new SilenceDetector(-40, Duration.ofMillis(-1)))
                .hasMessageContaining("minSpeech");
    }

    @Test
    void isCheapEnough() {
        // one minute of audio; best of a few runs, to keep JIT warm-up out of the figure
        byte[] minute = noise(Duration.ofSeconds(60), -30, 3);
        SilenceDetector d = new SilenceDetector();
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 10; run++) {
            long t = System.nanoTime();
            for (int off = 0; off < minute.length; off += 320) {
                d.accept(minute, off, 320);
            }
            best = Math.min(best, System.nanoTime() - t);
        }
        double realTimeFactor = 60e9 / best;
        // the target is 20,000x per core; assert a loose bound so slow CI machines do not flake
        assertThat(realTimeFactor).isGreaterThan(2_000);
        System.out.printf("SilenceDetector: %.0fx real time%n", realTimeFactor);
    }
}
