package io.github.modemvoice.pipeline;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/** Small helpers: test WAVs and executable bash scripts standing in for speech engines. */
final class TestFiles {
    private TestFiles() {
    }

    static Path wav(Path dir, String name, Duration length) {
        Path f = dir.resolve(name);
        WavWriter.writeAll(f, Prompt.tone(440, length, 0.3));
        return f;
    }

    static Path script(Path dir, String name, String body) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "#!/usr/bin/env bash\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        return f;
    }
}
