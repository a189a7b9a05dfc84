package io.github.modemvoice.pipeline;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 1 of the durability work: a stored message is never left without its notification
 * intent. The pipeline's catch-up finds what a kill or a closed pipeline left, submitting twice
 * transcribes and notifies once, and closing never drops a handed-over message.
 */
class MessagePipelineDurabilityTest {
    static final Instant T0 = Instant.parse("2026-11-21T22:15:03Z");

    @TempDir
    Path tmp;
    final MutableClock clock = new MutableClock(T0);
    DirectoryMessageStore store;
    final OutboxTest.Scripted notifier = new OutboxTest.Scripted("webhook");

    @BeforeEach
    void open() {
        store = new DirectoryMessageStore(tmp.resolve("vm"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    Outbox outbox() {
        return Outbox.builder(tmp.resolve("vm/outbox")).clock(clock).jitter(0).notifier(notifier).build();
    }

    static VoicemailMessage store(MessageStore store, Instant start) {
        String id = MessageIds.newId(start);
        Path file = store.recordingFile(id);
        WavWriter.writeAll(file, Prompt.tone(440, Duration.ofMillis(300), 0.3));
        CallerPrivacy privacy = CallerPrivacy.full();
        VoicemailMessage m = VoicemailMessage.builder().id(id).callId("call-1")
                .caller(privacy.apply(Optional.of(Messages.NUMBER))).callerRedacted("+***4567")
                .callerPolicy(privacy.policy()).startedAt(start).endedAt(start.plusMillis(300)).durationSeconds(0.3)
                .sizeBytes(PipelineEndToEndTest.fileSize(file)).terminationReason(TerminationReason.SILENCE).build();
        return store.store(m, file);
    }

    @Test
    void catchUpQueuesEveryStoredMessageWithoutARecordOnceOnly() throws Exception {
        Outbox first = outbox(); // the outbox exists (as a daemon with a webhook had made it) ...
        first.close();
        VoicemailMessage a = store(store, T0.plusSeconds(10)); // ... then a process stored these and was killed
        VoicemailMessage b = store(store, T0.plusSeconds(20));
        try (Outbox outbox = outbox(); MessagePipeline pipeline = MessagePipeline.builder(store, outbox).build()) {
            assertThat(outbox.hasRecord(a.id())).isFalse();
            assertThat(pipeline.catchUp()).containsExactly(a.id(), b.id());
            pipeline.submit(b).get(5, TimeUnit.SECONDS); // single worker: a and b are in the outbox now
            assertThat(outbox.hasRecord(a.id())).isTrue();
            assertThat(outbox.hasRecord(b.id())).isTrue();
            assertThat(pipeline.catchUp()).isEmpty();
            assertThat(outbox.runDueNow()).isEqualTo(2);
            assertThat(pipeline.catchUp()).as("delivered ones have a record too").isEmpty();
            assertThat(outbox.status(a.id())).extracting(DeliveryStatus::state).containsExactly(DeliveryStatus.State.DELIVERED);
        }
        assertThat(notifier.seen).extracting(Notification::messageId).containsExactly(a.id(), b.id());
    }

    @Test
    void catchUpDoesNotReplayAMailboxFromBeforeNotificationsWereConfigured() throws Exception {
        VoicemailMessage old = store(store, T0.minus(Duration.ofHours(3)));
        VoicemailMessage recent = store(store, T0.minus(Duration.ofMinutes(30))); // e.g. finished by recover()
        try (Outbox outbox = outbox(); MessagePipeline pipeline = MessagePipeline.builder(store, outbox).build()) {
            assertThat(outbox.since()).isEqualTo(T0);
            assertThat(pipeline.catchUp()).containsExactly(recent.id());
            clock.advance(Duration.ofDays(2));
        }
        try (Outbox outbox = outbox()) {
            assertThat(outbox.since()).as("kept in .created across restarts").isEqualTo(T0);
            assertThat(outbox.hasRecord(old.id())).isFalse();
        }
    }

    @Test
    void aMessageSubmittedTwiceIsTranscribedAndNotifiedOnce() throws Exception {
        AtomicInteger transcriptions = new AtomicInteger();
        Transcriber counting = (wav, timeout) -> {
            transcriptions.incrementAndGet();
            return "hello";
        };
        VoicemailMessage m = store(store, T0);
        try (Outbox outbox = outbox();
             MessagePipeline pipeline = MessagePipeline.builder(store, outbox).transcriber(counting).workDirectory(tmp).build()) {
            CompletableFuture<VoicemailMessage> first = pipeline.submit(m);
            CompletableFuture<VoicemailMessage> second = pipeline.submit(m); // the hand-off and a catch-up
            assertThat(first.get(5, TimeUnit.SECONDS).transcript()).isEqualTo("hello");
            second.get(5, TimeUnit.SECONDS);
            assertThat(pipeline.catchUp()).isEmpty();
            assertThat(outbox.runDueNow()).isEqualTo(1);
        }
        assertThat(transcriptions).hasValue(1);
        assertThat(notifier.seen).hasSize(1);
        assertThat(notifier.seen.get(0).transcript()).isEqualTo("hello");
    }

    @Test
    void closingQueuesWaitingMessagesInsteadOfDroppingThem() throws Exception {
        CountDownLatch inTranscription = new CountDownLatch(1);
        Transcriber stuck = (wav, timeout) -> {
            inTranscription.countDown();
            try {
                Thread.sleep(60_000); // interrupted by close() after the drain timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.github.modemvoice.OperationInterruptedException("transcription", e);
            }
            return "never";
        };
        VoicemailMessage a = store(store, T0);
        VoicemailMessage b = store(store, T0.plusSeconds(1));
        try (Outbox outbox = outbox()) {
            MessagePipeline pipeline = MessagePipeline.builder(store, outbox).transcriber(stuck).workDirectory(tmp)
                    .drainTimeout(Duration.ofMillis(200)).build();
            pipeline.submit(a);
            pipeline.submit(b);
            assertThat(inTranscription.await(5, TimeUnit.SECONDS)).isTrue();
            pipeline.close();
            assertThat(outbox.hasRecord(a.id())).as("the interrupted one").isTrue();
            assertThat(outbox.hasRecord(b.id())).as("the waiting one").isTrue();
            assertThat(outbox.runDueNow()).isEqualTo(2);
        }
        assertThat(notifier.seen).extracting(Notification::messageId).containsExactlyInAnyOrder(a.id(), b.id());
        Notification na = notifier.seen.stream().filter(n -> n.messageId().equals(a.id())).findFirst().orElseThrow();
        assertThat(na.transcriptError()).contains("transcription interrupted (shutdown)");
    }

    @Test
    void aMessageThatCannotBeQueuedAfterCloseIsFoundByTheNextStart() throws Exception {
        VoicemailMessage m;
        try (Outbox outbox = outbox()) {
            MessagePipeline pipeline = MessagePipeline.builder(store, outbox).build();
            pipeline.close();
            outbox.close();
            m = store(store, T0.plusSeconds(5));
            assertThat(pipeline.submit(m)).as("not silently: the future fails and a WARN says so").isCompletedExceptionally();
        }
        try (Outbox outbox = outbox(); MessagePipeline pipeline = MessagePipeline.builder(store, outbox).build()) {
            assertThat(pipeline.catchUp()).containsExactly(m.id());
        }
    }

    @Test
    void statusSaysDeliveredQueuedOrFailedWithTheHttpStatus() throws Exception {
        try (Receiver receiver = new Receiver()) {
            OutboxTest.Scripted ok = new OutboxTest.Scripted("ok");
            WebhookNotifier moved = WebhookNotifier.builder(receiver.url("/moved"), PipelineEndToEndTest.SECRET).name("moved").build();
            VoicemailMessage m = store(store, T0);
            try (Outbox outbox = Outbox.builder(tmp.resolve("vm/outbox")).clock(clock).jitter(0).notifier(ok).notifier(moved).build()) {
                receiver.status = 302;
                receiver.location = "https://elsewhere.example/hook?token=abc";
                outbox.enqueue(m);
                outbox.runDueNow();
                List<DeliveryStatus> st = outbox.status(m.id());
                assertThat(st).extracting(DeliveryStatus::notifier).containsExactly("moved", "ok");
                assertThat(st.get(0).state()).isEqualTo(DeliveryStatus.State.FAILED);
                assertThat(st.get(0).httpStatus()).hasValue(302);
                assertThat(st.get(0).describe()).contains("failed for good (HTTP 302)", "redirect to https://elsewhere.example/hook",
                        "not followed").doesNotContain("token");
                assertThat(receiver.requests).as("the redirect is not followed").hasSize(1);
                assertThat(st.get(1).state()).isEqualTo(DeliveryStatus.State.DELIVERED);
                assertThat(Files.exists(Path.of(st.get(0).where()))).isTrue();
            }
            VoicemailMessage n = store(store, T0.plusSeconds(1));
            try (Outbox outbox = Outbox.builder(tmp.resolve("vm/outbox")).clock(clock).jitter(0).notifier(moved).build()) {
                receiver.status = 503;
                outbox.enqueue(n);
                outbox.runDueNow();
                DeliveryStatus st = outbox.status(n.id()).get(0);
                assertThat(st.state()).isEqualTo(DeliveryStatus.State.PENDING);
                assertThat(st.httpStatus()).hasValue(503);
                assertThat(st.describe()).contains("queued for retry", tmp.resolve("vm/outbox").toString());
            }
        }
    }
}
