package io.github.modemvoice.pipeline;

import io.github.modemvoice.voicemail.VoicemailMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where a {@link MessagePipeline} records the notifications it owes, and asks how they went:
 * the file-based {@link Outbox} (one host, beside a message directory) or the database-backed
 * {@link JdbcOutbox} (a shared mailbox, rows written in the message's own transaction).
 */
public interface NotificationQueue extends AutoCloseable {

    /**
     * Durably records one notification per configured notifier for a stored message; a no-op
     * for notifiers that already have it.
     *
     * @param message the stored message, with its transcript if there is one
     * @return how many new notifications were recorded
     */
    int enqueue(VoicemailMessage message);

    /**
     * @param messageId a message id
     * @return true when every configured notifier has a record of the message (pending,
     *         delivered or failed): its notification intent is durable
     */
    boolean hasRecord(String messageId);

    /**
     * @return when this queue was first used; catch-up scans skip messages started more than an
     *         hour before it (a mailbox that had no notifications configured is not replayed)
     */
    Instant since();

    /**
     * @param messageId a message id
     * @param timeout   the longest wait (real time)
     * @return true when none of the message's notifications is pending any more
     */
    boolean awaitSettled(String messageId, Duration timeout);

    /**
     * @param messageId a message id
     * @return one status per configured notifier
     */
    List<DeliveryStatus> status(String messageId);

    /**
     * @return true when the queue builds each notification when it delivers it, from the message
     *         as it is then stored, and calls {@link MessagePipeline}'s preparation (the
     *         transcription) first; false when {@link #enqueue} takes a finished notification
     */
    default boolean preparesAtDelivery() {
        return false;
    }

    /** @return where the queue keeps its records, for people */
    String describe();

    /** Stops delivering; what is pending stays recorded. */
    @Override
    void close();
}
