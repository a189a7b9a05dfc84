package io.github.modemvoice.audio;

import static io.github.modemvoice.audio.SoxTool.OUT;
import static io.github.modemvoice.audio.SoxTool.assumeTool;
import static io.github.modemvoice.audio.SoxTool.run;
import static io.github.modemvoice.audio.SoxTool.sox;
import static io.github.modemvoice.testing.PcmBytes.readWav;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Talk-off: {@link CallProgressDetector} with every plan on, over several minutes of speech and
 * music, must find no tone at all. Speech: espeak-ng, ten voices in four languages reading long
 * varied text, each re-processed six ways by sox ({@link TalkOffCorpus}). Music: sox synth
 * sweeps, chords and timbres ({@link TalkOffCorpus#MUSIC}), sox chords and sustained notes on the
 * tone frequencies themselves (425, 440, 400 Hz, 350+440 and 480+620 Hz with other notes), and
 * melodies synthesised here (notes with harmonics and envelopes, on a scale tuned to A = 440 Hz
 * and one detuned so that its A is 425 Hz).
 *
 * <p>Not in the corpus on purpose: a pure sine switched on and off at a tone's cadence. That is
 * the tone, by every measure a receiver has, whoever plays it.
 *
 * <p>Skips, with the reason, when sox or espeak-ng is missing ({@code .ci/run} installs both).
 */
class CallProgressTalkOffTest {
    private static final int FS = 8000;

    @TempDir
    Path dir;

    /** Sox-made clips that put energy on the tone frequencies, but never as a pure, cadenced tone. */
    private static final List<TalkOffCorpus.Music> ON_THE_TONES = List.of(
            music("sawtooth 425 Hz sustained", 1, "synth 6 sawtooth 425 gain -10"),
            music("square 440 Hz sustained", 1, "synth 6 square 440 gain -10"),
            music("plucked 425 Hz, repeated", 1, "synth 6 pluck 425 tremolo 1 100"),
            music("sine chord 425+535+637 Hz sustained", 3, "synth 6 sine 425 sine 535 sine 637"),
            music("sine chord 350+440+523 Hz sustained", 3, "synth 6 sine 350 sine 440 sine 523"),
            music("480+620 Hz with 380 Hz", 3, "synth 6 sine 480 sine 620 sine 380"),
            music("triangle 400 Hz with its octave", 2, "synth 6 triangle 400 triangle 800"),
            music("plucked A4 + E5, pulsed", 2, "synth 6 pluck %0 pluck %7 tremolo 2 100"),
            music("sawtooth chord 425 Hz root with tremolo", 3, "synth 6 sawtooth 425 sawtooth 535 sawtooth 637 tremolo 1 90"),
            music("square 950, 1400, 1800 Hz together", 3, "synth 6 square 950 square 1400 square 1800 gain -10"));

    private static TalkOffCorpus.Music music(String name, int channels, String effects) {
        return new TalkOffCorpus.Music(name, channels, List.of(effects.split(" ")));
    }

    @Test
    void noToneInSpeechOrMusic() throws Exception {
        assumeTool("sox", "--version");
        assumeTool("espeak-ng", "--version");
        long started = System.nanoTime();
        List<String> hits = new ArrayList<>();
        double speechSeconds = 0;
        for (int s = 0; s < TalkOffCorpus.SPEAKERS.size(); s++) {
            TalkOffCorpus.Speaker sp = TalkOffCorpus.SPEAKERS.get(s);
            Path raw = dir.resolve("speech-" + s + ".wav");
            List<String> espeak = new ArrayList<>(List.of("espeak-ng"));
            espeak.addAll(sp.args());
            espeak.addAll(List.of("-w", raw.toString(), sp.text()));
            run(espeak);
            for (List<String> variant : TalkOffCorpus.SPEECH_VARIANTS) {
                Path out = dir.resolve("speech.wav");
                sox(List.of("sox", "-R", "-D", raw.toString()), OUT, out, variant);
                byte[] pcm = readWav(out);
                speechSeconds += pcm.length / 2.0 / FS;
                check(sp.name() + " " + String.join(" ", variant), pcm, hits);
            }
        }
        double musicSeconds = 0;
        List<TalkOffCorpus.Music> music = new ArrayList<>(TalkOffCorpus.MUSIC);
        music.addAll(ON_THE_TONES);
        for (TalkOffCorpus.Music m : music) {
            byte[] pcm = m.render(dir.resolve("music.wav"));
            musicSeconds += pcm.length / 2.0 / FS;
            check(m.name(), pcm, hits);
        }
        for (int seed = 0; seed < 8; seed++) {
            byte[] pcm = melody(seed, 15);
            musicSeconds += pcm.length / 2.0 / FS;
            check("Java melody " + seed, pcm, hits);
        }
        System.out.printf(Locale.ROOT, "CallProgressTalkOffTest: %.1f min of speech, %.1f min of music, %.1f s:"
                        + " %d false detections%n", speechSeconds / 60, musicSeconds / 60,
                (System.nanoTime() - started) / 1e9, hits.size());
        assertThat(speechSeconds + musicSeconds).as("seconds of audio").isGreaterThan(180);
        assertThat(hits).isEmpty();
    }

    private static void check(String name, byte[] pcm, List<String> hits) {
        CallProgressDetector d = new CallProgressDetector();
        d.accept(pcm);
        Optional<CallProgressDetector.Detection> got = d.detection();
        got.ifPresent(x -> hits.add(String.format(Locale.ROOT, "%s: %s at %.2f s", name, x.tone(),
                x.atSample() / (double) FS)));
    }

    /**
     * A melody: notes of 150-900 ms and rests, each note a fundamental with 2-6 harmonics falling
     * off at a timbre's own rate, with attack, decay and release; every third melody on a scale
     * whose A is 425 Hz (the CEPT tone), the others on A = 440 Hz; held notes on A come often.
     */
    private static byte[] melody(int seed, int seconds) {
        Random r = new Random(seed);
        double a = seed % 3 == 0 ? 425 : 440;
        int n = seconds * FS;
        byte[] b = new byte[2 * n];
        int at = 0;
        while (at < n) {
            int len = (150 + r.nextInt(750)) * FS / 1000;
            boolean rest = r.nextInt(6) == 0;
            int semitones = r.nextInt(3) == 0 ? 0 : r.nextInt(19) - 9;
            double f = a * Math.pow(2, semitones / 12.0);
            int harmonics = 2 + r.nextInt(5);
            double rolloff = 0.3 + r.nextDouble() * 0.5;
            for (int i = 0; i < len && at < n; i++, at++) {
                double v = 0;
                if (!rest) {
                    double t = (double) i / FS;
                    double env = Math.min(1, t / 0.02) * Math.exp(-t * 1.5) * Math.min(1, (len - i) / (0.03 * FS));
                    for (int h = 1; h <= harmonics; h++) {
                        v += Math.pow(rolloff, h - 1) * Math.sin(2 * Math.PI * f * h * t);
                    }
                    v *= 8000 * env;
                }
                int s = (int) Math.round(v);
                b[2 * at] = (byte) s;
                b[2 * at + 1] = (byte) (s >> 8);
            }
        }
        return b;
    }
}
