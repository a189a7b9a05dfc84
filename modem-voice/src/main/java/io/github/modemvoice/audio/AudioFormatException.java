package io.github.modemvoice.audio;

import io.github.modemvoice.ModemVoiceException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Audio is not in a format modem-voice can use: a malformed or truncated WAV file, or a WAV
 * file in another format than the internal one (8000 Hz 16-bit mono PCM). The message names
 * the file, when there is one, and what was found, for example
 * {@code greeting.wav: expected 8000 Hz 16-bit mono PCM, found 44100 Hz 16-bit stereo PCM (format tag 1)}.
 */
public class AudioFormatException extends ModemVoiceException {
    private final transient Path file;

    /**
     * @param message what is wrong with the audio
     */
    public AudioFormatException(String message) {
        super(message);
        this.file = null;
    }

    /**
     * @param file    the offending file; its path as given starts the message
     * @param problem what is wrong with it
     */
    public AudioFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * @param file    the offending file; its path as given starts the message
     * @param problem what is wrong with it
     * @param cause   the underlying failure
     */
    public AudioFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** @return the offending file, if the audio came from a file */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
