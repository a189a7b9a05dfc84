package io.github.modemvoice.call;

import io.github.modemvoice.ModemVoiceException;

/** The call is over (hung up or lost) so the requested operation cannot be done. */
public class CallEndedException extends ModemVoiceException {
    /** @param message what could not be done */
    public CallEndedException(String message) {
        super(message);
    }
}
