package io.github.modemvoice.pipeline;

import io.github.modemvoice.voicemail.MessageIds;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where one notification of one message stands, as an outbox reports it (for a tool that must
 * tell its user whether the team heard about a message).
 *
 * @param messageId     the message
 * @param notifier      the notifier's name
 * @param state         delivered, pending (queued for retry), failed for good, or not queued
 * @param attempts      delivery attempts so far
 * @param lastError     why the last attempt failed (for {@code FAILED}: the recorded failure)
 * @param httpStatus    the receiver's HTTP status of the last failed attempt, if it answered
 * @param nextAttemptAt when a pending notification is tried next
 * @param where         where the record is kept: a file, or a database table and key
 */
public record DeliveryStatus(String messageId, String notifier, State state, int attempts, Optional<String> lastError,
                             OptionalInt httpStatus, Optional<Instant> nextAttemptAt, String where) {

    /** The states of a notification. */
    public enum State {
        /** The receiver acknowledged it. */
        DELIVERED,
        /** Queued; tried again at {@link DeliveryStatus#nextAttemptAt()} (also: not tried yet). */
        PENDING,
        /** Given up on: a permanent failure or too old. */
        FAILED,
        /** Not in the outbox at all. */
        NONE
    }

    /** Validates. */
    public DeliveryStatus {
        MessageIds.requireValid(messageId);
        Notifier.requireValidName(notifier);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(httpStatus, "httpStatus");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(where, "where");
    }

    /** @return one line for a person: {@code webhook: delivered}, {@code webhook: failed for good (HTTP 404): ...} */
    public String describe() {
        return switch (state) {
            case DELIVERED -> notifier + ": delivered";
            case PENDING -> notifier + ": queued for retry" + nextAttemptAt.map(t -> " (next attempt " + t + ")").orElse("")
                    + " in " + where + lastError.map(e -> "; last error: " + e).orElse("");
            case FAILED -> notifier + ": failed for good"
                    + (httpStatus.isPresent() ? " (HTTP " + httpStatus.getAsInt() + ")" : "")
                    + lastError.map(e -> ": " + e).orElse("") + " (kept in " + where + ")";
            case NONE -> notifier + ": not queued";
        };
    }
}
