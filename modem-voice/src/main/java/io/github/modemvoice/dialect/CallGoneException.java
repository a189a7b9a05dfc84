package io.github.modemvoice.dialect;

import io.github.modemvoice.ModemVoiceException;

/**
 * The caller was gone when the modem was told to take the call: the answer command ended with
 * {@code NO CARRIER}, {@code BUSY} or {@code NO ANSWER} (V.250 final result codes of dial and
 * answer commands).
 */
public class CallGoneException extends ModemVoiceException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was observed
     * @param cause   the modem's answer
     */
    public CallGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
