package io.github.modemvoice.voicemail;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.TerminationReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link MessageStore} shares. A store's test extends this and says how to
 * make a fresh, empty store; each test gets its own.
 */
public abstract class MessageStoreContract {

    @TempDir
    protected Path tempDir;

    /** The store under test, made fresh for each test. */
    protected MessageStore store;

    /**
     * @param tempDir a fresh directory the store may use
     * @return a new, empty store
     */
    protected abstract MessageStore newStore(Path tempDir);

    @BeforeEach
    void openStore() {
        store = newStore(tempDir);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private static final Instant T0 = Instant.parse("2026-11-21T22:15:03Z");

    /** Records a tone into the store's recording file and returns the message describing it. */
    protected VoicemailMessage record(Instant start, Duration length, Optional<String> caller, CallerPrivacy.Policy policy) {
        String id = MessageIds.newId(start);
        Path file = store.recordingFile(id);
        WavWriter.writeAll(file, Prompt.tone(440, length, 0.3));
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return VoicemailMessage.builder().id(id).callId("call-" + id.substring(id.length() - 4)).caller(caller)
                .callerRedacted(caller.map(c -> "+***4567").orElse("withheld")).callerPolicy(policy)
                .startedAt(start).endedAt(start.plus(length).plusMillis(250)).duration(length).sizeBytes(size)
                .terminationReason(TerminationReason.FINISH_KEY).finishKey(Optional.of('#')).build();
    }

    @Test
    void theLineThatTookAMessageIsKept() {
        VoicemailMessage named = record(Instant.parse("2026-03-04T05:06:07Z"), Duration.ofMillis(200),
                Optional.of("+15551234567"), CallerPrivacy.Policy.FULL).toBuilder().line(Optional.of("shop-2")).build();
        VoicemailMessage single = record(Instant.parse("2026-03-04T05:06:08Z"), Duration.ofMillis(200),
                Optional.empty(), CallerPrivacy.Policy.FULL);
        store.store(named, store.recordingFile(named.id()));
        store.store(single, store.recordingFile(single.id()));
        assertThat(store.get(named.id()).orElseThrow().line()).contains("shop-2");
        assertThat(store.get(single.id()).orElseThrow().line()).isEmpty();
        assertThat(store.markHeard(named.id(), true).line()).contains("shop-2");
    }

    private VoicemailMessage recordAndStore(Instant start) {
        VoicemailMessage m = record(start, Duration.ofMillis(300), Optional.of("+4915112344567"), CallerPrivacy.Policy.FULL);
        return store.store(m, store.recordingFile(m.id()));
    }

    private static VoicemailMessage withoutPaths(VoicemailMessage m) {
        return m.withPaths(Optional.empty(), Optional.empty());
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void storeAndGetRoundTripEveryField() {
        VoicemailMessage m = record(T0.plusNanos(123_456_789), Duration.ofMillis(700), Optional.of("+4915112344567"),
                CallerPrivacy.Policy.FULL);
        VoicemailMessage stored = store.store(m, store.recordingFile(m.id()));

        assertThat(withoutPaths(stored)).isEqualTo(m);
        assertThat(store.get(m.id())).map(MessageStoreContract::withoutPaths).contains(m);
        assertThat(Files.exists(store.recordingFile(m.id()))).as("in-progress file gone after store").isFalse();
    }

    @Test
    void roundTripOfAbsentOptionalsAndOtherEnums() {
        VoicemailMessage base = record(T0, Duration.ofMillis(200), Optional.empty(), CallerPrivacy.Policy.HMAC);
        VoicemailMessage m = base.toBuilder().audioPath(Optional.empty()).metadataPath(Optional.empty())
                .callId("call \"odd\" id \u00e9").caller(Optional.empty()).callerRedacted("withheld")
                .callerPolicy(CallerPrivacy.Policy.REDACTED).durationSeconds(0.2).sampleRate(8000)
                .terminationReason(TerminationReason.CALLER_HANGUP).finishKey(Optional.empty()).heard(true)
                .transcript("Gr\u00fc\u00dfe, caf\u00e9 \u2615").transcriptError(Optional.of("engine said: 'no'")).build();
        store.store(m, store.recordingFile(m.id()));
        assertThat(store.get(m.id())).map(MessageStoreContract::withoutPaths).contains(m);
    }

    @Test
    void listIsNewestFirst() {
        VoicemailMessage middle = recordAndStore(T0.plusSeconds(60));
        VoicemailMessage oldest = recordAndStore(T0);
        VoicemailMessage newest = recordAndStore(T0.plusSeconds(3600));

        assertThat(store.list()).extracting(VoicemailMessage::id).containsExactly(newest.id(), middle.id(), oldest.id());
    }

    @Test
    void emptyStoreListsNothing() {
        assertThat(store.list()).isEmpty();
        assertThat(store.get(MessageIds.newId(T0))).isEmpty();
    }

    @Test
    void markHeardSetsAndClearsTheFlag() {
        VoicemailMessage m = recordAndStore(T0);
        assertThat(store.markHeard(m.id(), true).heard()).isTrue();
        assertThat(store.get(m.id()).orElseThrow().heard()).isTrue();
        assertThat(store.markHeard(m.id(), false).heard()).isFalse();
        assertThat(store.get(m.id()).orElseThrow().heard()).isFalse();
    }

    @Test
    void updateTranscriptWithTextThenWithError() {
        VoicemailMessage m = recordAndStore(T0);

        VoicemailMessage ok = store.updateTranscript(m.id(), "Please call me back.", Optional.empty());
        assertThat(ok.transcript()).isEqualTo("Please call me back.");
        assertThat(ok.transcriptError()).isEmpty();
        assertThat(withoutPaths(store.get(m.id()).orElseThrow())).isEqualTo(withoutPaths(m.withTranscript("Please call me back.", Optional.empty())));

        VoicemailMessage failed = store.updateTranscript(m.id(), "", Optional.of("whisper-cli exited with code 3"));
        assertThat(failed.transcript()).isEmpty();
        assertThat(store.get(m.id()).orElseThrow().transcriptError()).contains("whisper-cli exited with code 3");
    }

    @Test
    void updatesOfAMissingMessageThrowNoSuchElement() {
        String missing = MessageIds.newId(T0);
        assertThatThrownBy(() -> store.markHeard(missing, true)).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> store.updateTranscript(missing, "x", Optional.empty())).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> store.openAudio(missing)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void deleteRemovesTheMessageAndItsAudio() {
        VoicemailMessage keep = recordAndStore(T0);
        VoicemailMessage m = recordAndStore(T0.plusSeconds(5));

        assertThat(store.delete(m.id())).isTrue();
        assertThat(store.delete(m.id())).isFalse();
        assertThat(store.get(m.id())).isEmpty();
        assertThatThrownBy(() -> store.openAudio(m.id())).isInstanceOf(NoSuchElementException.class);
        assertThat(store.list()).extracting(VoicemailMessage::id).containsExactly(keep.id());
    }

    @Test
    void invalidIdsAreRejected() {
        List<String> bad = List.of("../../etc/passwd", "", "20261121T221503Z-ABCDEFGH", "20261121T221503Z-abcdefgh/../x",
                "20261121T221503Z-abcdefg", "x".repeat(500));
        for (String id : bad) {
            assertThatThrownBy(() -> store.get(id)).as(id).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.openAudio(id)).as(id).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.markHeard(id, true)).as(id).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.updateTranscript(id, "", Optional.empty())).as(id).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(id)).as(id).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.recordingFile(id)).as(id).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.discardRecording(id)).as(id).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.get(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openAudioReturnsTheExactWav() throws IOException {
        VoicemailMessage m = record(T0, Duration.ofMillis(900), Optional.of("+4915112344567"), CallerPrivacy.Policy.FULL);
        byte[] wav = Files.readAllBytes(store.recordingFile(m.id()));
        store.store(m, store.recordingFile(m.id()));

        assertThat(readAll(store.openAudio(m.id()))).isEqualTo(wav);
    }

    @Test
    void discardRecordingLeavesNothingToRecover() {
        String id = MessageIds.newId(T0);
        WavWriter.writeAll(store.recordingFile(id), Prompt.tone(440, Duration.ofMillis(100), 0.3));

        store.discardRecording(id);

        assertThat(store.recover()).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void recoverFinishesARecordingLeftByACrash() throws IOException {
        String id = MessageIds.newId(T0);
        Prompt audio = Prompt.tone(440, Duration.ofMillis(1500), 0.3);
        // A crash: the writer synced but never closed, so the header still has the provisional sizes.
        Path scratch = tempDir.resolve("crashing.wav");
        WavWriter writer = WavWriter.create(scratch);
        try {
            writer.write(audio.pcm());
            writer.sync();
            Files.copy(scratch, store.recordingFile(id));
        } finally {
            writer.close();
        }

        List<VoicemailMessage> recovered = store.recover();

        assertThat(recovered).hasSize(1);
        VoicemailMessage m = recovered.get(0);
        assertThat(m.id()).isEqualTo(id);
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.INTERRUPTED);
        assertThat(m.durationSeconds()).isCloseTo(1.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(store.get(id)).isPresent();
        Path copy = tempDir.resolve("recovered.wav");
        Files.write(copy, readAll(store.openAudio(id)));
        WavInfo info = WavReader.inspect(copy);
        assertThat(info.isInternalFormat()).isTrue();
        assertThat(info.dataLength()).isEqualTo(audio.byteLength());
        assertThat(Prompt.fromWav(copy)).isEqualTo(audio);
        assertThat(readLe32(copy, 40)).as("data size patched").isEqualTo(audio.byteLength());
        assertThat(store.recover()).as("nothing left the second time").isEmpty();
    }

    private static long readLe32(Path file, int at) throws IOException {
        byte[] b = Files.readAllBytes(file);
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    @Test
    void twoThreadsStoringAtOnceLoseNothing() throws Exception {
        int perThread = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    go.await();
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        ids.add(recordAndStore(T0.plusSeconds(thread * 100L + i)).id());
                    }
                    return ids;
                }));
            }
            go.countDown();
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : results) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(store.list()).extracting(VoicemailMessage::id).containsExactlyInAnyOrderElementsOf(all).hasSize(2 * perThread);
        } finally {
            pool.shutdownNow();
        }
    }
}
