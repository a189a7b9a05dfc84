package io.github.modemvoice.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message stored in a SQLite mailbox goes through a stand-in speech engine (a bash script),
 * its transcript lands in the store, and a signed webhook reaches a local HTTP server: also
 * when the server is down for a while and the outbox is restarted in between, and never twice.
 * The outbox runs on a test clock, driven by {@link Outbox#runDueNow()}.
 */
class PipelineEndToEndTest {
    static final byte[] SECRET = "end-to-end-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    static final Instant CALL = Instant.parse("2026-11-21T22:15:03Z");

    @TempDir
    Path tmp;
    final MutableClock clock = new MutableClock(CALL.plusSeconds(60));
    final ObjectMapper json = new ObjectMapper();
    Receiver receiver;
    MessageStore store;
    Path engine;

    @BeforeEach
    void setUp() throws Exception {
        receiver = new Receiver();
        store = JdbcMessageStore.builder(JdbcMessageStoreSqliteTest.sqlite(tmp.resolve("mailbox.db")))
                .spoolDirectory(tmp.resolve("spool")).build();
        engine = TestFiles.script(tmp, "fake-whisper.sh", """
                [ -s "$2" ] || { echo "no audio: $2" >&2; exit 4; }
                echo " Hi, this is Anna from Example Corp, please call me back about invoice 42. "
                """);
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        store.close();
    }

    Outbox outbox() {
        return Outbox.builder(tmp.resolve("outbox")).clock(clock).jitter(0)
                .notifier(WebhookNotifier.builder(receiver.url("/voicemail"), SECRET).clock(clock).build())
                .build();
    }

    MessagePipeline pipeline(Outbox outbox, Transcriber transcriber) {
        return MessagePipeline.builder(store, outbox).transcriber(transcriber)
                .transcriptionTimeout(Duration.ofSeconds(20)).workDirectory(tmp).build();
    }

    /** What the voicemail box does: record into the store's file, then store. */
    VoicemailMessage leaveMessage() {
        String id = MessageIds.newId(CALL);
        Path file = store.recordingFile(id);
        WavWriter.writeAll(file, Prompt.tone(440, Duration.ofSeconds(2), 0.3));
        CallerPrivacy privacy = CallerPrivacy.full();
        VoicemailMessage m = VoicemailMessage.builder().id(id).callId("call-7")
                .caller(privacy.apply(Optional.of("+4915112344567"))).callerRedacted("+***4567")
                .callerPolicy(privacy.policy()).startedAt(CALL).endedAt(CALL.plusSeconds(2)).durationSeconds(2.0)
                .sizeBytes(fileSize(file)).terminationReason(TerminationReason.SILENCE).build();
        return store.store(m, file);
    }

    static long fileSize(Path f) {
        try {
            return Files.size(f);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    void assertValidWebhook(Receiver.Request r, VoicemailMessage m) throws Exception {
        assertThat(WebhookNotifier.verifySignature(SECRET, r.body(), r.header(WebhookNotifier.SIGNATURE_HEADER))).isTrue();
        assertThat(r.header(WebhookNotifier.IDEMPOTENCY_HEADER)).isEqualTo(m.id());
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("message_id").asText()).isEqualTo(m.id());
        assertThat(body.get("transcript").asText()).isEqualTo("Hi, this is Anna from Example Corp, please call me back about invoice 42.");
        assertThat(body.get("caller").asText()).isEqualTo("+4915112344567");
    }

    @Test
    void scriptedAfterHoursCallEndsAsATranscribedSignedWebhook() throws Exception {
        java.util.concurrent.CompletableFuture<VoicemailMessage> notified = new java.util.concurrent.CompletableFuture<>();
        try (Outbox outbox = outbox();
             MessagePipeline pipeline = pipeline(outbox, CommandTranscriber.of(engine.toString(), "-f", "{wav}"));
             io.github.modemvoice.testing.SimulatedModem sim = io.github.modemvoice.testing.SimulatedModem
                     .builder(io.github.modemvoice.dialect.ModemModel.SIMCOM_SIM7600)
                     .monotonicClock(new io.github.modemvoice.audio.VirtualMonotonicClock()).onMockTransports()) {
            io.github.modemvoice.voicemail.VoicemailBox box = io.github.modemvoice.voicemail.VoicemailBox.builder()
                    .store(store).greeting(Prompt.tone(600, Duration.ofMillis(500), 0.4)).build();
            // Saturday 23:15 in Berlin: the office (weekdays 09:00-17:00) is closed
            io.github.modemvoice.routing.BusinessHours hours = io.github.modemvoice.routing.BusinessHours.builder()
                    .zone(java.time.ZoneId.of("Europe/Berlin"))
                    .weekdays(java.time.LocalTime.of(9, 0), java.time.LocalTime.of(17, 0))
                    .clock(java.time.Clock.fixed(CALL, java.time.ZoneOffset.UTC)).build();
            java.util.List<io.github.modemvoice.routing.CallFlowState> flow = new java.util.concurrent.CopyOnWriteArrayList<>();
            io.github.modemvoice.routing.AfterHoursCallHandler handler = io.github.modemvoice.routing.AfterHoursCallHandler.builder()
                    .businessHours(hours).voicemail(box)
                    .listener(e -> flow.add(e.state()))
                    .onMessage(m -> pipeline.submit(m).whenComplete((v, e) -> {
                        if (e == null) {
                            notified.complete(v);
                        } else {
                            notified.completeExceptionally(e);
                        }
                    }))
                    .build();
            try (io.github.modemvoice.call.Modem modem = io.github.modemvoice.call.Modem.open(
                    io.github.modemvoice.call.ModemConfig.builder()
                            .atPort(sim.hostAtPort()).audioPort(sim.hostAudioPort()).dialect(sim.dialect())
                            .handler(handler).monotonicClock(new io.github.modemvoice.audio.VirtualMonotonicClock()).build())) {
                sim.placeCall(io.github.modemvoice.testing.CallScript.builder().caller("+4915112344567").rings(20)
                        .ringInterval(Duration.ofMillis(100)).callerAudio(Prompt.tone(440, Duration.ofSeconds(2), 0.3))
                        .ending(io.github.modemvoice.testing.CallScript.Ending.KEY).build());
                VoicemailMessage m = notified.get(60, TimeUnit.SECONDS);
                assertThat(m.terminationReason()).isEqualTo(TerminationReason.FINISH_KEY);
                assertThat(m.transcript()).startsWith("Hi, this is Anna");
                assertThat(flow).containsExactly(io.github.modemvoice.routing.CallFlowState.PENDING,
                        io.github.modemvoice.routing.CallFlowState.ANSWERED, io.github.modemvoice.routing.CallFlowState.DISCONNECTED);
                assertThat(store.get(m.id()).orElseThrow().transcript()).isEqualTo(m.transcript());
                assertThat(outbox.runDueNow()).isEqualTo(1);
                assertThat(receiver.requests).hasSize(1);
                assertValidWebhook(receiver.requests.get(0), m);
            }
        }
    }

    @Test
    void storedMessageIsTranscribedAndTheWebhookArrivesSigned() throws Exception {
        try (Outbox outbox = outbox(); MessagePipeline pipeline = pipeline(outbox, CommandTranscriber.of(engine.toString(), "-f", "{wav}"))) {
            VoicemailMessage m = leaveMessage();

            VoicemailMessage notified = pipeline.submit(m).get(30, TimeUnit.SECONDS);

            assertThat(notified.transcript()).startsWith("Hi, this is Anna");
            assertThat(store.get(m.id()).orElseThrow().transcript()).isEqualTo(notified.transcript());
            assertThat(store.get(m.id()).orElseThrow().transcriptError()).isEmpty();
            assertThat(receiver.requests).as("nothing is sent before the outbox runs").isEmpty();
            assertThat(outbox.runDueNow()).isEqualTo(1);
            assertThat(receiver.requests).hasSize(1);
            assertValidWebhook(receiver.requests.get(0), m);
            assertThat(outbox.pending()).isEmpty();
        }
    }

    @Test
    void endpointDownNothingLostDeliveredAfterItReturnsAcrossARestartAndNeverTwice() throws Exception {
        VoicemailMessage m;
        receiver.status = 503;
        try (Outbox outbox = outbox(); MessagePipeline pipeline = pipeline(outbox, CommandTranscriber.of(engine.toString(), "-f", "{wav}"))) {
            m = leaveMessage();
            pipeline.submit(m).get(30, TimeUnit.SECONDS);
            outbox.runDueNow();
            clock.advance(Duration.ofSeconds(1));
            outbox.runDueNow();
            assertThat(receiver.requests).hasSize(2);
            assertThat(outbox.pending()).singleElement().satisfies(i -> {
                assertThat(i.attempts()).isEqualTo(2);
                assertThat(i.lastError().orElseThrow()).contains("HTTP 503");
            });
        }
        // the host restarts while the endpoint is still down: the new outbox resumes
        try (Outbox outbox = outbox()) {
            assertThat(outbox.pending()).hasSize(1);
            clock.advance(Duration.ofSeconds(2));
            outbox.runDueNow();
            assertThat(receiver.requests).hasSize(3);

            receiver.status = 200; // the endpoint is back
            clock.advance(Duration.ofSeconds(3));
            assertThat(outbox.runDueNow()).as("not due before its backoff").isZero();
            clock.advance(Duration.ofSeconds(1));
            assertThat(outbox.runDueNow()).isEqualTo(1);
            assertThat(receiver.requests).hasSize(4);
            assertValidWebhook(receiver.requests.get(3), m);
            assertThat(outbox.pending()).isEmpty();

            clock.advance(Duration.ofHours(1));
            assertThat(outbox.runDueNow()).isZero();
        }
        // another restart after the success: no second delivery, even if the message is enqueued again
        try (Outbox outbox = outbox()) {
            clock.advance(Duration.ofHours(1));
            assertThat(outbox.enqueue(store.get(m.id()).orElseThrow())).isZero();
            assertThat(outbox.runDueNow()).isZero();
        }
        assertThat(receiver.requests).hasSize(4);
        assertThat(receiver.requests).extracting(r -> r.header("Idempotency-Key")).containsOnly(m.id());
    }

    @Test
    void aFailingSpeechEngineIsRecordedAndTheTeamIsStillNotified() throws Exception {
        Path broken = TestFiles.script(tmp, "broken.sh", "echo 'model not found' >&2; exit 3");
        try (Outbox outbox = outbox(); MessagePipeline pipeline = pipeline(outbox, CommandTranscriber.of(broken.toString(), "{wav}"))) {
            VoicemailMessage m = leaveMessage();

            VoicemailMessage notified = pipeline.submit(m).get(30, TimeUnit.SECONDS);

            assertThat(notified.transcript()).isEmpty();
            assertThat(store.get(m.id()).orElseThrow().transcriptError().orElseThrow())
                    .contains("exited with code 3").contains("model not found");
            outbox.runDueNow();
            JsonNode body = json.readTree(receiver.requests.get(0).body());
            assertThat(body.get("transcript_error").asText()).contains("exited with code 3");
        }
    }

    @Test
    void aStoreThatCannotSaveTheTranscriptDoesNotStopTheNotification() throws Exception {
        try (Outbox outbox = outbox(); MessagePipeline pipeline = pipeline(outbox, CommandTranscriber.of(engine.toString(), "-f", "{wav}"))) {
            VoicemailMessage m = leaveMessage();
            store.delete(m.id()); // audio gone: transcription fails, the update fails, the team still hears of it

            VoicemailMessage notified = pipeline.submit(m).get(30, TimeUnit.SECONDS);

            assertThat(notified.transcriptError()).isPresent();
            assertThat(outbox.runDueNow()).isEqualTo(1);
            assertThat(receiver.requests).hasSize(1);
        }
    }

    @Test
    void submitAfterCloseQueuesTheMessageWithoutTranscribingIt() throws Exception {
        try (Outbox outbox = outbox()) {
            MessagePipeline pipeline = pipeline(outbox, CommandTranscriber.of(engine.toString(), "-f", "{wav}"));
            pipeline.close();
            VoicemailMessage m = leaveMessage();
            VoicemailMessage queued = pipeline.submit(m).get(5, TimeUnit.SECONDS);
            assertThat(queued.transcript()).isEmpty();
            assertThat(outbox.hasRecord(m.id())).isTrue();
            assertThat(outbox.runDueNow()).isEqualTo(1);
            assertThat(receiver.requests).hasSize(1);
        }
    }
}
