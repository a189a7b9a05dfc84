package io.github.modemvoice.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.testing.NoisyLine;
import io.github.modemvoice.testing.NoisyLine.Noise;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The adaptive mode of {@link SilenceDetector}: speech measured against the line's noise floor. */
class SilenceDetectorAdaptiveTest {
    private static final int TIMEOUT_MS = 5000;

    /** Where the recording would end: the sample at which trailing silence after speech first reaches the timeout, or -1. */
    private static long endOnSilence(SilenceDetector d, byte[] audio, int timeoutMs) {
        return endOnSilence(d, audio, 0, timeoutMs);
    }

    /** {@link #endOnSilence(SilenceDetector, byte[], int)} from byte {@code from} on. */
    private static long endOnSilence(SilenceDetector d, byte[] audio, int from, int timeoutMs) {
        for (int off = from; off < audio.length; off += 320) {
            d.accept(audio, off, Math.min(320, audio.length - off));
            if (d.speechStarted() && d.trailingSilenceSamples() >= timeoutMs * 8L) {
                return d.processedSamples();
            }
        }
        return -1;
    }

    /** Noise from 0 to the end, speech from 1 s for {@code speechMs}, then noise only for 7 s. */
    private static byte[] talkerOverNoise(int speechMs, double speechDbfs, double noiseDbfs, Noise colour, long seed) {
        byte[] noise = NoisyLine.noise(1000 + speechMs + 7000, noiseDbfs, colour, seed);
        return NoisyLine.mix(noise, NoisyLine.speech(speechMs, speechDbfs, seed + 1), 8000);
    }

    @ParameterizedTest(name = "{0} noise at {1} dBFS, SNR {2} dB")
    @CsvSource({
            "WHITE,  -40, 10", "WHITE,  -40, 15",
            "PINK,   -40, 10", "PINK,   -40, 15",
            "RUMBLE, -40, 10", "RUMBLE, -40, 15",
            "PINK,   -30, 10", "WHITE,  -55, 10",
    })
    void speechOverContinuousNoiseEndsOnSilenceAfterTheTimeout(Noise colour, double noiseDbfs, double snr) {
        int speechMs = 8000;
        byte[] audio = talkerOverNoise(speechMs, noiseDbfs + snr, noiseDbfs, colour, 11);
        SilenceDetector d = new SilenceDetector();
        long end = endOnSilence(d, audio, TIMEOUT_MS);
        long speechEnd = (1000 + speechMs) * 8L;
        // the last syllable ends at most a phrase pause before the speech does
        assertThat(end).as("recording end").isBetween(speechEnd + TIMEOUT_MS * 8L - 900 * 8, speechEnd + TIMEOUT_MS * 8L + 300 * 8);
        assertThat(d.lastSpeechEndSample()).as("trim point").isBetween(speechEnd - 900 * 8, speechEnd + 300 * 8);
        assertThat(d.noiseFloorDbfs()).isBetween(noiseDbfs - 4, noiseDbfs + 1);
    }

    @ParameterizedTest(name = "{0} noise swinging 3 dB")
    @CsvSource({"WHITE", "PINK", "RUMBLE"})
    void speechOverNoiseWhoseLevelSwingsEndsOnSilence(Noise colour) {
        byte[] noise = NoisyLine.noise(16_000, -40, colour, 41);
        // traffic passing: the noise level swings 3 dB either way with a period of about 3 s
        for (int i = 0; i < noise.length / 2; i++) {
            double g = Math.pow(10, 3 * Math.sin(2 * Math.PI * 0.3 * i / 8000.0) / 20);
            Pcm.put(noise, 2 * i, Pcm.clamp16(Pcm.get(noise, 2 * i) * g));
        }
        byte[] audio = NoisyLine.mix(noise, NoisyLine.speech(8000, -30, 42), 8000);
        long end = endOnSilence(new SilenceDetector(), audio, TIMEOUT_MS);
        assertThat(end).isBetween((9000L + TIMEOUT_MS - 900) * 8, (9000L + TIMEOUT_MS + 300) * 8);
    }

    @Test
    void theFixedThresholdNeverFallsSilentOverNoiseAboveIt() {
        byte[] audio = talkerOverNoise(8000, -25, -35, Noise.PINK, 3);
        assertThat(endOnSilence(new SilenceDetector(-40, SilenceDetector.DEFAULT_MIN_SPEECH), audio, TIMEOUT_MS))
                .isEqualTo(-1);
        assertThat(endOnSilence(new SilenceDetector(), audio, TIMEOUT_MS)).isPositive();
    }

    @ParameterizedTest(name = "talker at {0} dBFS")
    @ValueSource(doubles = {-45, -48, -50})
    void aQuietTalkerOnACleanLineIsNotCutOff(double dbfs) {
        int speechMs = 12_000;
        byte[] audio = talkerOverNoise(speechMs, dbfs, -75, Noise.WHITE, 21);
        SilenceDetector d = new SilenceDetector();
        long longestSilenceDuringSpeech = 0;
        for (int off = 0; off < (1000 + speechMs) * 16; off += 320) {
            d.accept(audio, off, 320);
            if (d.speechStarted()) {
                longestSilenceDuringSpeech = Math.max(longestSilenceDuringSpeech, d.trailingSilenceSamples());
            }
        }
        assertThat(d.speechStarted()).isTrue();
        // phrase pauses are at most 800 ms, plus the gap before a syllable's envelope is loud
        assertThat(longestSilenceDuringSpeech).isLessThan(1200 * 8);
        long end = endOnSilence(d, audio, (1000 + speechMs) * 16, TIMEOUT_MS);
        assertThat(end).isBetween((1000L + speechMs + TIMEOUT_MS - 900) * 8, (1000L + speechMs + TIMEOUT_MS + 300) * 8);
        if (dbfs <= -48) {
            // the fixed -40 dBFS threshold heard none of it
            SilenceDetector fixed = new SilenceDetector(-40, SilenceDetector.DEFAULT_MIN_SPEECH);
            fixed.accept(audio);
            assertThat(fixed.speechStarted()).isFalse();
        }
    }

    @Test
    void aQuietTalkerOverDigitalSilenceIsHeard() {
        byte[] audio = PcmBytesOf.concat(new byte[16000], NoisyLine.speech(6000, -48, 5), new byte[6 * 16000]);
        SilenceDetector d = new SilenceDetector();
        long end = endOnSilence(d, audio, TIMEOUT_MS);
        assertThat(d.speechStarted()).isTrue();
        assertThat(end).isBetween((7000L + TIMEOUT_MS - 900) * 8, (7000L + TIMEOUT_MS + 20) * 8);
    }

    @ParameterizedTest(name = "gaps of {0} ms")
    @ValueSource(ints = {100, 400, 900})
    void digitalSilenceInsideSpeechDoesNotDragTheFloorDown(int gapMs) {
        byte[] audio = talkerOverNoise(8000, -28, -40, Noise.PINK, 31);
        // dropouts to digital zero every 1.5 s inside the speech (GSM frames lost, V.253 fill)
        for (int t = 1500; t + gapMs < 9000; t += 1500) {
            java.util.Arrays.fill(audio, t * 16, (t + gapMs) * 16, (byte) 0);
        }
        SilenceDetector d = new SilenceDetector();
        long end = endOnSilence(d, audio, TIMEOUT_MS);
        assertThat(d.noiseFloorDbfs()).isBetween(-44.0, -39.0);
        assertThat(end).isBetween((9000L + TIMEOUT_MS - 900) * 8, (9000L + TIMEOUT_MS + 300) * 8);
    }

    @Test
    void idlePatternsAreDigitalSilence() {
        // 8-bit linear 0x7F/0x80 as decoded to 16 bits, and the A-law idle code pair
        byte[] offsetBinaryIdle = new byte[32000];
        byte[] alawIdle = new byte[32000];
        for (int i = 0; i < 16000; i++) {
            Pcm.put(offsetBinaryIdle, 2 * i, i % 3 == 0 ? -256 : 0);
            Pcm.put(alawIdle, 2 * i, i % 2 == 0 ? 8 : -8);
        }
        for (byte[] idle : new byte[][] {offsetBinaryIdle, alawIdle}) {
            byte[] noise = NoisyLine.noise(6000, -40, Noise.WHITE, 1);
            SilenceDetector d = new SilenceDetector();
            d.accept(noise);
            d.accept(idle, 0, 8000); // a quarter of a second: too short to mean a silent line
            assertThat(d.noiseFloorDbfs()).isBetween(-42.0, -39.0);
            long before = d.lastSpeechEndSample(); // the first window, before the noise was learnt
            d.accept(noise);
            assertThat(d.lastSpeechEndSample()).isEqualTo(before);
            assertThat(before).isLessThanOrEqualTo((NoiseFloor.PRIOR_MS + 100) * 8L);
        }
    }

    @Test
    void aLongDigitalSilenceMeansTheLineIsSilent() {
        SilenceDetector d = new SilenceDetector();
        d.accept(NoisyLine.noise(3000, -40, Noise.WHITE, 2));
        d.accept(new byte[2 * 16000]); // 2 s of zeros: the noise is gone
        assertThat(d.noiseFloorDbfs()).isLessThan(-60);
        assertThat(d.thresholdDbfs()).isEqualTo(SilenceDetection.DEFAULT_FLOOR_DBFS, org.assertj.core.data.Offset.offset(0.01));
        d.accept(NoisyLine.speech(1000, -45, 3));
        assertThat(d.speechStarted()).isTrue();
    }

    @Test
    void noiseThatStartsLaterIsLearntWithinTheWindow() {
        byte[] audio = PcmBytesOf.concat(NoisyLine.speech(3000, -25, 4), NoisyLine.noise(12_000, -40, Noise.RUMBLE, 5));
        SilenceDetector d = new SilenceDetector();
        long end = endOnSilence(d, audio, TIMEOUT_MS);
        // at worst the noise counts as speech for one search window before the timeout runs
        assertThat(end).isBetween((3000L + TIMEOUT_MS - 900) * 8,
                (3000L + NoiseFloor.WINDOW_MS + 400 + TIMEOUT_MS) * 8);
    }

    @Test
    void hangoverKeepsAShortBurstRightAfterSpeech() {
        SilenceDetection adaptive = SilenceDetection.adaptive();
        SilenceDetector d = new SilenceDetector(adaptive, Duration.ofMillis(60));
        byte[] word = NoisyLine.speech(1000, -25, 8);
        byte[] burst = Prompt.tone(300, Duration.ofMillis(40), 0.1).pcm();
        d.accept(PcmBytesOf.concat(new byte[3200], word, new byte[1600], burst));
        long withHangover = d.lastSpeechEndSample();
        assertThat(withHangover).isEqualTo((200 + 1000 + 100 + 40) * 8);
        // a burst long after the speech is only a click
        d.accept(PcmBytesOf.concat(new byte[16000], burst));
        assertThat(d.lastSpeechEndSample()).isEqualTo(withHangover);
    }

    @Test
    void splitsDoNotChangeTheAdaptiveDecision() {
        byte[] audio = talkerOverNoise(4000, -30, -40, Noise.PINK, 9);
        SilenceDetector whole = new SilenceDetector();
        whole.accept(audio);
        SilenceDetector pieces = new SilenceDetector();
        java.util.Random r = new java.util.Random(5);
        for (int at = 0; at < audio.length; ) {
            int len = Math.min(audio.length - at, r.nextInt(777));
            pieces.accept(audio, at, len);
            at += len;
        }
        assertThat(pieces.lastSpeechEndSample()).isEqualTo(whole.lastSpeechEndSample());
        assertThat(pieces.noiseFloorDbfs()).isEqualTo(whole.noiseFloorDbfs());
        pieces.reset();
        assertThat(pieces.noiseFloorDbfs()).isEqualTo(SilenceDetection.DEFAULT_FLOOR_DBFS - SilenceDetection.DEFAULT_MARGIN_DB,
                org.assertj.core.data.Offset.offset(0.01));
        pieces.accept(audio);
        assertThat(pieces.lastSpeechEndSample()).isEqualTo(whole.lastSpeechEndSample());
    }

    @Test
    void recordOptionsAreAdaptiveUnlessAFixedThresholdIsAskedFor() {
        Path p = Path.of("m.wav");
        assertThat(RecordOptions.builder(p).build().silenceDetection()).isEqualTo(SilenceDetection.adaptive());
        RecordOptions fixed = RecordOptions.builder(p).silenceThresholdDbfs(-40).build();
        assertThat(fixed.silenceDetection()).isEqualTo(SilenceDetection.fixed(-40));
        assertThat(fixed.silenceThresholdDbfs()).isEqualTo(-40);
        assertThat(RecordOptions.builder(p).silenceThresholdDbfs(-40)
                .silenceDetection(SilenceDetection.adaptive(10, -60)).build().silenceDetection())
                .isEqualTo(SilenceDetection.adaptive(10, -60));
        assertThatThrownBy(() -> RecordOptions.builder(p).silenceThresholdDbfs(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("silenceThresholdDbfs");
        assertThatThrownBy(() -> RecordOptions.builder(p).silenceThresholdDbfs(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("silenceThresholdDbfs");
        assertThatThrownBy(() -> RecordOptions.builder(p).silenceDetection(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("silenceDetection");
    }

    @Test
    void silenceDetectionNamesTheBadValue() {
        assertThatThrownBy(() -> SilenceDetection.adaptive(0.5, -55)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("marginDb");
        assertThatThrownBy(() -> SilenceDetection.adaptive(8, -100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("floorDbfs");
        assertThatThrownBy(() -> SilenceDetection.fixed(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("thresholdDbfs");
        assertThatThrownBy(() -> new SilenceDetection(SilenceDetection.Mode.FIXED, -40, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("marginDb");
        assertThat(SilenceDetection.fixed(-40).toString()).contains("fixed", "-40");
    }

    /** Concatenation without the testing kit's Prompt round trip. */
    private static final class PcmBytesOf {
        static byte[] concat(byte[]... parts) {
            return io.github.modemvoice.testing.PcmBytes.concat(parts);
        }
    }
}
