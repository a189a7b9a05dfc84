package io.github.modemvoice.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What both outboxes decide after a failed delivery attempt: give up, or when to try again. */
final class Retries {
    private Retries() {
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
