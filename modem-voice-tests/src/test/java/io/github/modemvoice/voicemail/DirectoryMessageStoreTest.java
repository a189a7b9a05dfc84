package io.github.modemvoice.voicemail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.TerminationReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryMessageStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-21T22:15:03Z");

    @TempDir
    Path tmp;

    private static RecordingInProgress info(String id, Instant at) {
        return new RecordingInProgress(id, "call-1", Optional.of("+4915112344567"), "+***4567",
                CallerPrivacy.Policy.FULL, at);
    }

    private static VoicemailMessage message(String id, Instant at, Duration length) {
        return VoicemailMessage.builder().id(id).callId("call-1").caller(Optional.of("+4915112344567"))
                .callerRedacted("+***4567").callerPolicy(CallerPrivacy.Policy.FULL).startedAt(at)
                .endedAt(at.plus(length)).duration(length).terminationReason(TerminationReason.FINISH_KEY)
                .finishKey(Optional.of('#')).build();
    }

    /** Records {@code length} of audio through the store and stores it, as the box does. */
    private static VoicemailMessage save(DirectoryMessageStore store, Instant at, Duration length) {
        String id = MessageIds.newId(at);
        Path part = store.beginRecording(info(id, at));
        FakeCallSession.writeSpeech(part, length);
        return store.store(message(id, at, length), part);
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void directoryIsCreatedOnFirstWriteWith0700AndFilesAre0600() throws Exception {
        Path dir = tmp.resolve("a").resolve("vm");
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        assertThat(dir).doesNotExist();
        assertThat(store.list()).isEmpty();
        assertThat(store.recover()).isEmpty();
        assertThat(dir).doesNotExist();

        String id = MessageIds.newId(T0);
        Path part = store.beginRecording(info(id, T0));
        assertThat(perms(dir)).isEqualTo("rwx------");
        assertThat(part.getFileName().toString()).isEqualTo(id + ".wav.part");
        assertThat(perms(part)).isEqualTo("rw-------");
        assertThat(perms(dir.resolve(id + ".part.json"))).isEqualTo("rw-------");
        FakeCallSession.writeSpeech(part, Duration.ofSeconds(1));
        VoicemailMessage m = store.store(message(id, T0, Duration.ofSeconds(1)), part);
        assertThat(perms(m.audioPath().orElseThrow())).isEqualTo("rw-------");
        assertThat(perms(m.metadataPath().orElseThrow())).isEqualTo("rw-------");
        assertThat(names(dir)).containsExactly(id + ".json", id + ".wav");
    }

    @Test
    void constructorRejectsAFile() throws Exception {
        Path file = Files.createFile(tmp.resolve("not-a-dir"));
        assertThatThrownBy(() -> new DirectoryMessageStore(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("directory");
    }

    @Test
    void jsonFormat() throws Exception {
        DirectoryMessageStore store = new DirectoryMessageStore(tmp);
        VoicemailMessage m = save(store, T0, Duration.ofMillis(2500));
        JsonNode j = JSON.readTree(m.metadataPath().orElseThrow().toFile());
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("schema_version", "id", "audio_file", "call_id", "caller", "caller_redacted",
                "caller_policy", "caller_name", "started_at", "ended_at", "duration_seconds", "size_bytes", "sample_rate",
                "termination_reason", "finish_key", "heard", "transcript", "transcript_error");
        assertThat(j.get("schema_version").asInt()).isEqualTo(1);
        assertThat(j.get("audio_file").asText()).isEqualTo(m.id() + ".wav");
        assertThat(j.get("started_at").isTextual()).isTrue();
        assertThat(j.get("started_at").asText()).isEqualTo("2026-11-21T22:15:03Z");
        assertThat(j.get("ended_at").asText()).isEqualTo("2026-11-21T22:15:05.500Z");
        assertThat(j.get("duration_seconds").asDouble()).isEqualTo(2.5);
        assertThat(j.get("size_bytes").asLong()).isEqualTo(44 + 40000);
        assertThat(j.get("finish_key").asText()).isEqualTo("#");
        assertThat(j.get("transcript_error").isNull()).isTrue();
        assertThat(j.get("caller_name").isNull()).as("no name came").isTrue();
        assertThat(Files.readString(m.metadataPath().get())).doesNotContain(tmp.toString());
    }

    @Test
    void listNewestFirstGetOpenMarkTranscribeDelete() throws Exception {
        DirectoryMessageStore store = new DirectoryMessageStore(tmp);
        VoicemailMessage old = save(store, T0, Duration.ofSeconds(1));
        VoicemailMessage mid = save(store, T0.plusSeconds(60), Duration.ofSeconds(1));
        VoicemailMessage young = save(store, T0.plusSeconds(3600), Duration.ofSeconds(1));
        assertThat(store.list()).extracting(VoicemailMessage::id).containsExactly(young.id(), mid.id(), old.id());
        assertThat(store.get(mid.id())).contains(mid);
        try (InputStream in = store.openAudio(mid.id())) {
            assertThat(in.readAllBytes()).hasSize(44 + 16000);
        }
        assertThat(store.markHeard(mid.id(), true).heard()).isTrue();
        assertThat(store.get(mid.id()).orElseThrow().heard()).isTrue();
        VoicemailMessage t = store.updateTranscript(mid.id(), "Please call back", Optional.empty());
        assertThat(store.get(mid.id())).contains(t);
        assertThat(t.transcript()).isEqualTo("Please call back");
        assertThat(store.updateTranscript(old.id(), "", Optional.of("engine offline")).transcriptError())
                .contains("engine offline");
        assertThat(store.delete(mid.id())).isTrue();
        assertThat(store.delete(mid.id())).isFalse();
        assertThat(store.get(mid.id())).isEmpty();
        assertThat(names(tmp)).noneMatch(n -> n.startsWith(mid.id()));
        String missing = MessageIds.newId(T0);
        assertThatThrownBy(() -> store.markHeard(missing, true)).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> store.openAudio(missing)).isInstanceOf(NoSuchElementException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "../../etc/passwd", "20261121T221503Z-abcdefgh/../../x", "/etc/passwd", "",
            "20261121T221503Z-abcdefg", "20261121T221503Z-ABCDEFGH", "..", "20261121T221503Z-abcdefgh\u0000"})
    void pathTraversalIdsAreRejected(String id) {
        DirectoryMessageStore store = new DirectoryMessageStore(tmp.resolve("vm"));
        assertThatThrownBy(() -> store.get(id)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.openAudio(id)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.markHeard(id, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.updateTranscript(id, "x", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(id)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.recordingFile(id)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.discardRecording(id)).isInstanceOf(IllegalArgumentException.class);
        assertThat(tmp.resolve("vm")).doesNotExist();
    }

    @Test
    void metadataIsReplacedAtomically() throws Exception {
        DirectoryMessageStore store = new DirectoryMessageStore(tmp);
        VoicemailMessage m = save(store, T0, Duration.ofSeconds(1));
        Path json = m.metadataPath().orElseThrow();
        AtomicBoolean stop = new AtomicBoolean();
        // a reader never sees a missing, empty or half-written file while the writer replaces it
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            int reads = 0;
            while (!stop.get()) {
                try {
                    JsonNode j = JSON.readTree(Files.readAllBytes(json));
                    if (!j.get("id").asText().equals(m.id())) {
                        throw new AssertionError("wrong content");
                    }
                    reads++;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return reads;
        });
        for (int i = 0; i < 200; i++) {
            store.updateTranscript(m.id(), "x".repeat(i * 50), Optional.empty());
        }
        stop.set(true);
        assertThat(reader.get(20, TimeUnit.SECONDS)).isPositive();
        assertThat(perms(json)).isEqualTo("rw-------");
        assertThat(names(tmp)).containsExactly(m.id() + ".json", m.id() + ".wav");
    }

    @Test
    void garbledAndHostileJsonGiveTypedErrorsNamingTheFile() throws Exception {
        DirectoryMessageStore store = new DirectoryMessageStore(tmp);
        VoicemailMessage good = save(store, T0, Duration.ofSeconds(1));
        List<String> bad = List.of("{\"schema_version\": 1, \"id\": ", "[1,2,3]", "null", "\"text\"",
                "{\"schema_version\": \"1\"}", "{\"schema_version\": 1}",
                "{\"schema_version\": 1, \"id\": \"20261121T221503Z-zzzzzzzz\"}",
                "{" + "\"a\":[".repeat(5000) + "]".repeat(5000) + "}",
                "x".repeat(MessageJson.MAX_BYTES + 10));
        Iterator<String> it = bad.iterator();
        List<String> ids = new ArrayList<>();
        while (it.hasNext()) {
            String id = MessageIds.newId(T0.plusSeconds(ids.size() + 1));
            Files.writeString(tmp.resolve(id + ".json"), it.next());
            ids.add(id);
            assertThatThrownBy(() -> store.get(id)).isInstanceOf(MessageStoreException.class)
                    .hasMessageContaining(id + ".json")
                    .satisfies(e -> assertThat(((MessageStoreException) e).file()).isPresent());
        }
        assertThat(store.list()).extracting(VoicemailMessage::id).containsExactly(good.id());
    }

    @Test
    void unknownKeysAreToleratedButANewerSchemaIsRefused() throws Exception {
        DirectoryMessageStore store = new DirectoryMessageStore(tmp);
        VoicemailMessage m = save(store, T0, Duration.ofSeconds(1));
        Path json = m.metadataPath().orElseThrow();
        ObjectNode j = (ObjectNode) JSON.readTree(json.toFile());
        j.put("added_by_a_future_minor_version", "whatever");
        j.putObject("nested").put("x", 1);
        Files.write(json, JSON.writeValueAsBytes(j));
        assertThat(store.get(m.id())).contains(m);

        j.put("schema_version", 2);
        Files.write(json, JSON.writeValueAsBytes(j));
        assertThatThrownBy(() -> store.get(m.id())).isInstanceOf(MessageStoreException.class)
                .hasMessageContaining("schema_version 2").hasMessageContaining("newer");
    }

    @Test
    void recoverFinishesARecordingLeftByACrash() throws Exception {
        Path dir = tmp.resolve("vm");
        String id = MessageIds.newId(T0);
        // what a crashed process leaves: a locked-then-abandoned part, header still provisional
        try (DirectoryMessageStore crashed = new DirectoryMessageStore(dir)) {
            Path part = crashed.beginRecording(info(id, T0));
            WavWriter w = WavWriter.create(part);
            w.write(FakeCallSession.tone(Duration.ofMillis(2300)));
            w.sync();
            // the process dies here: no close, no store
        }
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        VoicemailMessage m = RecoveryChecks.assertRecoversOneInterrupted(store, id, "call-1");
        assertThat(m.startedAt()).isEqualTo(T0);
        assertThat(m.durationSeconds()).isEqualTo(2.3);
        assertThat(WavReader.requireInternalFormat(m.audioPath().orElseThrow()).dataLength()).isEqualTo(36800);
        assertThat(names(dir)).containsExactly(id + ".json", id + ".wav");
        assertThat(store.recover()).isEmpty();
        assertThat(store.list()).containsExactly(m);
    }

    @Test
    void aRecoveredMessageKeepsTheNameOfTheLineThatTookIt() throws Exception {
        Path dir = tmp.resolve("vm");
        String id = MessageIds.newId(T0);
        try (DirectoryMessageStore crashed = new DirectoryMessageStore(dir)) {
            Path part = crashed.beginRecording(new RecordingInProgress(id, "call-1", Optional.of("+4915112344567"), "+***4567",
                    CallerPrivacy.Policy.FULL, T0, Optional.of("shop")));
            WavWriter w = WavWriter.create(part);
            w.write(FakeCallSession.tone(Duration.ofMillis(1200)));
            w.sync();
        }
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        VoicemailMessage m = store.recover().get(0);
        assertThat(m.line()).contains("shop");
        assertThat(store.get(id).orElseThrow().line()).contains("shop");
        assertThat(Files.readString(m.metadataPath().orElseThrow())).contains("\"line\" : \"shop\"");
        store.close();
    }

    @Test
    void recoverWithoutTheInProgressSidecarStillKeepsTheAudio() throws Exception {
        DirectoryMessageStore store = new DirectoryMessageStore(tmp);
        String id = MessageIds.newId(T0);
        Path part = store.recordingFile(id);
        WavWriter w = WavWriter.create(part);
        w.write(FakeCallSession.tone(Duration.ofSeconds(1)));
        w.sync();
        VoicemailMessage m = store.recover().get(0);
        assertThat(m.caller()).isEmpty();
        assertThat(m.callerRedacted()).isEqualTo("unknown");
        assertThat(m.startedAt()).isEqualTo(T0);
        assertThat(m.durationSeconds()).isEqualTo(1.0);
    }

    @Test
    void recoverLeavesARecordingInProgressAlone() throws Exception {
        DirectoryMessageStore store = new DirectoryMessageStore(tmp);
        String id = MessageIds.newId(T0);
        Path part = store.beginRecording(info(id, T0));
        FakeCallSession.writeSpeech(part, Duration.ofSeconds(1));
        assertThat(new DirectoryMessageStore(tmp).recover()).isEmpty();
        assertThat(part).exists();
        assertThat(store.store(message(id, T0, Duration.ofSeconds(1)), part).id()).isEqualTo(id);
    }

    @Test
    void recoverRemovesEmptyLeftovers() throws Exception {
        DirectoryMessageStore store = new DirectoryMessageStore(tmp);
        String id = MessageIds.newId(T0);
        try (DirectoryMessageStore crashed = new DirectoryMessageStore(tmp)) {
            WavWriter.create(crashed.beginRecording(info(id, T0)));
        }
        assertThat(store.recover()).isEmpty();
        assertThat(names(tmp)).isEmpty();
    }

    @Test
    void inProgressSidecarIsNotListed() throws Exception {
        DirectoryMessageStore store = new DirectoryMessageStore(tmp);
        store.beginRecording(info(MessageIds.newId(T0), T0));
        assertThat(store.list()).isEmpty();
        assertThat(Files.readString(tmp.resolve(names(tmp).get(0)), StandardCharsets.UTF_8))
                .contains("\"call_id\"");
    }
}
