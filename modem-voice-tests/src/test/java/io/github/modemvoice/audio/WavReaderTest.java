package io.github.modemvoice.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modemvoice.ModemVoiceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class WavReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static byte[] ramp(int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    @Test
    void readsCanonicalInternalFormat() throws IOException {
        byte[] pcm = ramp(3200);
        Path p = file("ok.wav", WavTestFiles.riff(36 + 3200, "WAVE").fmt(1, 1, 8000, 16)
                .chunk("data", 3200, pcm).build());
        WavInfo info = WavReader.requireInternalFormat(p);
        assertThat(info).isEqualTo(new WavInfo(8000, 1, 16, 1, 44, 3200));
        assertThat(info.isInternalFormat()).isTrue();
        assertThat(info.duration()).isEqualTo(Duration.ofMillis(200));
        try (InputStream in = WavReader.openPcm(p)) {
            assertThat(in.readAllBytes()).isEqualTo(pcm);
        }
    }

    @Test
    void skipsListAndFactChunksAndPadsOddSizes() throws IOException {
        byte[] pcm = ramp(320);
        Path p = file("list.wav", WavTestFiles.riff(0, "WAVE")
                .chunk("LIST", 5, new byte[] {'I', 'N', 'F', 'O', 'x'}).zeros(1) // pad byte
                .fmt(1, 1, 8000, 16)
                .chunk("fact", 4, new byte[4])
                .chunk("junk", 3, new byte[3]).zeros(1)
                .chunk("data", 320, pcm)
                .chunk("LIST", 4, new byte[] {'I', 'N', 'F', 'O'}) // trailing chunk is ignored
                .build());
        WavInfo info = WavReader.requireInternalFormat(p);
        assertThat(info.dataLength()).isEqualTo(320);
        try (InputStream in = WavReader.openPcm(p)) {
            assertThat(in.readAllBytes()).isEqualTo(pcm);
        }
    }

    @Test
    void dataChunkBeforeFmtIsAccepted() throws IOException {
        Path p = file("order.wav", WavTestFiles.riff(0, "WAVE").chunk("data", 4, new byte[4])
                .fmt(1, 1, 8000, 16).build());
        assertThat(WavReader.inspect(p).dataOffset()).isEqualTo(20);
    }

    @Test
    void streamingSizeIsClampedToFile() throws IOException {
        byte[] pcm = ramp(1000);
        Path p = file("stream.wav", WavTestFiles.riff(0xFFFFFFFFL, "WAVE").fmt(1, 1, 8000, 16)
                .chunk("data", 0xFFFFFFFFL, pcm).build());
        WavInfo info = WavReader.requireInternalFormat(p);
        assertThat(info.dataLength()).isEqualTo(1000);
    }

    @Test
    void hugeDataSizeOnSmallFileIsClampedAndRoundedToWholeSamples() throws IOException {
        // 100-byte file claiming 0x7FFFFFFF data bytes: 56 bytes present, odd tail dropped
        Path p = file("crash.wav", WavTestFiles.riff(0x7FFFFFFFL, "WAVE").fmt(1, 1, 8000, 16)
                .chunk("data", 0x7FFFFFFFL, new byte[56]).build());
        assertThat(Files.size(p)).isEqualTo(100);
        assertThat(WavReader.inspect(p).dataLength()).isEqualTo(56);
        Path odd = file("odd.wav", WavTestFiles.riff(0, "WAVE").fmt(1, 1, 8000, 16)
                .chunk("data", 0xFFFFFFFFL, new byte[57]).build());
        assertThat(WavReader.inspect(odd).dataLength()).isEqualTo(56);
    }

    @Test
    void extensiblePcmCountsAsPcm() throws IOException {
        byte[] guidTail = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00,
            (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};
        Path p = file("ext.wav", WavTestFiles.riff(0, "WAVE")
                .ascii("fmt ").u32(40).u16(0xFFFE).u16(1).u32(8000).u32(16000).u16(2).u16(16)
                .u16(22).u16(16).u32(4).u16(1).bytes(guidTail)
                .chunk("data", 4, new byte[4]).build());
        WavInfo info = WavReader.requireInternalFormat(p);
        assertThat(info.formatTag()).isEqualTo(1);

        Path floatExt = file("extf.wav", WavTestFiles.riff(0, "WAVE")
                .ascii("fmt ").u32(40).u16(0xFFFE).u16(1).u32(8000).u32(32000).u16(4).u16(32)
                .u16(22).u16(32).u32(4).u16(3).bytes(guidTail)
                .chunk("data", 4, new byte[4]).build());
        assertThatThrownBy(() -> WavReader.requireInternalFormat(floatExt))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("IEEE float");
    }

    @Test
    void wrongFormatIsNamedInMessage() throws Exception {
        Path p = file("greeting.wav", WavTestFiles.riff(0, "WAVE").fmt(1, 2, 44100, 16)
                .chunk("data", 8, new byte[8]).build());
        assertThatThrownBy(() -> WavReader.requireInternalFormat(p))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(p + ": expected 8000 Hz 16-bit mono PCM, found 44100 Hz 16-bit stereo"
                        + " PCM (format tag 1)")
                .satisfies(e -> assertThat(((AudioFormatException) e).file()).contains(p));
        Path ulaw = file("ulaw.wav", WavTestFiles.riff(0, "WAVE").fmt(7, 1, 8000, 8)
                .chunk("data", 8, new byte[8]).build());
        assertThatThrownBy(() -> WavReader.requireInternalFormat(ulaw))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("ulaw.wav")
                .hasMessageContaining("8000 Hz 8-bit mono mu-law (format tag 7)");
        // a prompt converts it (PromptConversionTest); the data can also be streamed as it is
        assertThat(WavReader.inspect(ulaw).formatTag()).isEqualTo(WavInfo.FORMAT_MULAW);
        try (InputStream in = WavReader.openData(ulaw)) {
            assertThat(in.readAllBytes()).hasSize(8);
        }
        assertThatThrownBy(() -> WavReader.openPcm(ulaw)).isInstanceOf(AudioFormatException.class);
    }

    // ---- hostile files ------------------------------------------------------------------

    private void assertRejected(String name, byte[] content, String... fragments)
            throws IOException {
        Path p = file(name, content);
        var thrown = assertThatThrownBy(() -> WavReader.inspect(p))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(p + ": ");
        for (String f : fragments) {
            thrown.hasMessageContaining(f);
        }
        assertThatThrownBy(() -> Prompt.fromWav(p)).isInstanceOf(AudioFormatException.class);
        assertThatThrownBy(() -> WavReader.openPcm(p)).isInstanceOf(AudioFormatException.class);
    }

    @Test
    void emptyFile() throws IOException {
        assertRejected("empty.wav", new byte[0], "too short");
    }

    @Test
    void truncatedHeader() throws IOException {
        byte[] full = WavTestFiles.riff(36, "WAVE").fmt(1, 1, 8000, 16).chunk("data", 0, new byte[0])
                .build();
        assertRejected("t10.wav", Arrays.copyOf(full, 10), "too short");
        assertRejected("t12.wav", Arrays.copyOf(full, 12), "no fmt chunk");
        assertRejected("t20.wav", Arrays.copyOf(full, 20), "fmt chunk", "declares 16 bytes");
        assertRejected("t36.wav", Arrays.copyOf(full, 36), "no data chunk");
        assertRejected("t40.wav", Arrays.copyOf(full, 40), "no data chunk");
    }

    @Test
    void notRiff() throws IOException {
        assertRejected("mp3.wav", "ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000xxxx".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1), "not a WAV file", "expected 'RIFF'");
        assertRejected("rifx.wav",
                "RIFX\0\0\0\0WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "RIFX");
    }

    @Test
    void riffButNotWave() throws IOException {
        assertRejected("avi.wav", WavTestFiles.riff(100, "AVI ").zeros(88).build(),
                "form type is 'AVI '", "expected 'WAVE'");
    }

    @Test
    void fmtChunkSizeHuge() throws IOException {
        assertRejected("fmthuge.wav", WavTestFiles.riff(0, "WAVE").ascii("fmt ").u32(0xFFFFFFF0L)
                .u16(1).u16(1).u32(8000).u32(16000).u16(2).u16(16).chunk("data", 4, new byte[4])
                .build(), "fmt chunk", "4294967280");
    }

    @Test
    void fmtChunkTooSmall() throws IOException {
        assertRejected("fmtsmall.wav", WavTestFiles.riff(0, "WAVE").ascii("fmt ").u32(8).zeros(8)
                .chunk("data", 4, new byte[4]).build(), "too small");
    }

    @Test
    void listChunkBeyondEofBeforeFmt() throws IOException {
        assertRejected("list.wav", WavTestFiles.riff(0, "WAVE").chunk("LIST", 0x7FFFFFFFL, new byte[20])
                .build(), "chunk 'LIST'", "2147483647", "no fmt chunk");
    }

    @Test
    void negativeLookingChunkSizesAreUnsigned() throws IOException {
        // 0x80000000 read as signed would be negative and could make a naive parser walk backwards
        assertRejected("neg.wav", WavTestFiles.riff(0, "WAVE").fmt(1, 1, 8000, 16)
                .chunk("junk", 0x80000000L, new byte[8]).build(), "2147483648");
    }

    @Test
    void missingData() throws IOException {
        assertRejected("nodata.wav", WavTestFiles.riff(0, "WAVE").fmt(1, 1, 8000, 16)
                .chunk("LIST", 4, new byte[4]).build(), "no data chunk");
    }

    @Test
    void missingFmt() throws IOException {
        assertRejected("nofmt.wav", WavTestFiles.riff(0, "WAVE").chunk("data", 8, new byte[8]).build(),
                "no fmt chunk");
        assertRejected("nofmt2.wav", WavTestFiles.riff(0, "WAVE")
                .chunk("data", 0xFFFFFFFFL, new byte[8]).build(), "no fmt chunk");
    }

    @Test
    void zeroChannelsOrRate() throws IOException {
        assertRejected("ch0.wav", WavTestFiles.riff(0, "WAVE").fmt(1, 0, 8000, 16)
                .chunk("data", 4, new byte[4]).build(), "0 channels");
        assertRejected("rate0.wav", WavTestFiles.riff(0, "WAVE").fmt(1, 1, 0, 16)
                .chunk("data", 4, new byte[4]).build(), "sample rate");
    }

    @Test
    void manyTinyChunksTerminate() throws IOException {
        WavTestFiles f = WavTestFiles.riff(0, "WAVE");
        for (int i = 0; i < WavReader.MAX_CHUNKS + 10; i++) {
            f.chunk("pad ", 0, new byte[0]);
        }
        assertRejected("many.wav", f.fmt(1, 1, 8000, 16).chunk("data", 2, new byte[2]).build(),
                "more than");
    }

    @Test
    void garbageNeverHangsOrEscapes() throws IOException {
        java.util.Random r = new java.util.Random(42);
        byte[] good = WavTestFiles.riff(0, "WAVE").chunk("LIST", 6, new byte[6]).fmt(1, 1, 8000, 16)
                .chunk("data", 40, ramp(40)).build();
        for (int round = 0; round < 2000; round++) {
            byte[] b = Arrays.copyOf(good, r.nextInt(good.length + 1));
            int flips = 1 + r.nextInt(4);
            for (int i = 0; i < flips && b.length > 0; i++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            Path p = file("fuzz.wav", b);
            try {
                WavInfo info = WavReader.inspect(p);
                assertThat(info.dataOffset() + info.dataLength()).isLessThanOrEqualTo(b.length);
                assertThat(info.dataLength()).isNotNegative();
            } catch (AudioFormatException expected) {
                assertThat(expected.getMessage()).startsWith(p.toString());
            }
        }
    }

    @Test
    void missingFileIsModemVoiceExceptionNamingIt() {
        Path p = dir.resolve("absent.wav");
        assertThatThrownBy(() -> WavReader.inspect(p)).isInstanceOf(ModemVoiceException.class)
                .hasMessageContaining("absent.wav");
    }
}
