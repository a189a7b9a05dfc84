package io.github.modemvoice.pipeline;

import io.github.modemvoice.ModemVoiceException;

/**
 * A {@link Notifier} could not deliver a notification. {@link #isRetryable()} tells the
 * {@link Outbox} whether trying again later can help (a timeout, a 5xx answer, HTTP 408 or 429)
 * or not (any other 4xx: a wrong URL or a rejected request).
 */
public class NotificationException extends ModemVoiceException {
    private final boolean retryable;

    /**
     * @param message   what went wrong
     * @param retryable whether a later attempt may succeed
     * @param cause     the underlying failure, or null
     */
    public NotificationException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /**
     * @param message what went wrong
     * @return a failure worth retrying
     */
    public static NotificationException retryable(String message) {
        return new NotificationException(message, true, null);
    }

    /**
     * @param message what went wrong
     * @return a failure that retrying cannot fix
     */
    public static NotificationException permanent(String message) {
        return new NotificationException(message, false, null);
    }

    /** @return true when a later attempt may succeed */
    public boolean isRetryable() {
        return retryable;
    }
}
