package io.github.modemvoice.cli;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.internal.Deadline;
import io.github.modemvoice.pipeline.DeliveryStatus;
import io.github.modemvoice.pipeline.JdbcMessageStore;
import io.github.modemvoice.pipeline.JdbcOutbox;
import io.github.modemvoice.pipeline.MessagePipeline;
import io.github.modemvoice.pipeline.NotificationQueue;
import io.github.modemvoice.pipeline.TranscriptOnlyQueue;
import io.github.modemvoice.pipeline.Notifier;
import io.github.modemvoice.pipeline.Outbox;
import io.github.modemvoice.pipeline.WebhookNotifier;
import io.github.modemvoice.routing.AfterHoursCallHandler;
import io.github.modemvoice.routing.BusinessHours;
import io.github.modemvoice.routing.CallFlowEvent;
import io.github.modemvoice.routing.CallFlowState;
import io.github.modemvoice.routing.CallOutcome;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.NoMessageReason;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailException;
import io.github.modemvoice.voicemail.VoicemailListener;
import io.github.modemvoice.voicemail.VoicemailMessage;
import io.github.modemvoice.voicemail.VoicemailOutcome;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** The answering machine both {@code demo} and {@code answer} run: box, handler, optional webhook. */
final class AnsweringMachine implements AutoCloseable {

    /** What the CLI was told. */
    record Settings(Path dir, Prompt greeting, Optional<Prompt> goodbye, Duration maxDuration, Duration minDuration,
                    Duration silence, String finishKeys, BusinessHours hours, Optional<URI> webhook,
                    Optional<String> webhookSecret, MachineExtras extras) {
        /** Without extras: a directory store, no transcription, no channel but the webhook. */
        Settings(Path dir, Prompt greeting, Optional<Prompt> goodbye, Duration maxDuration, Duration minDuration,
                 Duration silence, String finishKeys, BusinessHours hours, Optional<URI> webhook,
                 Optional<String> webhookSecret) {
            this(dir, greeting, goodbye, maxDuration, minDuration, silence, finishKeys, hours, webhook, webhookSecret,
                    MachineExtras.NONE);
        }
    }

    final MessageStore store;
    final VoicemailBox box;
    final AfterHoursCallHandler handler;
    final NotificationQueue outbox;
    final MessagePipeline pipeline;
    /** Completes with the flow's final event of the first call. */
    final CompletableFuture<CallFlowEvent> firstCallDone = new CompletableFuture<>();
    /** The last message the box stored (also one saved from a failed call). */
    final AtomicReference<VoicemailMessage> lastSaved = new AtomicReference<>();
    /** Told of every call's end (the daemon's status file counts them). */
    final List<java.util.function.Consumer<CallFlowEvent>> callEnded = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Duration transcribeTimeout;
    private final boolean transcribing;
    /** How often a running machine looks for stored messages without a notification record. */
    static final Duration CATCH_UP_EVERY = Duration.ofMinutes(5);
    /** False for a line sharing another's mailbox: that one closes it. */
    private final boolean ownsMailbox;

    /** @return false for a line that answers into another line's mailbox (which closes it) */
    boolean ownsMailbox() {
        return ownsMailbox;
    }

    AnsweringMachine(Settings s, Output out) {
        this(s, out, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * @param storeWrapper    wraps the message directory's store (the kill-point harness uses it)
     * @param notifierWrapper wraps every notifier (likewise)
     */
    AnsweringMachine(Settings s, Output out, UnaryOperator<MessageStore> storeWrapper, UnaryOperator<Notifier> notifierWrapper) {
        this(s, out, Mailbox.open(s, out, storeWrapper, notifierWrapper), true, Optional.empty(), Builders.NONE);
    }

    /**
     * What options add to the builders beyond {@link Settings}.
     *
     * @param box     adds to the voicemail box's builder (e.g. the space kept free)
     * @param handler adds to the call handler's builder (e.g. the caller screen)
     */
    record Builders(UnaryOperator<VoicemailBox.Builder> box, UnaryOperator<AfterHoursCallHandler.Builder> handler) {
        /** Nothing added. */
        static final Builders NONE = new Builders(UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** @param more what options add to the box's and the call handler's builders */
    AnsweringMachine(Settings s, Output out, Builders more) {
        this(s, out, Mailbox.open(s, out, UnaryOperator.identity(), UnaryOperator.identity()), true, Optional.empty(), more);
    }

    /**
     * One line of several: its own box and handler (greeting, hours, the line's name in every
     * message) over a mailbox of its own.
     *
     * @param s    the line's settings
     * @param out  its progress
     * @param line its name
     * @param more what options add to the box's and the call handler's builders
     * @return the machine, which closes the mailbox when closed
     */
    static AnsweringMachine forLine(Settings s, Output out, String line, Builders more) {
        return new AnsweringMachine(s, out, Mailbox.open(s, out, UnaryOperator.identity(), UnaryOperator.identity()), true,
                Optional.of(line), more);
    }

    /**
     * Another line answering into this machine's mailbox (same directory: one store, one outbox),
     * with its own box and handler. Close it before this one.
     *
     * @param s    the line's settings (its directory, store and channels are this machine's)
     * @param out  its progress
     * @param line its name
     * @param more what options add to the box's and the call handler's builders
     * @return the machine, which leaves the mailbox open when closed
     */
    AnsweringMachine sharingMailbox(Settings s, Output out, String line, Builders more) {
        return new AnsweringMachine(s, out, new Mailbox(store, outbox, pipeline, transcribeTimeout, transcribing), false,
                Optional.of(line), more);
    }

    /**
     * The store and the notification queue of one message directory (or database), with the
     * pipeline that transcribes and notifies.
     */
    private record Mailbox(MessageStore store, NotificationQueue outbox, MessagePipeline pipeline,
                           Duration transcribeTimeout, boolean transcribing) {
        static Mailbox open(Settings s, Output out, UnaryOperator<MessageStore> storeWrapper,
                            UnaryOperator<Notifier> notifierWrapper) {
            MessageStore store = storeWrapper.apply(s.extras().store().apply(s.dir()));
            Duration transcribeTimeout = s.extras().transcribeTimeout();
            boolean transcribing = s.extras().transcriber().isPresent();
            List<VoicemailMessage> recovered = store.recover();
            for (VoicemailMessage m : recovered) {
                out.step("recovered an interrupted recording as message " + m.id());
            }
            List<Notifier> notifiers = new java.util.ArrayList<>();
            if (s.webhook().isPresent()) {
                notifiers.add(WebhookNotifier.builder(s.webhook().get(), WebhookNotifier.secretOf(s.webhookSecret().orElseThrow(() ->
                        new IllegalArgumentException("--webhook needs a secret (deliveries are signed)")))).build());
            }
            notifiers.addAll(s.extras().channels().apply(store));
            notifiers.replaceAll(notifierWrapper);
            if (notifiers.isEmpty() && !transcribing) {
                return new Mailbox(store, null, null, transcribeTimeout, false);
            }
            // every channel goes through a durable queue: the database's own with a JDBC store
            NotificationQueue outbox = notifiers.isEmpty() ? new TranscriptOnlyQueue(store, java.time.Instant.now())
                    : store instanceof JdbcMessageStore jdbc ? jdbcOutbox(jdbc, notifiers)
                    : openOutbox(s.dir(), notifiers);
            if (outbox instanceof Outbox file) {
                file.start();
            } else if (outbox instanceof JdbcOutbox rows) {
                rows.start();
            }
            MessagePipeline.Builder pb = MessagePipeline.builder(store, outbox).catchUpEvery(CATCH_UP_EVERY)
                    .drainTimeout(Duration.ofSeconds(20)).transcriptionTimeout(transcribeTimeout);
            s.extras().transcriber().ifPresent(pb::transcriber);
            if (Files.isDirectory(s.dir())) {
                pb.workDirectory(s.dir()); // a database's audio is copied here to be transcribed, not to /tmp
            }
            MessagePipeline pipeline = pb.build();
            // recovered messages, and any a kill left stored but not queued, go out now
            List<String> queued = pipeline.catchUp();
            if (!queued.isEmpty()) {
                out.step("queued " + queued.size() + " stored message(s) for " + (notifiers.isEmpty() ? "transcription" : "notification")
                        + " that had none yet");
            }
            return new Mailbox(store, outbox, pipeline, transcribeTimeout, transcribing);
        }
    }

    private AnsweringMachine(Settings s, Output out, Mailbox mailbox, boolean ownsMailbox, Optional<String> line,
                             Builders more) {
        store = mailbox.store();
        outbox = mailbox.outbox();
        pipeline = mailbox.pipeline();
        transcribeTimeout = mailbox.transcribeTimeout();
        transcribing = mailbox.transcribing();
        this.ownsMailbox = ownsMailbox;
        VoicemailBox.Builder b = VoicemailBox.builder().store(store).greeting(s.greeting()).callerPrivacy(s.extras().privacy())
                .maxDuration(s.maxDuration()).minDuration(s.minDuration()).silenceTimeout(s.silence())
                .finishKeys(s.finishKeys()).skipKey(s.extras().skipKey())
                .listener(new VoicemailListener() {
                    @Override
                    public void greetingStarted(String callId) {
                        out.step("playing the greeting");
                    }

                    @Override
                    public void greetingSkipped(String callId, char key) {
                        out.step("caller pressed " + key + " during the greeting: skipping to the beep");
                    }

                    @Override
                    public void recordingStarted(String callId, String messageId) {
                        out.step("beep; recording message " + messageId);
                    }

                    @Override
                    public void recordingProgress(String callId, Duration recorded) {
                        out.elapsed(recorded);
                    }

                    @Override
                    public void recordingEnded(String callId, Recording r) {
                        out.step("recording ended: " + describe(r) + String.format(java.util.Locale.ROOT, " (%.1f s kept)",
                                r.duration().toMillis() / 1000.0));
                    }

                    @Override
                    public void messageSaved(VoicemailMessage m) {
                        // handed to the pipeline here, in the call's thread, before the call flow
                        // ends: a command waiting for the call finds it submitted
                        lastSaved.set(m);
                        if (pipeline != null) {
                            pipeline.submit(m);
                        }
                        out.step("message saved: " + m.audioPath().map(Path::toString).orElse(m.id()));
                    }

                    @Override
                    public void noMessage(String callId, NoMessageReason reason) {
                        out.step("no message: " + describe(reason));
                    }

                    @Override
                    public void failed(String callId, VoicemailException failure) {
                        out.step("voicemail failed: " + failure.getMessage());
                    }
                });
        s.goodbye().ifPresent(b::goodbye);
        line.ifPresent(b::line);
        box = more.box().apply(b).build();
        handler = more.handler().apply(AfterHoursCallHandler.builder())
                .businessHours(s.hours())
                .openHours(s.extras().openHours())
                .deflectTo(s.extras().deflectTo().orElse(null))
                .voicemail(box)
                .listener(e -> {
                    if (e.state() == CallFlowState.PENDING) {
                        out.step("incoming call from " + e.callerRedacted());
                    } else if (e.state() == CallFlowState.ANSWERED) {
                        out.step("answered: " + e.detail());
                    } else if (e.state() == CallFlowState.CONNECTED) {
                        out.step(e.detail());
                    } else if (e.state() == CallFlowState.DISCONNECTED) {
                        out.step("call ended: " + summary(e));
                        firstCallDone.complete(e);
                        callEnded.forEach(l -> l.accept(e));
                    }
                })
                .build();
        if (!Files.isDirectory(s.dir())) {
            out.step("messages will be stored in " + s.dir().toAbsolutePath());
        }
    }

    /** @return the call's end in words: why no message was kept, not an enum constant */
    static String summary(CallFlowEvent e) {
        return outcome(e).flatMap(VoicemailOutcome::noMessageReason)
                .map(r -> "no message: " + describe(r))
                .orElse(e.detail());
    }

    static String describe(NoMessageReason reason) {
        switch (reason) {
            case TOO_SHORT:
                return "the recording was shorter than the minimum";
            case CALLER_HUNG_UP_BEFORE_ANSWER:
                return "the caller hung up before the call was answered";
            default:
                return "the caller hung up before the beep";
        }
    }

    static String describe(Recording r) {
        switch (r.reason()) {
            case FINISH_KEY:
                return "the caller pressed " + r.finishKey().map(String::valueOf).orElse("a finish key");
            case SILENCE:
                return "the caller stopped speaking";
            case MAX_DURATION:
                return "the length limit was reached";
            case CALLER_HANGUP:
                return "the caller hung up";
            case TRANSPORT_LOST:
                return "the modem was lost";
            case STORAGE_FULL:
                return "the disk is full";
            case STORAGE_ERROR:
                return "writing the recording failed";
            default:
                return "interrupted";
        }
    }

    /** @return the outcome of the first call, once it ended */
    static Optional<VoicemailOutcome> outcome(CallFlowEvent e) {
        return e.outcome();
    }

    /** The outbox beside the messages, {@code <dir>/outbox}, delivering to every notifier. */
    static Outbox openOutbox(Path dir, List<Notifier> notifiers) {
        Outbox.Builder b = Outbox.builder(Outbox.besideMessages(dir));
        notifiers.forEach(b::notifier);
        return b.build();
    }

    private static JdbcOutbox jdbcOutbox(JdbcMessageStore store, List<Notifier> notifiers) {
        JdbcOutbox.Builder b = JdbcOutbox.builder(store);
        notifiers.forEach(b::notifier);
        return b.build();
    }

    /**
     * Waits, bounded by the transcription timeout, until the message is transcribed (or its
     * transcription failed), for {@code answer --once}.
     *
     * @param m   a stored message
     * @param out where a failed transcription is said
     * @return the message as now stored
     */
    VoicemailMessage awaitTranscript(VoicemailMessage m, Output out) {
        if (!transcribing) {
            return m;
        }
        Deadline deadline = Deadline.after(transcribeTimeout.plusSeconds(5));
        try {
            pipeline.submit(m).get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // said below from what the store holds
        }
        VoicemailMessage now = store.get(m.id()).orElse(m);
        while (outbox.preparesAtDelivery() && now.transcript().isEmpty() && now.transcriptError().isEmpty()
                && !deadline.expired() && !outbox.awaitSettled(m.id(), Duration.ofMillis(200))) {
            now = store.get(m.id()).orElse(now); // the database's outbox transcribes when it delivers
        }
        now = store.get(m.id()).orElse(now);
        if (now.transcriptError().isPresent()) {
            out.step("transcription failed: " + now.transcriptError().get());
        }
        return now;
    }

    /**
     * Waits, bounded, for a message's notifications and says per channel how they went:
     * delivered, queued for retry (where), failed for good (with the HTTP status).
     *
     * @param m     a stored message
     * @param out   progress
     * @param limit the longest wait
     * @return true when every notification was delivered (or none is configured)
     */
    boolean reportNotifications(VoicemailMessage m, Output out, Duration limit) {
        if (pipeline == null) {
            return true;
        }
        return report(pipeline, outbox, m.id(), m, out, limit);
    }

    /** Submits (idempotent), waits for the queue to settle, prints one line per channel. */
    static boolean report(MessagePipeline pipeline, NotificationQueue outbox, String id, VoicemailMessage m, Output out, Duration limit) {
        Deadline deadline = Deadline.after(limit);
        try {
            pipeline.submit(m).get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // reported below from the outbox's own records
        }
        outbox.awaitSettled(id, deadline.remaining());
        boolean all = true;
        for (DeliveryStatus st : outbox.status(id)) {
            out.step("notification " + st.describe());
            all &= st.state() == DeliveryStatus.State.DELIVERED;
        }
        return all;
    }

    @Override
    public void close() {
        if (!ownsMailbox) {
            return;
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (outbox != null) {
            outbox.close();
        }
        store.close();
    }
}
