package io.github.modemvoice;

/**
 * Root of every exception modem-voice throws on purpose. All are unchecked: a telephony
 * failure is rarely something the immediate caller can repair, but every subtype names
 * what went wrong so that the application can log it or react to it.
 */
public class ModemVoiceException extends RuntimeException {
    /**
     * @param message what went wrong, with context (never a full phone number)
     */
    public ModemVoiceException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, with context (never a full phone number)
     * @param cause   the underlying failure
     */
    public ModemVoiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
