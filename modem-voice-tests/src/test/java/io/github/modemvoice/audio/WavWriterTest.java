package io.github.modemvoice.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class WavWriterTest {
    @TempDir
    Path dir;

    private static byte[] noise(int bytes, long seed) {
        byte[] b = new byte[bytes];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static long u32(byte[] file, int at) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(at));
    }

    @Test
    void roundTripThroughPrompt() throws IOException {
        Prompt p = Prompt.tone(440, Duration.ofMillis(1234), 0.8);
        Path f = dir.resolve("rt.wav");
        WavWriter.writeAll(f, p);
        byte[] raw = Files.readAllBytes(f);
        assertThat(raw).hasSize(44 + p.byteLength());
        assertThat(u32(raw, 4)).isEqualTo(36 + p.byteLength());
        assertThat(u32(raw, 40)).isEqualTo(p.byteLength());
        assertThat(Prompt.fromWav(f)).isEqualTo(p);
        assertThat(WavReader.requireInternalFormat(f).duration()).isEqualTo(Duration.ofMillis(1234));
    }

    @Test
    void headerIsProvisionalUntilCloseAndReadableMeanwhile() throws IOException {
        Path f = dir.resolve("rec.wav");
        byte[] pcm = noise(3200, 1);
        try (WavWriter w = WavWriter.create(f)) {
            w.write(pcm, 0, pcm.length);
            w.sync();
            byte[] raw = Files.readAllBytes(f);
            assertThat(u32(raw, 4)).isEqualTo(0xFFFFFFFFL);
            assertThat(u32(raw, 40)).isEqualTo(0xFFFFFFFFL);
            assertThat(WavReader.requireInternalFormat(f).dataLength()).isEqualTo(3200);
            assertThat(w.dataBytes()).isEqualTo(3200);
            assertThat(w.duration()).isEqualTo(Duration.ofMillis(200));
        }
        assertThat(Files.readAllBytes(f)).hasSize(44 + 3200);
        assertThat(Prompt.fromWav(f).pcm()).isEqualTo(pcm);
    }

    @Test
    void createsWithOwnerOnlyPermissionsWhereSupported() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path f = dir.resolve("private.wav");
        var perms = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        try (WavWriter w = WavWriter.create(f,
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(perms))) {
            w.write(new byte[320]);
        }
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(perms);
    }

    @Test
    void closeIsIdempotentAndWriteAfterCloseFails() {
        Path f = dir.resolve("c.wav");
        WavWriter w = WavWriter.create(f);
        w.write(new byte[320]);
        w.close();
        w.close();
        assertThatThrownBy(() -> w.write(new byte[2])).isInstanceOf(IllegalStateException.class);
        assertThat(WavReader.inspect(f).dataLength()).isEqualTo(320);
    }

    @Test
    void oddSplitsAreJoinedAndDataStaysEven() {
        Path f = dir.resolve("odd.wav");
        byte[] pcm = noise(1001, 2);
        try (WavWriter w = WavWriter.create(f)) {
            int at = 0;
            for (int len : new int[] {1, 3, 5, 7, 160, 321, 503, 1}) {
                w.write(pcm, at, len);
                at += len;
                assertThat(w.dataBytes() % 2).isZero();
            }
            assertThat(at).isEqualTo(1001);
            assertThat(w.dataBytes()).isEqualTo(1000);
        }
        assertThat(Prompt.fromWav(f).pcm()).isEqualTo(Arrays.copyOf(pcm, 1000));
    }

    @Test
    void truncateDataCutsTheTailInBufferAndOnDisk() {
        Path f = dir.resolve("trim.wav");
        byte[] pcm = noise(64_000, 3); // larger than the writer's buffer
        try (WavWriter w = WavWriter.create(f)) {
            w.write(pcm);
            w.truncateData(63_990); // inside the last buffer or on disk, whichever applies
            w.truncateData(20_000); // certainly on disk
            assertThat(w.dataBytes()).isEqualTo(20_000);
            assertThatThrownBy(() -> w.truncateData(20_002)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.truncateData(101)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.truncateData(-2)).isInstanceOf(IllegalArgumentException.class);
            w.write(pcm, 0, 100); // writing continues after the cut
        }
        byte[] expected = new byte[20_100];
        System.arraycopy(pcm, 0, expected, 0, 20_000);
        System.arraycopy(pcm, 0, expected, 20_000, 100);
        assertThat(Prompt.fromWav(f).pcm()).isEqualTo(expected);
    }

    @Test
    void truncateInsideBuffer() {
        Path f = dir.resolve("trimbuf.wav");
        byte[] pcm = noise(640, 4);
        try (WavWriter w = WavWriter.create(f)) {
            w.write(pcm);
            w.truncateData(320);
            assertThat(w.dataBytes()).isEqualTo(320);
        }
        assertThat(Prompt.fromWav(f).pcm()).isEqualTo(Arrays.copyOf(pcm, 320));
    }

    @Test
    void repairAfterSimulatedCrash() throws IOException {
        Path f = dir.resolve("crash.wav");
        byte[] pcm = noise(16_000, 5);
        WavWriter w = WavWriter.create(f);
        w.write(pcm);
        w.sync();
        // crash: never closed. Simulate the half-written sample a power cut can leave.
        Files.write(f, new byte[] {7}, java.nio.file.StandardOpenOption.APPEND);
        WavInfo info = WavWriter.repair(f);
        assertThat(info.dataLength()).isEqualTo(16_000);
        byte[] raw = Files.readAllBytes(f);
        assertThat(raw).hasSize(44 + 16_000);
        assertThat(u32(raw, 4)).isEqualTo(36 + 16_000);
        assertThat(u32(raw, 40)).isEqualTo(16_000);
        assertThat(Prompt.fromWav(f).pcm()).isEqualTo(pcm);
        // repairing again is harmless
        assertThat(WavWriter.repair(f)).isEqualTo(info);
        assertThat(Files.readAllBytes(f)).isEqualTo(raw);
    }

    @Test
    void repairOfHeaderOnlyFile() {
        Path f = dir.resolve("empty.wav");
        WavWriter.create(f); // crash right after creation
        assertThat(WavWriter.repair(f).dataLength()).isZero();
        assertThat(Prompt.fromWav(f).sampleCount()).isZero();
    }

    @Test
    void repairRejectsGarbage() throws IOException {
        Path f = dir.resolve("junk.wav");
        Files.write(f, new byte[100]);
        assertThatThrownBy(() -> WavWriter.repair(f)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("junk.wav");
    }

    @Test
    void repairKeepsChunksAfterAConsistentDataChunk() throws IOException {
        Path f = dir.resolve("tail.wav");
        Files.write(f, WavTestFiles.riff(0, "WAVE").fmt(1, 1, 8000, 16).chunk("data", 4, new byte[4])
                .chunk("LIST", 4, new byte[] {'I', 'N', 'F', 'O'}).build());
        WavInfo info = WavWriter.repair(f);
        assertThat(info.dataLength()).isEqualTo(4);
        byte[] raw = Files.readAllBytes(f);
        assertThat(raw).hasSize(60);
        assertThat(u32(raw, 4)).isEqualTo(52);
    }

    @Test
    void oneHourStreamsWithoutGrowingMemory() throws IOException {
        Path f = dir.resolve("hour.wav");
        byte[] frame = new byte[320];
        int frames = 3600 * 50;
        try (WavWriter w = WavWriter.create(f)) {
            for (int i = 0; i < frames; i++) {
                frame[0] = (byte) i;
                frame[1] = (byte) (i >> 8);
                w.write(frame, 0, frame.length);
                if (i % 50 == 0) {
                    assertThat(w.dataBytes()).isEqualTo((i + 1) * 320L);
                }
            }
            assertThat(w.duration()).isEqualTo(Duration.ofHours(1));
        }
        WavInfo info = WavReader.requireInternalFormat(f);
        assertThat(info.dataLength()).isEqualTo(frames * 320L);
        assertThat(info.duration()).isEqualTo(Duration.ofHours(1));
        assertThat(Files.size(f)).isEqualTo(44 + frames * 320L);
        // spot-check the last frame's marker
        try (InputStream in = WavReader.openPcm(f)) {
            in.skipNBytes((frames - 1) * 320L);
            byte[] last = in.readAllBytes();
            assertThat(last).hasSize(320);
            assertThat(Pcm.get(last, 0)).isEqualTo((short) (frames - 1));
        }
    }
}
