package io.github.modemvoice.audio;

import io.github.modemvoice.ModemVoiceException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writing audio to its file failed: the disk is full, a quota is exhausted, or another I/O error.
 * The message names the file. {@link #noSpace()} tells a full disk from other errors, so that a
 * recording can end with the right reason.
 */
public class AudioStorageException extends ModemVoiceException {
    private final boolean noSpace;

    /**
     * @param file    the file being written
     * @param message what failed
     * @param cause   the I/O error
     */
    public AudioStorageException(Path file, String message, IOException cause) {
        super(file + ": " + message + ": " + cause, cause);
        this.noSpace = isNoSpace(cause);
    }

    /** @return true when the disk (or the user's quota) is full */
    public boolean noSpace() {
        return noSpace;
    }

    /**
     * Whether a failure is a full disk: {@code ENOSPC} ("No space left on device") or
     * {@code EDQUOT} ("Disk quota exceeded"), the strerror texts the JDK puts into the
     * {@link IOException}s of Linux and macOS file operations, anywhere in the cause chain.
     *
     * @param failure any throwable, or null
     * @return true for a full disk
     */
    public static boolean isNoSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AudioStorageException a && a.noSpace) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s != t && isNoSpace(s)) {
                    return true;
                }
            }
        }
        return false;
    }
}
