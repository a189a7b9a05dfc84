package io.github.modemvoice.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.audio.WavReader;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes {@link WavReader} on arbitrary files: {@code inspect} must either describe audio that
 * lies inside the file or throw {@code AudioFormatException}; when it succeeds, the data stream
 * must deliver exactly the bytes it announced.
 */
class WavReaderFuzzTest {
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("wav-fuzz", ".wav");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Files.deleteIfExists(FILE);
    }

    @FuzzTest(maxDuration = "30s")
    void inspect(byte[] file) throws IOException {
        Files.write(FILE, file);
        FuzzSupport.expectOnlyTyped(() -> {
            WavInfo info = WavReader.inspect(FILE);
            if (info.dataOffset() < 12 || info.dataLength() < 0 || info.dataOffset() + info.dataLength() > file.length) {
                throw FuzzSupport.bug("data outside the file: " + info + " in " + file.length + " bytes");
            }
            info.duration();
            info.describe();
            long read = 0;
            try (InputStream data = WavReader.openData(FILE)) {
                byte[] buf = new byte[512];
                int n;
                while ((n = data.read(buf)) >= 0) {
                    read += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (read != info.dataLength()) {
                throw FuzzSupport.bug("announced " + info.dataLength() + " data bytes, delivered " + read);
            }
            if (info.isInternalFormat()) {
                try (InputStream pcm = WavReader.openPcm(FILE)) {
                    pcm.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }
}
