package io.github.modemvoice.audio;

import static io.github.modemvoice.testing.PcmBytes.readWav;
import static io.github.modemvoice.testing.PcmBytes.rms;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
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
    private static final List<String> OUT = List.of("-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer");

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

    /** espeak-ng voice arguments and the text it reads (with digits, which speech menus are full of). */
    private record Speaker(String name, List<String> args, String text) {
    }

    private static final String ENGLISH = String.join(" ",
            "Hello, this is a message for Anna. Please call me back at five five five, nine eight seven,"
                    + " six five four three, before nine o'clock tonight.",
            "My number is zero one seven six, two three four five, six seven eight nine.",
            "Press one for sales, two for support, three for billing, or the hash key to hear this menu again.",
            "Account number four four four, one two one two, eight eight eight eight. Your pin is 6 0 9 3.",
            "Meet me at 14:30 on the 21st of December, flight BA 2497, seat 33C, gate 18.",
            "The quick brown fox jumps over the lazy dog while seven eager singers hold a long, high note.",
            "Ooooh, aaaah, eeeee, mmmmm, noooo, yeeees.",
            "One, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve, thirteen,"
                    + " twenty, thirty, forty, fifty, sixty, seventy, eighty, ninety, one hundred.");
    private static final String GERMAN = "Guten Tag. Meine Nummer ist null eins sieben sechs, zwei drei vier"
            + " fünf, sechs sieben acht neun. Drücken Sie die Eins für den Verkauf, die Zwei für den Service.";
    private static final String FRENCH = "Bonjour. Mon numéro est zéro six, douze, trente-quatre, cinquante-six,"
            + " soixante-dix-huit. Appuyez sur étoile pour réécouter ce message.";
    private static final String SPANISH = "Hola. Mi número es seis uno cero, nueve ocho siete, cinco cuatro tres"
            + " dos. Pulse uno para ventas y dos para soporte técnico.";

    private static final List<Speaker> SPEAKERS = List.of(
            new Speaker("en", List.of("-v", "en"), ENGLISH),
            new Speaker("en-us", List.of("-v", "en-us"), ENGLISH),
            new Speaker("en-us+f3", List.of("-v", "en-us+f3"), ENGLISH),
            new Speaker("en-gb-x-rp+m3 slow deep", List.of("-v", "en-gb-x-rp+m3", "-p", "10", "-s", "110"), ENGLISH),
            new Speaker("en+klatt high", List.of("-v", "en+klatt", "-p", "90", "-s", "150"), ENGLISH),
            new Speaker("en-us+robosoft (monotone)", List.of("-v", "en-us+robosoft"), ENGLISH),
            new Speaker("en+f5 fast", List.of("-v", "en+f5", "-s", "260"), ENGLISH),
            new Speaker("de", List.of("-v", "de"), GERMAN),
            new Speaker("fr+f2", List.of("-v", "fr+f2"), FRENCH),
            new Speaker("es", List.of("-v", "es"), SPANISH));

    /** sox effects applied to each speaker's recording; "plain" is the bare conversion to 8 kHz. */
    private static final List<List<String>> SPEECH_VARIANTS = List.of(
            List.of(),
            List.of("gain", "-n", "-0.5"), // as loud as it gets
            List.of("speed", "1.3"), // faster and higher (a tape played fast)
            List.of("pitch", "700"), // 7 semitones up, same tempo
            List.of("pitch", "-500", "tempo", "0.8"), // lower and slower
            List.of("sinc", "300-3400", "gain", "-n", "-3")); // telephone band

    @Test
    void noKeyInSpeechMadeByEspeakNg() throws Exception {
        assumeTool("sox", "--version");
        assumeTool("espeak-ng", "--version");
        List<String> hits = new ArrayList<>();
        double seconds = 0;
        int clips = 0;
        for (int s = 0; s < SPEAKERS.size(); s++) {
            Speaker sp = SPEAKERS.get(s);
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

    /** name, input channels, then the sox effects that make the clip (first one: synth). */
    private record Music(String name, int channels, List<String> effects) {
    }

    private static Music music(String name, int channels, String effects) {
        return new Music(name, channels, List.of(effects.split(" ")));
    }

    // notes as %n = semitones from A4 (440 Hz): %-9 C4, %-5 E4, %-2 G4, %3 C5, %8 F5,
    // %13 A#5, %19 E6.
    //
    // Deliberately absent: two nearly pure notes that land inside the acceptance band of a row
    // and a column frequency at once. A#5 (932.3 Hz) and E6 (1318.5 Hz) are 0.9 % and 1.3 %
    // below 941 and 1336 Hz, key 0; F5 + F#6 (698.5 + 1480.0 Hz) is key 3 within 0.2 %. Q.24
    // requires a receiver to accept anything within 1.5 %, and sox's plucked A#5 + E6 dyad is,
    // once its attack has died away, two sines with every harmonic more than 20 dB down: it is
    // reported as key 0, and must be. Such a dyad is DTMF by every measure a receiver has; a
    // second-harmonic test does not help (it only delays the detection until the harmonics
    // have decayed, and with a 16 ms window the row tones' second harmonics, 1394-1882 Hz, fall
    // within a bin of the column tones, so it also rejects real keys 2, 3, 5, 6, ...).
    private static final List<Music> MUSIC = List.of(
            music("linear sine sweep 300-3400 Hz", 1, "synth 3 sine 300-3400"),
            music("exponential sine sweep 300-3400 Hz", 1, "synth 3 sine 300:3400"),
            music("square sweep 100-1200 Hz", 1, "synth 3 square 100:1200 gain -12"),
            music("sawtooth sweep 60-900 Hz", 1, "synth 3 sawtooth 60:900 gain -12"),
            music("triangle sweep 200-2000 Hz", 1, "synth 3 triangle 200:2000"),
            music("two sines a fifth apart, swept", 2, "synth 3 sine 200:2200 sine 300:3300"),
            music("plucked E major chord (guitar strum)", 6,
                    "synth 3 pluck %-29 pluck %-22 pluck %-17 pluck %-13 pluck %-10 pluck %-5"),
            music("plucked chord high register", 4, "synth 3 pluck %3 pluck %8 pluck %13 pluck %19"),
            music("plucked C5 + A#5 + E6", 3, "synth 3 pluck %3 pluck %13 pluck %19"),
            music("sawtooth A#5 + E6 dyad", 2, "synth 3 sawtooth %13 sawtooth %19 gain -6"),
            music("sawtooth C major chord with tremolo", 3, "synth 3 sawtooth %-9 sawtooth %-5 sawtooth %-2 tremolo 5 60"),
            music("square A minor chord", 3, "synth 3 square %0 square %3 square %7 gain -10"),
            music("sawtooth chord high, vibrato-free", 3, "synth 3 sawtooth %8 sawtooth %13 sawtooth %19 gain -10"),
            music("organ: root, octave, twelfth, fifteenth", 4, "synth 3 sine %-9 sine %3 sine %10 sine %15"),
            music("harmonic stack 440-1760 Hz with tremolo", 4, "synth 3 sine 440 sine 880 sine 1320 sine 1760 tremolo 6 40"),
            music("triangle chord with chorus", 3,
                    "synth 3 triangle %-9 triangle %-5 triangle %-2 chorus 0.7 0.9 55 0.4 0.25 2 -t"),
            music("plucked chord with echo", 3, "synth 3 pluck %-9 pluck %-5 pluck %-2 echo 0.8 0.9 250 0.5"),
            music("overdriven power chord", 2, "synth 3 sawtooth %-17 sawtooth %-10 overdrive 20"),
            music("sine chord with flanger", 3, "synth 3 sine %3 sine %7 sine %10 flanger"),
            music("pink noise band 600-1700 Hz", 1, "synth 3 pinknoise sinc 600-1700"),
            music("brown noise with tremolo", 1, "synth 3 brownnoise tremolo 8 80"),
            music("trapezium and exp waves", 2, "synth 3 trapezium %0 exp %7"));

    @Test
    void noKeyInMusicMadeBySox() throws Exception {
        assumeTool("sox", "--version");
        List<String> hits = new ArrayList<>();
        double seconds = 0;
        for (Music m : MUSIC) {
            Path out = dir.resolve("music.wav");
            List<String> effects = new ArrayList<>(m.effects());
            // mix the voices down and bring the clip near full scale (the detector's energy
            // tests do not depend on level, but its minimum level does)
            effects.addAll(List.of("channels", "1", "rate", "8000", "gain", "-n", "-1"));
            // 48 kHz: the pluck generator needs it
            sox(cmd("sox", "-R", "-D", "-r", "48000", "-c", String.valueOf(m.channels()), "-n"), OUT, out, effects);
            byte[] pcm = readWav(out);
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

    private static List<String> cmd(String... args) {
        return Arrays.asList(args);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.4f", s);
    }

    private static String vol(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static void sox(List<String> inputs, List<String> outFormat, Path out, List<String> effects) {
        List<String> c = new ArrayList<>(inputs);
        c.addAll(outFormat);
        c.add(out.toString());
        c.addAll(effects);
        run(c);
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("exit " + p.exitValue() + ": " + String.join(" ", command) + "\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void assumeTool(String tool, String versionFlag) {
        boolean ok;
        try {
            Process p = new ProcessBuilder(tool, versionFlag).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        Assumptions.assumeTrue(ok, tool + " not installed: apt-get install " + tool);
    }
}
