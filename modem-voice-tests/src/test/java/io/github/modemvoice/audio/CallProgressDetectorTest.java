package io.github.modemvoice.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modemvoice.testing.PcmBytes;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CallProgressDetector} on tones computed here sample by sample from the numbers in the
 * standards (not from {@link CallProgressTone}'s own generator), after speech-like audio, with
 * noise, at several levels, fed in uneven pieces.
 */
class CallProgressDetectorTest {
    private static final int FS = 8000;

    @TempDir
    Path dir;

    /** Appends {@code ms} of the sum of sines of the given peak amplitude (0 Hz list: silence). */
    private static void tone(ByteArrayOutputStream out, int ms, double amplitude, Random noise, double noiseRms,
                             double... hz) {
        int n = ms * FS / 1000;
        for (int i = 0; i < n; i++) {
            double t = (double) i / FS;
            double v = 0;
            for (double f : hz) {
                v += amplitude * 32767 * Math.sin(2 * Math.PI * f * t + f);
            }
            v += noise.nextGaussian() * noiseRms;
            int s = (int) Math.max(-32768, Math.min(32767, Math.round(v)));
            out.write(s & 0xFF);
            out.write((s >> 8) & 0xFF);
        }
    }

    /** The tone as the standard describes it: cadence in ms, on and off in turn, repeated for {@code totalMs}. */
    private static byte[] line(int[] cadence, int totalMs, double amplitude, double noiseRms, int leadMs, double... hz) {
        Random r = new Random(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // a "caller" first: a vowel-like buzz of harmonics that must not count
        buzz(out, leadMs, r);
        int done = 0;
        int i = 0;
        while (done < totalMs) {
            int d = cadence.length == 0 ? totalMs : cadence[i % cadence.length];
            if (cadence.length == 0 || i % 2 == 0) {
                tone(out, d, amplitude, r, noiseRms, hz);
            } else {
                tone(out, d, 0, r, noiseRms);
            }
            done += d;
            i++;
        }
        return out.toByteArray();
    }

    private static void buzz(ByteArrayOutputStream out, int ms, Random r) {
        buzz(out, ms, r, 1500);
    }

    private static void buzz(ByteArrayOutputStream out, int ms, Random r, double level) {
        out.writeBytes(PcmBytes.vowel(ms, level, r.nextLong()));
    }

    private static Optional<CallProgressDetector.Detection> detect(byte[] pcm, CallProgressDetector d) {
        PcmBytes.feedInUnevenPieces(pcm, d::accept);
        return d.detection();
    }

    private static void assertDetected(byte[] pcm, CallProgressTone.Kind kind, int leadMs, int maxDelayMs) {
        Optional<CallProgressDetector.Detection> got = detect(pcm, new CallProgressDetector());
        assertThat(got).as("a tone is found").isPresent();
        assertThat(got.get().tone().kind()).isEqualTo(kind);
        long lead = leadMs * FS / 1000L;
        assertThat(got.get().startSample()).as("start").isBetween(lead - 2 * CallProgressDetector.WINDOW, lead + 80);
        assertThat(got.get().atSample() - lead).as("delay").isLessThanOrEqualTo(maxDelayMs * FS / 1000L);
    }

    // the values below are typed from the sources (see docs/MODEM-FACTS.md), not taken from CallProgressTone

    @Test
    void northAmericanBusyReorderAndDial() {
        assertDetected(line(new int[] {500, 500}, 6000, 0.2, 30, 2000, 480, 620), CallProgressTone.Kind.BUSY, 2000, 4000);
        assertDetected(line(new int[] {250, 250}, 4000, 0.2, 30, 1500, 480, 620), CallProgressTone.Kind.CONGESTION, 1500, 2500);
        assertDetected(line(new int[0], 5000, 0.2, 30, 1000, 350, 440), CallProgressTone.Kind.DIAL, 1000, 3500);
    }

    @Test
    void ceptBusyCongestionAndDial() {
        assertDetected(line(new int[] {500, 500}, 6000, 0.3, 30, 1000, 425), CallProgressTone.Kind.BUSY, 1000, 4000);
        assertDetected(line(new int[] {480, 480}, 6000, 0.3, 30, 1000, 425), CallProgressTone.Kind.BUSY, 1000, 4000);
        assertDetected(line(new int[] {250, 250}, 4000, 0.3, 30, 1000, 425), CallProgressTone.Kind.CONGESTION, 1000, 2500);
        assertDetected(line(new int[] {200, 200}, 4000, 0.3, 30, 1000, 425), CallProgressTone.Kind.CONGESTION, 1000, 2500);
        assertDetected(line(new int[0], 5000, 0.3, 30, 1000, 425), CallProgressTone.Kind.DIAL, 1000, 3500);
    }

    @Test
    void britishBusyEquipmentEngagedAndDial() {
        assertDetected(line(new int[] {375, 375}, 5000, 0.3, 30, 1000, 400), CallProgressTone.Kind.BUSY, 1000, 3500);
        assertDetected(line(new int[] {400, 350, 225, 525}, 6000, 0.3, 30, 1000, 400),
                CallProgressTone.Kind.CONGESTION, 1000, 4000);
        assertDetected(line(new int[0], 5000, 0.2, 30, 1000, 350, 450), CallProgressTone.Kind.DIAL, 1000, 3500);
    }

    @Test
    void specialInformationToneNominalAndNorthAmerican() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random r = new Random(3);
        buzz(out, 1000, r);
        tone(out, 330, 0.3, r, 30, 950);
        tone(out, 330, 0.3, r, 30, 1400);
        tone(out, 330, 0.3, r, 30, 1800);
        tone(out, 1000, 0, r, 30);
        assertDetected(out.toByteArray(), CallProgressTone.Kind.SPECIAL_INFORMATION, 1000, 1200);
        out.reset();
        buzz(out, 1000, r);
        tone(out, 274, 0.3, r, 30, 913.8); // a North American SIT code: low, short, low, long segments
        tone(out, 380, 0.3, r, 30, 1428.5);
        tone(out, 380, 0.3, r, 30, 1776.7);
        tone(out, 1000, 0, r, 30);
        assertDetected(out.toByteArray(), CallProgressTone.Kind.SPECIAL_INFORMATION, 1000, 1300);
    }

    @Test
    void quietTonesAndNoiseStillCount() {
        // -30 dBFS-ish tone with noise 25 dB down
        assertDetected(line(new int[] {500, 500}, 6000, 0.03, 40, 500, 425), CallProgressTone.Kind.BUSY, 500, 4000);
    }

    @Test
    void tooFewCyclesOrWrongCadenceOrPlanOffFindNothing() {
        // two on/off pairs of busy only
        assertThat(detect(line(new int[] {500, 500}, 1900, 0.3, 30, 500, 425), new CallProgressDetector())).isEmpty();
        // 425 Hz at a cadence no plan has (1 s on, 1 s off)
        assertThat(detect(line(new int[] {1000, 1000}, 8000, 0.3, 30, 500, 425), new CallProgressDetector())).isEmpty();
        // 2.5 s of dial tone is not enough
        assertThat(detect(line(new int[0], 2500, 0.3, 30, 500, 425), new CallProgressDetector())).isEmpty();
        // North American busy with only the CEPT plan on
        assertThat(detect(line(new int[] {500, 500}, 6000, 0.2, 30, 500, 480, 620),
                new CallProgressDetector(EnumSet.of(CallProgressTone.Plan.CEPT)))).isEmpty();
        // busy with a caller talking as loud in the pauses is not a tone
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random r = new Random(5);
        for (int i = 0; i < 6; i++) {
            tone(out, 500, 0.3, r, 30, 425);
            buzz(out, 500, r, 6000);
        }
        assertThat(detect(out.toByteArray(), new CallProgressDetector())).isEmpty();
    }

    /**
     * The tones made by sox ({@code synth}, {@code pad}, {@code repeat}), band-limited to the
     * telephone band and passed through G.711 A-law, after 1 s of white noise at -40 dBFS.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NA busy          | BUSY       | 0.5 sine 480 sine 620 remix 1v0.5,2v0.5 pad 0 0.5 repeat 5",
            "NA reorder       | CONGESTION | 0.25 sine 480 sine 620 remix 1v0.5,2v0.5 pad 0 0.25 repeat 9",
            "NA dial          | DIAL       | 5 sine 350 sine 440 remix 1v0.5,2v0.5",
            "CEPT busy        | BUSY       | 0.5 sine 425 pad 0 0.5 repeat 5",
            "CEPT congestion  | CONGESTION | 0.25 sine 425 pad 0 0.25 repeat 9",
            "CEPT dial        | DIAL       | 5 sine 425",
            "UK busy          | BUSY       | 0.375 sine 400 pad 0 0.375 repeat 6",
            "UK congestion    | CONGESTION | 0.4 sine 400 pad 0 0.35 : synth 0.225 sine 400 pad 0 0.525",
            "UK dial          | DIAL       | 5 sine 350 sine 450 remix 1v0.5,2v0.5",
            "SIT              | SPECIAL_INFORMATION | 0.33 sine 950 : synth 0.33 sine 1400 : synth 0.33 sine 1800 pad 0 1",
    })
    void soxMadeTonesAreFound(String name, CallProgressTone.Kind kind, String synth) throws Exception {
        SoxTool.assumeTool("sox", "--version");
        Path noise = dir.resolve("noise.wav");
        SoxTool.sox(SoxTool.cmd("sox", "-R", "-D", "-r", "8000", "-c", "1", "-n"), SoxTool.OUT, noise,
                List.of("synth", "1", "whitenoise", "gain", "-40"));
        Path tone = dir.resolve("tone.wav");
        List<String> effects = new ArrayList<>(List.of("synth"));
        effects.addAll(List.of(synth.trim().split(" +")));
        int channels = synth.contains("remix") ? 2 : 1;
        SoxTool.sox(SoxTool.cmd("sox", "-R", "-D", "-r", "8000", "-c", String.valueOf(channels), "-n"),
                List.of("-r", "8000", "-c", "1", "-e", "a-law"), dir.resolve("tone.wav.al.wav"), effects);
        // back to 16-bit, telephone band, 20 dB down, if UK congestion: repeated
        SoxTool.sox(SoxTool.cmd("sox", "-R", "-D", dir.resolve("tone.wav.al.wav").toString()), SoxTool.OUT, tone,
                List.of("sinc", "300-3400", "gain", "-20", "repeat", name.startsWith("UK congestion") ? "3" : "0"));
        Path line = dir.resolve("line.wav");
        SoxTool.sox(SoxTool.cmd("sox", "-R", "-D", noise.toString(), tone.toString()), SoxTool.OUT, line,
                List.of());
        byte[] pcm = PcmBytes.readWav(line);
        Optional<CallProgressDetector.Detection> got = detect(pcm, new CallProgressDetector());
        assertThat(got).as(name).isPresent();
        assertThat(got.get().tone().kind()).isEqualTo(kind);
        assertThat(got.get().startSample()).isBetween((long) FS - 2 * CallProgressDetector.WINDOW, FS + 80L);
    }

    @ParameterizedTest
    @EnumSource(CallProgressTone.class)
    void theSimulatedLinesTonesAreFound(CallProgressTone t) {
        byte[] pcm = t.prompt(Duration.ofSeconds(6), 0.2).pcm();
        Optional<CallProgressDetector.Detection> got = detect(pcm, new CallProgressDetector(EnumSet.of(t.plan())));
        assertThat(got).isPresent();
        assertThat(got.get().tone().kind()).isEqualTo(t.kind());
        assertThat(got.get().startSample()).isLessThanOrEqualTo(CallProgressDetector.WINDOW);
    }
}
