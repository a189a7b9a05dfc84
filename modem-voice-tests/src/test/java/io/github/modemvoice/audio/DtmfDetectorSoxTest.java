package io.github.modemvoice.audio;

import static io.github.modemvoice.testing.PcmBytes.readWav;
import static io.github.modemvoice.testing.PcmBytes.rms;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

import static io.github.modemvoice.audio.SoxTool.assumeTool;
import static io.github.modemvoice.audio.SoxTool.cmd;
import static io.github.modemvoice.audio.SoxTool.run;
import static io.github.modemvoice.audio.SoxTool.seconds;
import static io.github.modemvoice.audio.SoxTool.sox;
import static io.github.modemvoice.audio.SoxTool.vol;
import static io.github.modemvoice.audio.TalkOffCorpus.MUSIC;
import static io.github.modemvoice.audio.TalkOffCorpus.SPEAKERS;
import static io.github.modemvoice.audio.TalkOffCorpus.SPEECH_VARIANTS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DtmfDetector} on audio made by external tools rather than by our own Java generators:
 * DTMF tones synthesised and mixed with noise by sox, speech by espeak-ng (several voices,
 * languages, speeds and pitches, re-processed by sox), and music-like signals by sox (plucked
 * chords, sawtooth and square chords, organ stacks, sweeps, tremolo, chorus, echo, overdrive).
 * Every key must be detected exactly once; speech and music must give no key at all.
 *
 * <p>Skips, with the reason, when sox or espeak-ng is not installed ({@code .ci/run} installs
 * both). Every file is made in a temporary directory; sox runs with {@code -R} (repeatable
 * random numbers) and {@code -D} (no dither), so the audio is the same on every run.
 */
class DtmfDetectorSoxTest {
    private static final int FS = 8000;
    /** sox output format options: the library's internal format. */
    private static final List<String> OUT = SoxTool.OUT;

    @TempDir
    Path dir;

    // ---------------------------------------------------------------------------------------
    // (a) every key, several levels, durations and noise levels

    @Test
    void everyKeyMadeBySoxIsDetectedExactlyOnce() throws Exception {
        assumeTool("sox", "--version");
        double[] levels = {-3, -10, -20}; // composite peak of the two tones, dBFS
        int[] durations = {40, 60, 100}; // ms
        double[] snrs = {15, 20}; // tones' RMS over the white noise's RMS, dB
        double totalSeconds = 0.6;

        // one white-noise file, scaled per case; its RMS is measured rather than assumed
        Path noise = dir.resolve("noise.wav");
        sox(cmd("sox", "-R", "-D", "-r", "8000", "-c", "1", "-n"), OUT, noise,
                List.of("synth", String.valueOf(totalSeconds), "whitenoise"));
        double noiseRms = rms(readWav(noise));

        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (int k = 0; k < Dtmf.KEYS_ALL.length(); k++) {
            char key = Dtmf.KEYS_ALL.charAt(k);
            Dtmf.Frequencies f = Dtmf.frequencies(key);
            for (int d = 0; d < durations.length; d++) {
                int ms = durations[d];
                // the two tones at equal amplitude (0.5 each, composite peak about 0 dBFS), placed
                // at an offset that differs from case to case so that the tone starts at every
                // phase of the detector's 4 ms analysis grid
                double lead = 0.15 + ((k * 7 + d * 3) % 23) / 1000.0;
                Path tone = dir.resolve("tone-" + k + "-" + ms + ".wav");
                sox(cmd("sox", "-R", "-D", "-r", "8000", "-c", "2", "-n"), OUT, tone,
                        List.of("synth", seconds(ms / 1000.0), "sine", String.valueOf(f.lowHz()),
                                "sine", String.valueOf(f.highHz()),
                                "remix", "1v0.5,2v0.5",
                                "pad", seconds(lead), seconds(totalSeconds - lead - ms / 1000.0)));
                for (double level : levels) {
                    for (double snr : snrs) {
                        cases++;
                        double toneVol = Math.pow(10, level / 20);
                        // two equal sines of peak a (composite peak 2a) have an RMS of a
                        double toneRms = 32768 * toneVol / 2;
                        double noiseVol = toneRms / Math.pow(10, snr / 20) / noiseRms;
                        Path mixed = dir.resolve("key.wav");
                        sox(cmd("sox", "-R", "-D", "-m", "-v", vol(toneVol), tone.toString(),
                                "-v", vol(noiseVol), noise.toString()), OUT, mixed, List.of());
                        String got = keysIn(readWav(mixed));
                        if (!got.equals(String.valueOf(key))) {
                            failures.add(String.format(Locale.ROOT, "key %s, %.0f dBFS, %d ms, SNR %.0f dB -> '%s'",
                                    key, level, ms, snr, got));
                        }
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "DtmfDetectorSoxTest: %d sox-made key presses, %d detected exactly once%n",
                cases, cases - failures.size());
        assertThat(failures).isEmpty();
    }

    // ---------------------------------------------------------------------------------------
    // (b) speech and music: no key at all

    @Test
    void noKeyInSpeechMadeByEspeakNg() throws Exception {
        assumeTool("sox", "--version");
        assumeTool("espeak-ng", "--version");
        List<String> hits = new ArrayList<>();
        double seconds = 0;
        int clips = 0;
        for (int s = 0; s < SPEAKERS.size(); s++) {
            TalkOffCorpus.Speaker sp = SPEAKERS.get(s);
            Path raw = dir.resolve("speech-" + s + ".wav");
            List<String> espeak = new ArrayList<>(List.of("espeak-ng"));
            espeak.addAll(sp.args());
            espeak.addAll(List.of("-w", raw.toString(), sp.text()));
            run(espeak);
            for (List<String> variant : SPEECH_VARIANTS) {
                Path out = dir.resolve("speech.wav");
                sox(List.of("sox", "-R", "-D", raw.toString()), OUT, out, variant);
                byte[] pcm = readWav(out);
                seconds += pcm.length / 2.0 / FS;
                clips++;
                String got = keysWithTimes(pcm);
                if (!got.isEmpty()) {
                    hits.add(sp.name() + " " + (variant.isEmpty() ? "plain" : String.join(" ", variant)) + ": " + got);
                }
            }
        }
        System.out.printf(Locale.ROOT, "DtmfDetectorSoxTest: espeak-ng speech, %d clips, %.0f s: %d false detections%n",
                clips, seconds, hits.size());
        assertThat(hits).isEmpty();
    }

    @Test
    void noKeyInMusicMadeBySox() throws Exception {
        assumeTool("sox", "--version");
        List<String> hits = new ArrayList<>();
        double seconds = 0;
        for (TalkOffCorpus.Music m : MUSIC) {
            byte[] pcm = m.render(dir.resolve("music.wav"));
            seconds += pcm.length / 2.0 / FS;
            String got = keysWithTimes(pcm);
            if (!got.isEmpty()) {
                hits.add(m.name() + ": " + got);
            }
        }
        System.out.printf(Locale.ROOT, "DtmfDetectorSoxTest: sox music, %d clips, %.0f s: %d false detections%n",
                MUSIC.size(), seconds, hits.size());
        assertThat(hits).isEmpty();
    }

    // ---------------------------------------------------------------------------------------

    private static String keysIn(byte[] pcm) {
        DtmfDetector d = new DtmfDetector();
        io.github.modemvoice.testing.PcmBytes.feedInUnevenPieces(pcm, d::accept);
        return d.takeKeys();
    }

    /** Keys found with the second at which each began, e.g. "5@2.31s 9@4.02s"; empty if none. */
    private static String keysWithTimes(byte[] pcm) {
        StringBuilder sb = new StringBuilder();
        DtmfDetector d = new DtmfDetector((key, start) ->
                sb.append(sb.length() == 0 ? "" : " ").append(key).append('@')
                        .append(String.format(Locale.ROOT, "%.2fs", start / (double) FS)));
        d.accept(pcm);
        return sb.toString();
    }


}
