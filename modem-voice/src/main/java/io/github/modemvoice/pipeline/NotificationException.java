package io.github.modemvoice.pipeline;

import io.github.modemvoice.ModemVoiceException;

import java.util.OptionalInt;

/**
 * A {@link Notifier} could not deliver a notification. {@link #isRetryable()} tells the
 * {@link Outbox} whether trying again later can help (a timeout, a 5xx answer, HTTP 408 or 429)
 * or not (any other 4xx: a wrong URL or a rejected request; a 3xx redirect, which is never
 * followed). {@link #httpStatus()} carries the receiver's HTTP status when there was one.
 */
public class NotificationException extends ModemVoiceException {
    private final boolean retryable;
    private final int httpStatus;

    /**
     * @param message   what went wrong
     * @param retryable whether a later attempt may succeed
     * @param cause     the underlying failure, or null
     */
    public NotificationException(String message, boolean retryable, Throwable cause) {
        this(message, retryable, cause, -1);
    }

    /**
     * @param message    what went wrong
     * @param retryable  whether a later attempt may succeed
     * @param cause      the underlying failure, or null
     * @param httpStatus the receiver's HTTP status, or -1 when there was no answer
     */
    public NotificationException(String message, boolean retryable, Throwable cause, int httpStatus) {
        super(message, cause);
        this.retryable = retryable;
        this.httpStatus = httpStatus;
    }

    /** @return the HTTP status the receiver answered with, if it answered */
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
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
