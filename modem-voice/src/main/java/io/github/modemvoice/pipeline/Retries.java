package io.github.modemvoice.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

import io.github.modemvoice.OperationInterruptedException;

/** What both outboxes decide after a failed delivery attempt: give up, or when to try again. */
final class Retries {
    private Retries() {
    }

    /** How one delivery attempt went. */
    enum State {
        /** The receiver took it. */
        DELIVERED,
        /** The thread was interrupted (shutdown): record nothing, the interrupt flag is set again. */
        INTERRUPTED,
        /** It failed: see the error, whether it may pass, and the HTTP status when there was one. */
        FAILED
    }

    /**
     * @param state      how it went
     * @param error      why it failed ({@link State#FAILED} only)
     * @param retryable  whether the failure may pass
     * @param httpStatus the receiver's status, when it answered
     */
    record Outcome(State state, String error, boolean retryable, OptionalInt httpStatus) {
        static final Outcome DELIVERED = new Outcome(State.DELIVERED, null, false, OptionalInt.empty());
        static final Outcome INTERRUPTED = new Outcome(State.INTERRUPTED, null, false, OptionalInt.empty());
    }

    /**
     * Runs one delivery attempt and classifies it, the same way for both outboxes: a
     * {@link NotificationException} says itself whether it may pass; any other runtime failure (a
     * bug in a notifier, a database hiccup) is retried.
     *
     * @param notifier the notifier's name, for the error text
     * @param attempt  the delivery
     * @return how it went
     */
    static Outcome attempt(String notifier, Runnable attempt) {
        try {
            attempt.run();
            return Outcome.DELIVERED;
        } catch (NotificationException e) {
            String error = e.getMessage() == null ? "unknown failure" : e.getMessage();
            return new Outcome(State.FAILED, error, e.isRetryable(), e.httpStatus());
        } catch (OperationInterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.INTERRUPTED;
        } catch (RuntimeException e) {
            return new Outcome(State.FAILED, notifier + ": " + e, true, OptionalInt.empty());
        }
    }

    /**
     * @param createdAt when the notification was enqueued
     * @param attempts  attempts made, the failed one included
     * @param now       the time of the failure
     * @param maxAge    how long after enqueueing failures are retried
     * @param retryable whether the failure may pass (a timeout, a 5xx) or is permanent (a 4xx)
     * @param error     why the attempt failed
     * @return the reason recorded when the notification is given up; empty when it is retried
     */
    static Optional<String> giveUp(Instant createdAt, int attempts, Instant now, Duration maxAge, boolean retryable,
                                   String error) {
        if (retryable && now.isBefore(createdAt.plus(maxAge))) {
            return Optional.empty();
        }
        return Optional.of(retryable
                ? "gave up after " + attempts + " attempt(s) over " + Duration.between(createdAt, now) + ": " + error
                : "permanent failure after " + attempts + " attempt(s): " + error);
    }

    /**
     * @param createdAt when the notification was enqueued
     * @param now       the time of the failure
     * @param maxAge    how long after enqueueing failures are retried
     * @param backoff   the delay for this many failures
     * @return when to try again: after the backoff, but not after the last moment it is retried
     */
    static Instant nextAttempt(Instant createdAt, Instant now, Duration maxAge, Duration backoff) {
        Instant next = now.plus(backoff);
        Instant deadline = createdAt.plus(maxAge);
        return next.isAfter(deadline) ? deadline : next;
    }
}
