package io.github.modemvoice.transport;

import io.github.modemvoice.ModemVoiceException;

/** A port could not be opened; the message names the port and the likely reason. */
public class TransportOpenException extends ModemVoiceException {
    /** @param message names the port and the reason */
    public TransportOpenException(String message) {
        super(message);
    }

    /**
     * @param message names the port and the reason
     * @param cause   the underlying failure
     */
    public TransportOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
