package io.github.modemvoice.pipeline;

import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The queue of a {@link MessagePipeline} that transcribes and notifies nobody: nothing is
 * recorded, and a message "has its record" once the store holds its transcript or transcript
 * error, so {@link MessagePipeline#catchUp()} transcribes the stored messages that lack one
 * (recovered ones, or those a crash left untranscribed), back to an hour before {@code since}.
 *
 * <pre>{@code
 * MessagePipeline p = MessagePipeline.builder(store, new TranscriptOnlyQueue(store, Instant.now()))
 *         .transcriber(CommandTranscriber.of("whisper-cli", "-f", "{wav}")).build();
 * }</pre>
 */
public final class TranscriptOnlyQueue implements NotificationQueue {
    private final MessageStore store;
    private final Instant since;

    /**
     * @param store the store whose messages are transcribed
     * @param since catch-up scans look back to an hour before this
     */
    public TranscriptOnlyQueue(MessageStore store, Instant since) {
        this.store = Objects.requireNonNull(store, "store");
        this.since = Objects.requireNonNull(since, "since");
    }

    @Override
    public int enqueue(VoicemailMessage message) {
        return 0;
    }

    @Override
    public boolean hasRecord(String messageId) {
        Optional<VoicemailMessage> m = store.get(messageId);
        return m.isEmpty() || !m.get().transcript().isEmpty() || m.get().transcriptError().isPresent();
    }

    @Override
    public Instant since() {
        return since;
    }

    @Override
    public boolean awaitSettled(String messageId, Duration timeout) {
        return true;
    }

    @Override
    public List<DeliveryStatus> status(String messageId) {
        return List.of();
    }

    @Override
    public String describe() {
        return "no notifications (transcription only)";
    }

    @Override
    public void close() {
        // nothing is held
    }
}
