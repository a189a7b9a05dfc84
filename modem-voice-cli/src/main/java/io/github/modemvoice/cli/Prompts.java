package io.github.modemvoice.cli;

import io.github.modemvoice.audio.Prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The standard prompts shipped in the jar (made by {@code scripts/make-prompts.sh}). */
final class Prompts {
    private Prompts() {
    }

    /**
     * @param name {@code greeting}, {@code goodbye}, {@code beep} or {@code caller-sample}
     * @return the prompt
     */
    static Prompt bundled(String name) {
        String resource = "/io/github/modemvoice/prompts/" + name + ".wav";
        try (InputStream in = Prompts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled prompt " + resource + " is missing from the jar");
            }
            Path tmp = Files.createTempFile("modem-voice-" + name, ".wav");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return Prompt.fromWav(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled prompt " + name, e);
        }
    }
}
