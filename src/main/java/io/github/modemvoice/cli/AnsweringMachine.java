package io.github.modemvoice.cli;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.pipeline.MessagePipeline;
import io.github.modemvoice.pipeline.Outbox;
import io.github.modemvoice.pipeline.WebhookNotifier;
import io.github.modemvoice.routing.AfterHoursCallHandler;
import io.github.modemvoice.routing.BusinessHours;
import io.github.modemvoice.routing.CallFlowEvent;
import io.github.modemvoice.routing.CallFlowState;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
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

/** The answering machine both {@code demo} and {@code answer} run: box, handler, optional webhook. */
final class AnsweringMachine implements AutoCloseable {

    /** What the CLI was told. */
    record Settings(Path dir, Prompt greeting, Optional<Prompt> goodbye, Duration maxDuration, Duration minDuration,
                    Duration silence, String finishKeys, BusinessHours hours, Optional<URI> webhook,
                    Optional<String> webhookSecret) {
    }

    final DirectoryMessageStore store;
    final VoicemailBox box;
    final AfterHoursCallHandler handler;
    final Outbox outbox;
    final MessagePipeline pipeline;
    /** Completes with the flow's final event of the first call. */
    final CompletableFuture<CallFlowEvent> firstCallDone = new CompletableFuture<>();

    AnsweringMachine(Settings s, Output out) {
        store = new DirectoryMessageStore(s.dir());
        List<VoicemailMessage> recovered = store.recover();
        for (VoicemailMessage m : recovered) {
            out.step("recovered an interrupted recording as message " + m.id());
        }
        VoicemailBox.Builder b = VoicemailBox.builder().store(store).greeting(s.greeting())
                .maxDuration(s.maxDuration()).minDuration(s.minDuration()).silenceTimeout(s.silence())
                .finishKeys(s.finishKeys())
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
        box = b.build();
        if (s.webhook().isPresent()) {
            byte[] secret = WebhookNotifier.secretOf(s.webhookSecret().orElseThrow(() ->
                    new IllegalArgumentException("--webhook-secret is required with --webhook (deliveries are signed)")));
            outbox = Outbox.builder(s.dir().resolve("outbox"))
                    .notifier(WebhookNotifier.builder(s.webhook().get(), secret).build())
                    .build();
            outbox.start();
            pipeline = MessagePipeline.builder(store, outbox).build();
        } else {
            outbox = null;
            pipeline = null;
        }
        if (pipeline != null) {
            // recovered messages were never announced: send them through the pipeline too
            // (the outbox delivers each message once, whatever was already queued)
            for (VoicemailMessage m : recovered) {
                pipeline.submit(m);
            }
        }
        handler = AfterHoursCallHandler.builder()
                .businessHours(s.hours())
                .voicemail(box)
                .onMessage(m -> {
                    if (pipeline != null) {
                        pipeline.submit(m);
                    }
                })
                .listener(e -> {
                    if (e.state() == CallFlowState.PENDING) {
                        out.step("incoming call from " + e.callerRedacted());
                    } else if (e.state() == CallFlowState.ANSWERED) {
                        out.step("answered: " + e.detail());
                    } else if (e.state() == CallFlowState.CONNECTED) {
                        out.step(e.detail());
                    } else if (e.state() == CallFlowState.DISCONNECTED) {
                        out.step("call ended: " + e.detail());
                        firstCallDone.complete(e);
                    }
                })
                .build();
        if (!Files.isDirectory(s.dir())) {
            out.step("messages will be stored in " + s.dir().toAbsolutePath());
        }
    }

    static String describe(NoMessageReason reason) {
        return reason == NoMessageReason.TOO_SHORT
                ? "the recording was shorter than the minimum" : "the caller hung up before the beep";
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

    /**
     * Waits, bounded, for notifications to go out; anything undelivered stays in the outbox.
     *
     * @param out   progress
     * @param limit the longest wait
     */
    void awaitNotifications(Output out, Duration limit) {
        if (pipeline == null) {
            return;
        }
        pipeline.close();
        if (outbox.awaitIdle(limit)) {
            out.step("notifications delivered");
        } else {
            out.step(outbox.pending().size() + " notification(s) not delivered yet; they stay in "
                    + outbox.directory() + " for the next run");
        }
    }

    @Override
    public void close() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (outbox != null) {
            outbox.close();
        }
        store.close();
    }
}
