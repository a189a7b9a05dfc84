package io.github.modemvoice.voicemail;

import io.github.modemvoice.ModemVoiceException;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A message store could not read or write a message: a disk error, or a metadata file that is
 * garbled, hostile or written by a newer version of the library. The message names the file
 * (never a caller's number).
 */
public class MessageStoreException extends ModemVoiceException {
    private final transient Path file;

    /**
     * @param file    the file concerned, or null
     * @param message what went wrong
     */
    public MessageStoreException(Path file, String message) {
        super(file == null ? message : file + ": " + message);
        this.file = file;
    }

    /**
     * @param file    the file concerned, or null
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public MessageStoreException(Path file, String message, Throwable cause) {
        super(file == null ? message : file + ": " + message, cause);
        this.file = file;
    }

    /** @return the file concerned, if any */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
