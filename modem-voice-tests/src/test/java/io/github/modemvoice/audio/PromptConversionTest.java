package io.github.modemvoice.audio;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link Prompt#fromWav} takes the WAV files people have: files written here byte by byte in
 * every supported encoding, and (when installed) files made by sox and speech by espeak-ng.
 */
class PromptConversionTest {
    @TempDir
    Path dir;

    /** A 1 kHz tone at half scale in the given format; the right channel (if any) carries the same tone. */
    private Path toneFile(String name, int tag, int rate, int channels, int bits, double seconds) throws IOException {
        int frames = (int) Math.round(rate * seconds);
        int bytes = bits / 8;
        ByteBuffer data = ByteBuffer.allocate(frames * channels * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            double v = 0.5 * Math.sin(2 * Math.PI * 1000 * i / rate);
            for (int c = 0; c < channels; c++) {
                put(data, v, tag, bits);
            }
        }
        Path f = dir.resolve(name);
        Files.write(f, WavTestFiles.riff(36 + data.capacity(), "WAVE").fmt(tag, channels, rate, bits)
                .chunk("data", data.capacity(), data.array()).build());
        return f;
    }

    private static void put(ByteBuffer b, double v, int tag, int bits) {
        short s16 = (short) Math.round(v * 32767);
        switch (tag) {
            case WavInfo.FORMAT_ALAW -> b.put(PcmCodec.linearToAlaw(s16));
            case WavInfo.FORMAT_MULAW -> b.put(PcmCodec.linearToUlaw(s16));
            case WavInfo.FORMAT_IEEE_FLOAT -> {
                if (bits == 32) {
                    b.putFloat((float) v);
                } else {
                    b.putDouble(v);
                }
            }
            default -> {
                switch (bits) {
                    case 8 -> b.put((byte) (Math.round(v * 127) + 128));
                    case 16 -> b.putShort(s16);
                    case 24 -> {
                        int s = (int) Math.round(v * 8388607);
                        b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                    }
                    default -> b.putInt((int) Math.round(v * 2147483647.0));
                }
            }
        }
    }

    private static float[] samples(Prompt p) {
        float[] y = new float[p.sampleCount()];
        for (int i = 0; i < y.length; i++) {
            y[i] = p.sample(i) / 32768f;
        }
        return y;
    }

    @ParameterizedTest(name = "tag {0}, {1} Hz, {2} channel(s), {3}-bit")
    @CsvSource({
        "1, 44100, 2, 16, 0.01", "1, 48000, 1, 24, 0.01", "1, 22050, 2, 32, 0.01", "1, 11025, 1, 8, 0.1",
        "1, 8000, 2, 16, 0.01", "1, 16000, 1, 16, 0.01", "3, 44100, 2, 32, 0.01", "3, 96000, 1, 64, 0.01",
        "6, 8000, 1, 8, 0.1", "7, 8000, 1, 8, 0.1", "7, 16000, 2, 8, 0.1", "6, 44100, 1, 8, 0.1",
    })
    void aToneInAnyFormatArrivesAsOneKilohertzAt8000Hertz(int tag, int rate, int channels, int bits, double toleranceDb)
            throws IOException {
        Path f = toneFile("tone.wav", tag, rate, channels, bits, 0.5);
        Prompt p = Prompt.fromWav(f);
        long frames = Math.round(rate * 0.5);
        assertThat(p.sampleCount()).isEqualTo((frames * 8000 + rate - 1) / rate); // 4000, 4001 from 5513 at 11025 Hz
        float[] mid = ResamplerTest.steady(samples(p));
        double gainDb = ResamplerTest.db(ResamplerTest.amplitudeAt(mid, 1000, 8000) / 0.5);
        assertThat(gainDb).as("gain, dB").isCloseTo(0, within(toleranceDb));
        assertThat(ResamplerTest.frequency(mid, 8000)).isCloseTo(1000, within(0.05));
    }

    @Test
    void aFileInTheInternalFormatIsTakenByteForByte() throws IOException {
        Prompt tone = Prompt.tone(440, java.time.Duration.ofMillis(200), 0.3);
        Path f = dir.resolve("internal.wav");
        WavWriter.writeAll(f, tone);
        assertThat(Prompt.fromWav(f)).isEqualTo(tone);
    }

    @ParameterizedTest(name = "tag {0}, {1}-bit")
    @CsvSource({
        "2, 4, 44100 Hz 4-bit mono MS ADPCM (format tag 2)",
        "1, 12, 44100 Hz 12-bit mono PCM (format tag 1)",
        "85, 16, 44100 Hz 16-bit mono MP3 (format tag 85)",
        "6, 16, 44100 Hz 16-bit mono A-law (format tag 6)",
    })
    void aFormatThatCannotBeConvertedIsNamedWithTheFile(int tag, int bits, String found) throws IOException {
        Path f = dir.resolve("odd.wav");
        Files.write(f, WavTestFiles.riff(0, "WAVE").fmt(tag, 1, 44100, bits).chunk("data", 8, new byte[8]).build());
        assertThatThrownBy(() -> Prompt.fromWav(f))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(f + ": cannot convert " + found + " to 8000 Hz 16-bit mono; supported are");
    }

    private static boolean installed(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command, output).isZero();
    }

    @ParameterizedTest(name = "sox {0}")
    @CsvSource(delimiter = '|', value = {
        "-r 44100 -c 2 -b 16 -e signed-integer",
        "-r 48000 -c 1 -b 24 -e signed-integer",
        "-r 22050 -c 2 -b 32 -e floating-point",
        "-r 8000 -c 1 -b 8 -e mu-law",
        "-r 16000 -c 1 -b 8 -e a-law",
        "-r 11025 -c 1 -b 8 -e unsigned-integer",
    })
    void filesMadeBySoxConvert(String format) throws Exception {
        Assumptions.assumeTrue(installed("sox"), "sox is not installed");
        Path f = dir.resolve("sox.wav");
        List<String> cmd = new ArrayList<>(List.of("sox", "-n"));
        cmd.addAll(List.of(format.split(" ")));
        cmd.addAll(List.of(f.toString(), "synth", "0.5", "sine", "1000", "vol", "0.5"));
        run(cmd);
        Prompt p = Prompt.fromWav(f);
        assertThat(p.duration().toMillis()).isCloseTo(500, within(1L));
        float[] mid = ResamplerTest.steady(samples(p));
        assertThat(ResamplerTest.db(ResamplerTest.amplitudeAt(mid, 1000, 8000) / 0.5)).isCloseTo(0, within(0.1));
        assertThat(ResamplerTest.frequency(mid, 8000)).isCloseTo(1000, within(0.05));
    }

    @Test
    void speechFromEspeakBecomesAPromptOfTheSameLength() throws Exception {
        Assumptions.assumeTrue(installed("espeak-ng"), "espeak-ng is not installed");
        Path f = dir.resolve("speech.wav");
        run(List.of("espeak-ng", "-w", f.toString(), "Thank you for calling. Please leave a message after the tone."));
        WavInfo info = WavReader.inspect(f);
        assertThat(info.isInternalFormat()).as("espeak-ng writes %s", info.describe()).isFalse();
        Prompt p = Prompt.fromWav(f);
        assertThat(p.duration().toMillis()).isCloseTo(info.duration().toMillis(), within(1L));
        assertThat(ResamplerTest.rms(samples(p))).as("speech, not silence").isGreaterThan(0.01);
    }
}
