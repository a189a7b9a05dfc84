package io.github.modemvoice.pipeline;

import io.github.modemvoice.internal.Threads;
import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.internal.AtomicFiles;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What happens to a message once it is safely stored, off the caller's line: transcription
 * (when a {@link Transcriber} is configured), the transcript (or why it failed) saved with
 * {@link MessageStore#updateTranscript}, then the notifications put into the
 * {@link NotificationQueue} (the file {@link Outbox}, or the database's {@link JdbcOutbox})
 * with the updated message.
 *
 * <pre>{@code
 * MessagePipeline pipeline = MessagePipeline.builder(store, outbox)
 *         .transcriber(CommandTranscriber.of("whisper-cli", "-m", model, "-f", "{wav}", "-nt"))
 *         .build();
 * VoicemailMessage stored = store.store(message, recording);
 * pipeline.submit(stored);            // returns at once
 * }</pre>
 *
 * <p>{@link #submit} never throws and never blocks on the work: failures are logged once at
 * WARN (with the message id, never the caller's number) and recorded: a transcription failure
 * in the message's {@code transcript_error}, which is still notified; a failure to save the
 * transcript does not stop the notifications (they carry the transcript anyway). Only when the
 * outbox cannot record the notifications does the returned future complete exceptionally.
 * A message that already has a transcript or a transcript error is not transcribed again.
 *
 * <p><b>Nothing stored is left unqueued.</b> A message reaches the pipeline by {@link #submit}
 * (the call handler's hand-off, in the same process, after the message is stored) and, in any
 * case, by {@link #catchUp()}: it lists the store and submits every message that has no record
 * in the queue (pending, delivered or failed) and started at most an hour before the queue was
 * first used. Run it at start-up, after {@link MessageStore#recover()}: a process killed between
 * publishing a message and recording its notification then loses nothing, and messages finished
 * by recovery are transcribed and notified too. {@link Builder#catchUpEvery} repeats it.
 * Submitting a message twice is harmless: a message the queue already has is skipped.
 *
 * <p>The pipeline does not own the store or the outbox. {@link #close()} stops accepting work
 * and waits a bounded time for submitted messages; a message submitted after that, or still
 * waiting when the time is up, is put into the queue at once without a transcript (never
 * dropped); if even that fails the next start's catch-up queues it, and a WARN says so.
 */
public final class MessagePipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MessagePipeline.class);

    private final MessageStore store;
    private final NotificationQueue outbox;
    private final Optional<Transcriber> transcriber;
    private final Duration transcriptionTimeout;
    private final Duration drainTimeout;
    private final Path workDirectory;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final Optional<Duration> catchUpEvery;
    private final java.util.concurrent.ScheduledExecutorService catchUpTimer;
    /** Messages submitted and not yet queued, by id. */
    private final java.util.Map<String, VoicemailMessage> waiting = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;

    /** How far before the queue's first use a catch-up scan looks: the longest recording. */
    static final Duration CATCH_UP_MARGIN = Duration.ofHours(1);

    private MessagePipeline(Builder b) {
        this.store = b.store;
        this.outbox = b.outbox;
        this.transcriber = b.transcriber;
        this.transcriptionTimeout = b.transcriptionTimeout;
        this.drainTimeout = b.drainTimeout;
        this.workDirectory = b.workDirectory;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownsExecutor = false;
        } else {
            this.executor = Executors.newSingleThreadExecutor(Threads.numbered("pipeline"));
            this.ownsExecutor = true;
        }
        this.catchUpEvery = b.catchUpEvery;
        if (catchUpEvery.isPresent()) {
            catchUpTimer = Executors.newSingleThreadScheduledExecutor(Threads.numbered("catch-up"));
            long period = catchUpEvery.get().toMillis();
            catchUpTimer.scheduleWithFixedDelay(() -> {
                try {
                    catchUp();
                } catch (RuntimeException e) {
                    LOG.warn("pipeline: catch-up scan failed (tried again in {}): {}", catchUpEvery.get(), e.toString());
                }
            }, period, period, TimeUnit.MILLISECONDS);
        } else {
            catchUpTimer = null;
        }
        if (outbox instanceof JdbcOutbox jdbc) {
            jdbc.preparer(this::prepare);
        }
    }

    /**
     * @param store  where the messages are stored
     * @param outbox where notifications go
     * @return a builder
     */
    public static Builder builder(MessageStore store, NotificationQueue outbox) {
        return new Builder(store, outbox);
    }

    /**
     * Submits every stored message that the queue has no record of (see the class comment):
     * call it at start-up after {@link MessageStore#recover()}.
     *
     * @return the ids submitted, oldest first
     */
    public List<String> catchUp() {
        Instant from = outbox.since().minus(CATCH_UP_MARGIN);
        List<VoicemailMessage> all = store.list();
        List<String> submitted = new java.util.ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) { // list() is newest first
            VoicemailMessage m = all.get(i);
            if (m.startedAt().isBefore(from) || waiting.containsKey(m.id()) || outbox.hasRecord(m.id())) {
                continue;
            }
            submit(m);
            submitted.add(m.id());
        }
        if (!submitted.isEmpty()) {
            LOG.info("pipeline: catch-up queued {} stored message(s) without a notification record: {}",
                    submitted.size(), submitted);
        }
        return submitted;
    }

    /**
     * Queues a stored message for transcription and notification and returns at once.
     *
     * @param stored a message as {@link MessageStore#store} returned it
     * @return completes with the message as notified (with its transcript or transcript error)
     *         once its notifications are in the outbox; completes exceptionally only when they
     *         could not be recorded or the pipeline is closed
     */
    public CompletableFuture<VoicemailMessage> submit(VoicemailMessage stored) {
        if (stored == null) {
            LOG.warn("pipeline: submit(null) ignored");
            return CompletableFuture.failedFuture(new NullPointerException("stored"));
        }
        if (closed) {
            return queueNow(stored, "the pipeline is closed");
        }
        waiting.put(stored.id(), stored);
        try {
            return CompletableFuture.supplyAsync(() -> process(stored), executor);
        } catch (RejectedExecutionException e) {
            return queueNow(stored, "the pipeline is shutting down");
        }
    }

    /** Puts a message into the queue at once, in the calling thread, without transcribing it. */
    private CompletableFuture<VoicemailMessage> queueNow(VoicemailMessage stored, String why) {
        waiting.remove(stored.id());
        try {
            VoicemailMessage current = store.get(stored.id()).orElse(stored);
            outbox.enqueue(current);
            LOG.info("pipeline: {}: message {} queued for notification without transcription", why, stored.id());
            return CompletableFuture.completedFuture(current);
        } catch (RuntimeException e) {
            LOG.warn("pipeline: {} and message {} could not be queued now ({}); it stays stored and the next "
                    + "start's catch-up queues it", why, stored.id(), e.toString());
            return CompletableFuture.failedFuture(e);
        }
    }

    private VoicemailMessage process(VoicemailMessage message) {
        try {
            if (outbox.hasRecord(message.id())) {
                return message; // submitted twice (hand-off and catch-up): already queued
            }
            VoicemailMessage current = outbox.preparesAtDelivery() ? message : prepare(message);
            try {
                outbox.enqueue(current);
            } catch (RuntimeException e) {
                LOG.warn("pipeline: message {}: notifications could not be put into the outbox {}: {}", message.id(),
                        outbox.describe(), e.toString());
                throw new CompletionException(e);
            }
            return current;
        } finally {
            waiting.remove(message.id());
        }
    }

    /**
     * Readies a message for notification: the stored state (a transcript saved meanwhile is
     * used), transcribed when a transcriber is configured and it has neither transcript nor
     * transcript error.
     */
    VoicemailMessage prepare(VoicemailMessage message) {
        VoicemailMessage current = message;
        try {
            current = store.get(message.id()).orElse(message);
        } catch (RuntimeException e) {
            LOG.warn("pipeline: message {}: cannot re-read it from the store (using what was handed over): {}",
                    message.id(), e.toString());
        }
        if (transcriber.isPresent() && current.transcript().isEmpty() && current.transcriptError().isEmpty()) {
            current = transcribe(current);
        }
        return current;
    }

    private VoicemailMessage transcribe(VoicemailMessage message) {
        String id = message.id();
        String text = "";
        Optional<String> error = Optional.empty();
        try {
            text = withAudio(message, wav -> transcriber.get().transcribe(wav, transcriptionTimeout));
        } catch (io.github.modemvoice.OperationInterruptedException e) {
            // close() ran out of time; the flag is cleared so that the transcript error and the
            // notification can still be written (an interrupted FileChannel write would fail)
            Thread.interrupted();
            error = Optional.of("transcription interrupted (shutdown)");
        } catch (RuntimeException e) {
            error = Optional.of(e instanceof ModemVoiceException ? e.getMessage() : e.toString());
        }
        error.ifPresent(err -> LOG.warn("pipeline: message {}: transcription failed: {}", id, err));
        VoicemailMessage updated = message.withTranscript(text, error);
        try {
            updated = store.updateTranscript(id, text, error);
        } catch (RuntimeException e) {
            LOG.warn("pipeline: message {}: transcript could not be saved in the store (notifying anyway): {}", id, e.toString());
        }
        return updated;
    }

    private interface AudioUser {
        String use(Path wav);
    }

    /** Uses the stored file when the store keeps files, else a private temporary copy. */
    private String withAudio(VoicemailMessage message, AudioUser user) {
        Optional<Path> file = message.audioPath().filter(Files::isRegularFile);
        if (file.isPresent()) {
            return user.use(file.get());
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(workDirectory, "transcribe-" + message.id() + "-", ".wav", AtomicFiles.privateFile());
            try (InputStream in = store.openAudio(message.id());
                 OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            }
            return user.use(tmp);
        } catch (IOException e) {
            throw new TranscriptionException("cannot copy the audio of message " + message.id() + " for transcription: " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    LOG.warn("pipeline: cannot delete {}: {}", tmp, e.toString());
                }
            }
        }
    }

    /**
     * Stops accepting messages and waits up to the drain timeout (60 s unless set) for those
     * submitted; a transcription still running then is interrupted (the message is notified
     * with the transcript error "transcription interrupted"), and messages still waiting are
     * put into the queue without a transcript. An executor given to the builder is left
     * running (its waiting messages are queued the same way). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (catchUpTimer != null) {
            catchUpTimer.shutdownNow();
        }
        if (ownsExecutor) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(drainTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    executor.shutdownNow();
                    LOG.warn("pipeline: still busy after {}; interrupted the running message, queueing {} waiting "
                            + "message(s) without transcription", drainTimeout, waiting.size());
                    executor.awaitTermination(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        for (VoicemailMessage m : List.copyOf(waiting.values())) {
            queueNow(m, "the pipeline closed before it got to it");
        }
    }

    /** Builds a {@link MessagePipeline}. */
    public static final class Builder {
        private final MessageStore store;
        private final NotificationQueue outbox;
        private Optional<Duration> catchUpEvery = Optional.empty();
        private Optional<Transcriber> transcriber = Optional.empty();
        private Duration transcriptionTimeout = Duration.ofMinutes(5);
        private Duration drainTimeout = Duration.ofSeconds(60);
        private Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        private ExecutorService executor;

        private Builder(MessageStore store, NotificationQueue outbox) {
            this.store = Objects.requireNonNull(store, "store");
            this.outbox = Objects.requireNonNull(outbox, "outbox");
        }

        /**
         * @param transcriber the speech-to-text engine; without one messages are notified untranscribed
         * @return this builder
         */
        public Builder transcriber(Transcriber transcriber) {
            this.transcriber = Optional.of(Objects.requireNonNull(transcriber, "transcriber"));
            return this;
        }

        /**
         * @param interval run {@link MessagePipeline#catchUp()} this often in the background
         *                 (off unless set; the first run is one interval after the build)
         * @return this builder
         */
        public Builder catchUpEvery(Duration interval) {
            this.catchUpEvery = Optional.of(positive("catchUpEvery", interval));
            return this;
        }

        /**
         * @param timeout how long one transcription may take, 5 min unless set
         * @return this builder
         */
        public Builder transcriptionTimeout(Duration timeout) {
            this.transcriptionTimeout = positive("transcriptionTimeout", timeout);
            return this;
        }

        /**
         * @param timeout how long {@link MessagePipeline#close()} waits for submitted messages, 60 s unless set
         * @return this builder
         */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = positive("drainTimeout", timeout);
            return this;
        }

        /**
         * @param directory where private temporary copies of audio go for stores without files
         *                  (the system temporary directory unless set)
         * @return this builder
         */
        public Builder workDirectory(Path directory) {
            this.workDirectory = Objects.requireNonNull(directory, "workDirectory");
            return this;
        }

        /**
         * @param executor runs the work instead of the pipeline's own single daemon thread; the
         *                 pipeline does not shut it down
         * @return this builder
         */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** @return the pipeline */
        public MessagePipeline build() {
            if (!Files.isDirectory(workDirectory)) {
                throw new IllegalArgumentException("workDirectory: not a directory: " + workDirectory);
            }
            return new MessagePipeline(this);
        }

        private static Duration positive(String field, Duration d) {
            Objects.requireNonNull(d, field);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + ": must be positive, was " + d);
            }
            return d;
        }
    }
}
