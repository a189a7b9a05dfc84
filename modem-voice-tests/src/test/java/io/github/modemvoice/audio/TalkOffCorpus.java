package io.github.modemvoice.audio;

import io.github.modemvoice.testing.PcmBytes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Speech (espeak-ng voices and languages, re-processed by sox) and music-like signals (sox
 * synth) that no tone detector may mistake for a signal: the talk-off corpus of the DTMF and
 * the call-progress tone detectors.
 */
final class TalkOffCorpus {
    private TalkOffCorpus() {
    }

    /** espeak-ng voice arguments and the text it reads (with digits, which speech menus are full of). */
    record Speaker(String name, List<String> args, String text) {
    }

    static final String ENGLISH = String.join(" ",
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
    static final String GERMAN = "Guten Tag. Meine Nummer ist null eins sieben sechs, zwei drei vier"
            + " fünf, sechs sieben acht neun. Drücken Sie die Eins für den Verkauf, die Zwei für den Service.";
    static final String FRENCH = "Bonjour. Mon numéro est zéro six, douze, trente-quatre, cinquante-six,"
            + " soixante-dix-huit. Appuyez sur étoile pour réécouter ce message.";
    static final String SPANISH = "Hola. Mi número es seis uno cero, nueve ocho siete, cinco cuatro tres"
            + " dos. Pulse uno para ventas y dos para soporte técnico.";

    static final List<Speaker> SPEAKERS = List.of(
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
    static final List<List<String>> SPEECH_VARIANTS = List.of(
            List.of(),
            List.of("gain", "-n", "-0.5"), // as loud as it gets
            List.of("speed", "1.3"), // faster and higher (a tape played fast)
            List.of("pitch", "700"), // 7 semitones up, same tempo
            List.of("pitch", "-500", "tempo", "0.8"), // lower and slower
            List.of("sinc", "300-3400", "gain", "-n", "-3")); // telephone band

    /** name, input channels, then the sox effects that make the clip (first one: synth). */
    record Music(String name, int channels, List<String> effects) {
        /**
         * Makes the clip with sox, mixed down to one channel near full scale (the detectors'
         * energy tests do not depend on level, but their minimum levels do), at 8 kHz.
         *
         * @param out the WAV file to write
         * @return its PCM
         */
        byte[] render(Path out) throws IOException {
            List<String> all = new ArrayList<>(effects);
            all.addAll(List.of("channels", "1", "rate", "8000", "gain", "-n", "-1"));
            // 48 kHz: the pluck generator needs it
            SoxTool.sox(SoxTool.cmd("sox", "-R", "-D", "-r", "48000", "-c", String.valueOf(channels), "-n"),
                    SoxTool.OUT, out, all);
            return PcmBytes.readWav(out);
        }
    }

    static Music music(String name, int channels, String effects) {
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
    static final List<Music> MUSIC = List.of(
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
}
