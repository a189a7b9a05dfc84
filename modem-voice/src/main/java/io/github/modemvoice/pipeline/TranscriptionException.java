package io.github.modemvoice.pipeline;

import io.github.modemvoice.ModemVoiceException;

/**
 * A {@link Transcriber} could not produce a transcript: the program failed or timed out, the
 * service answered with an error, or its answer was unusable. The message says which, with
 * context (exit code, HTTP status, an excerpt of the error output) and never a phone number.
 */
public class TranscriptionException extends ModemVoiceException {
    /**
     * @param message what went wrong
     */
    public TranscriptionException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public TranscriptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
