package io.github.modemvoice.voicemail;

import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.CallerInfo;
import io.github.modemvoice.call.IncomingCall;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.routing.AfterHoursCallHandler;
import io.github.modemvoice.routing.BusinessHours;
import io.github.modemvoice.routing.CallFlowEvent;
import io.github.modemvoice.routing.CallFlowState;
import io.github.modemvoice.routing.StorageUnusableAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13, items 3, 4 and 8 without a special file system: the storage check before answering,
 * a recording ended by the disk, a directory removed during a call, leftover sidecars, and the
 * directory's permissions. (The same on a real full tmpfs: {@code faults.DiskErrorTest}.)
 */
class StorageGuardTest {
    private static final Instant T0 = Instant.parse("2026-11-21T22:15:03Z");

    @TempDir
    Path tmp;

    private VoicemailBox.Builder box(Path dir, VirtualMonotonicClock clock) {
        return VoicemailBox.builder().directory(dir).greeting(VoicemailBoxTest.GREETING)
                .goodbye(VoicemailBoxTest.GOODBYE).clock(VoicemailBoxTest.CLOCK)
                .maxDuration(Duration.ofSeconds(10)).storageCheck(Duration.ofSeconds(5), clock);
    }

    // ------------------------------------------------------------------ item 3: the check

    @Test
    void aMissingDirectoryIsCreatedPrivateByTheCheck() throws Exception {
        Path dir = tmp.resolve("a/b/messages");
        StorageCheck.Result r = StorageCheck.probeDirectory(dir, StorageCheck.bytesFor(Duration.ofSeconds(120)));
        assertThat(r.ok()).as("%s", r).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(names(dir)).as("the probe file is removed").isEmpty();
    }

    @Test
    void theCheckNamesTheDirectoryAndTheReason() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        StorageCheck.Result r = StorageCheck.probeDirectory(file, 1000);
        assertThat(r.ok()).isFalse();
        assertThat(r.location()).isEqualTo(file.toString());
        assertThat(r.reason()).isEqualTo("exists and is not a directory");

        StorageCheck.Result under = StorageCheck.probeDirectory(file.resolve("messages"), 1000);
        assertThat(under.ok()).isFalse();
        assertThat(under.reason()).startsWith("does not exist and cannot be created");

        StorageCheck.Result huge = StorageCheck.probeDirectory(tmp, Long.MAX_VALUE / 4);
        assertThat(huge.ok()).isFalse();
        assertThat(huge.reason()).startsWith("only ").contains("free; a message of the maximum length needs")
                .contains("plus a margin of 1024 KiB");
    }

    @Test
    void spaceKeptFreeIsRequiredBesidesTheMessageAndSaidSo() {
        VoicemailBox fits = VoicemailBox.builder().directory(tmp.resolve("vm")).greeting(io.github.modemvoice.audio.Prompt.beep())
                .keepFree(1L << 20).build();
        assertThat(fits.storageCheck().checkNow().ok()).isTrue();
        VoicemailBox greedy = VoicemailBox.builder().directory(tmp.resolve("vm")).greeting(io.github.modemvoice.audio.Prompt.beep())
                .keepFree(Long.MAX_VALUE / 4).build();
        StorageCheck.Result r = greedy.storageCheck().checkNow();
        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).startsWith("only ").contains("of that is kept free by configuration");
        assertThatThrownBy(() -> VoicemailBox.builder().directory(tmp).greeting(io.github.modemvoice.audio.Prompt.beep()).keepFree(-1).build())
                .hasMessageContaining("keepFree: must not be negative");
    }

    @Test
    void theMessageSizeIsTwoBytesPerSampleAt8kHzPlusTheHeader() {
        assertThat(StorageCheck.bytesFor(Duration.ofSeconds(120))).isEqualTo(120 * 8000 * 2 + 44);
        assertThat(StorageCheck.MARGIN_BYTES).isEqualTo(1 << 20);
    }

    @Test
    void resultsAreCachedAndTheErrorIsLoggedOncePerChangeOfState() throws Exception {
        Path dir = tmp.resolve("messages");
        VirtualMonotonicClock clock = new VirtualMonotonicClock();
        VoicemailBox box = box(dir, clock).build();
        StorageCheck check = box.storageCheck();
        assertThat(check.messageBytes()).isEqualTo(10 * 16000 + 44);

        String log = captureLog(() -> {
            assertThat(check.check().ok()).isTrue();
            deleteTree(dir);
            Files.writeString(dir, "squatter"); // the directory is replaced by a file
            assertThat(check.check().ok()).as("cached for 5 s").isTrue();
            clock.advance(Duration.ofSeconds(5));
            assertThat(check.check().ok()).isFalse();
            clock.advance(Duration.ofSeconds(5));
            assertThat(check.check().reason()).isEqualTo("exists and is not a directory");
            clock.advance(Duration.ofSeconds(5));
            assertThat(check.check().ok()).isFalse();
            Files.delete(dir);
            assertThat(check.check().ok()).as("still cached").isFalse();
            clock.advance(Duration.ofSeconds(5));
            assertThat(check.check().ok()).as("usable again as soon as the next probe passes").isTrue();
        });
        assertThat(count(log, "ERROR")).as(log).isEqualTo(1);
        assertThat(log).contains("cannot store messages in " + dir + ": exists and is not a directory");
        assertThat(log).contains("message storage " + dir + " is usable again");
    }

    @Test
    void theHandlerLeavesACallItCannotKeepRingingAndAnswersAgainOnceStorageWorks() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file where a directory should be");
        Path dir = blocker.resolve("messages");
        VirtualMonotonicClock clock = new VirtualMonotonicClock();
        VoicemailBox box = box(dir, clock).build();
        List<CallFlowEvent> flow = new ArrayList<>();
        AfterHoursCallHandler handler = AfterHoursCallHandler.builder().businessHours(BusinessHours.never())
                .voicemail(box).listener(flow::add).build();

        FakeIncomingCall first = new FakeIncomingCall("call-1");
        handler.onIncomingCall(first);
        assertThat(first.decisions).containsExactly("ignore");
        CallFlowEvent end = flow.get(flow.size() - 1);
        assertThat(end.state()).isEqualTo(CallFlowState.DISCONNECTED);
        assertThat(end.detail()).contains("not answered").contains(dir.toString())
                .contains("does not exist and cannot be created").endsWith("left ringing");

        FakeIncomingCall second = new FakeIncomingCall("call-2");
        handler.onIncomingCall(second);
        assertThat(second.decisions).containsExactly("ignore");

        Files.delete(blocker);
        clock.advance(Duration.ofSeconds(5));
        FakeIncomingCall third = new FakeIncomingCall("call-3");
        handler.onIncomingCall(third);
        assertThat(third.decisions).containsExactly("answer");
        assertThat(flow.get(flow.size() - 1).detail()).contains("saved");
        assertThat(box.store().list()).hasSize(1);
    }

    @Test
    void theHandlerCanRejectInstead() throws Exception {
        Path dir = Files.writeString(tmp.resolve("blocker"), "x").resolve("messages");
        VoicemailBox box = box(dir, new VirtualMonotonicClock()).build();
        AfterHoursCallHandler handler = AfterHoursCallHandler.builder().businessHours(BusinessHours.never())
                .voicemail(box).whenStorageUnusable(StorageUnusableAction.REJECT).build();
        FakeIncomingCall call = new FakeIncomingCall("call-1");
        handler.onIncomingCall(call);
        assertThat(call.decisions).containsExactly("reject");
        assertThatThrownBy(() -> AfterHoursCallHandler.builder().businessHours(BusinessHours.never()).voicemail(box)
                .whenStorageUnusable(null).build()).hasMessageContaining("whenStorageUnusable");
    }

    // ------------------------------------------------------------------ item 4: disk errors

    @Test
    void aRecordingEndedByAFullDiskIsStoredWithItsReasonAfterAGoodbye() throws Exception {
        Path dir = tmp.resolve("messages");
        VoicemailBox box = box(dir, new VirtualMonotonicClock()).build();
        FakeCallSession session = FakeCallSession.withCaller(VoicemailBoxTest.NUMBER)
                .onRecord(FakeCallSession.speech(Duration.ofMillis(1500), TerminationReason.STORAGE_FULL, null));
        VoicemailOutcome outcome = box.record(session);
        VoicemailMessage m = outcome.message().orElseThrow();
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.STORAGE_FULL);
        assertThat(m.durationSeconds()).isEqualTo(1.5);
        assertThat(session.events).containsSubsequence("record", "play goodbye", "hangup");
        assertThat(box.store().get(m.id()).orElseThrow().terminationReason()).isEqualTo(TerminationReason.STORAGE_FULL);
    }

    @Test
    void audioOfADirectoryRemovedDuringTheCallIsWrittenBack() throws Exception {
        Path dir = tmp.resolve("messages");
        VoicemailBox box = box(dir, new VirtualMonotonicClock()).build();
        FakeCallSession session = FakeCallSession.withCaller(VoicemailBoxTest.NUMBER)
                .onRecord(removingTheDirectory(dir, 1, 3, false)); // someone removes the directory mid-message
        String log = captureLog(() -> {
            VoicemailMessage m = box.record(session).message().orElseThrow();
            assertThat(m.durationSeconds()).isEqualTo(3.0);
        });
        assertThat(log).contains("recreated the directory and wrote back the 3.0 s (48000 bytes) still held open");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        VoicemailMessage m = box.store().list().get(0);
        assertThat(WavReader.inspect(m.audioPath().orElseThrow()).dataLength()).isEqualTo(48000);
        assertThat(m.caller()).contains(VoicemailBoxTest.NUMBER);
        assertThat(names(dir)).containsExactlyInAnyOrder(m.id() + ".wav", m.id() + ".json");
    }

    @Test
    void whenTheDirectoryCannotBeRecreatedTheLogSaysExactlyWhatWasLost() throws Exception {
        Path dir = tmp.resolve("messages");
        VoicemailBox box = box(dir, new VirtualMonotonicClock()).build();
        FakeCallSession session = FakeCallSession.withCaller(VoicemailBoxTest.NUMBER)
                .onRecord(removingTheDirectory(dir, 2, 2, true)); // and a file takes its place
        String log = captureLog(() -> assertThatThrownBy(() -> box.record(session))
                .isInstanceOf(VoicemailException.class)
                .hasMessageContaining("2.0 s (32000 bytes) of audio could not be written back"));
        assertThat(log).contains("LOST 2.0 s (32000 bytes) of audio from caller +***4567 started at");
        assertThat(log).doesNotContain(VoicemailBoxTest.NUMBER);
    }

    @Test
    void recoveryRemovesEveryLeftoverSidecar() throws Exception {
        Path dir = tmp.resolve("messages");
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        // a complete message whose sidecar survived a kill between the metadata and its removal
        VoicemailMessage done = store(store, "20261121T221503Z-aaaaaaaa");
        Files.writeString(dir.resolve(done.id() + ".part.json"), sidecar(done.id()));
        // a sidecar whose audio is gone (a kill between discarding the audio and the sidecar)
        Files.writeString(dir.resolve("20261121T221504Z-bbbbbbbb.part.json"), sidecar("20261121T221504Z-bbbbbbbb"));
        // a sidecar with its unfinished recording: recovery finishes the message, keeping the caller
        String live = "20261121T221505Z-cccccccc";
        Files.writeString(dir.resolve(live + ".part.json"), sidecar(live));
        FakeCallSession.writeSpeech(dir.resolve(live + ".wav.part"), Duration.ofSeconds(1));

        assertThat(store.recover()).extracting(VoicemailMessage::id).containsExactly(live);
        assertThat(store.get(live).orElseThrow().caller()).contains(VoicemailBoxTest.NUMBER);
        assertThat(names(dir)).noneMatch(n -> n.endsWith(".part.json")).noneMatch(n -> n.endsWith(".part"));
        assertThat(store.unfinished()).isEmpty();
        store.close();
    }

    @Test
    void aSidecarOfARecordingInProgressIsLeftAlone() throws Exception {
        Path dir = tmp.resolve("messages");
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        String id = "20261121T221503Z-dddddddd";
        store.beginRecording(new RecordingInProgress(id, "call-1", Optional.of(VoicemailBoxTest.NUMBER), "+***4567",
                CallerPrivacy.Policy.FULL, T0));
        assertThat(store.recover()).isEmpty();
        assertThat(dir.resolve(id + ".part.json")).exists();
        assertThat(store.unfinished()).as("being recorded is not unfinished").isEmpty();
        store.discardRecording(id);
        assertThat(names(dir)).isEmpty();
        store.close();
    }

    // ------------------------------------------------------------------ item 8: permissions

    @Test
    void aDirectoryOthersCanAccessIsMadePrivateWithAWarning() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("messages"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        String log = captureLog(() -> assertThat(StorageCheck.probeDirectory(dir, 1000).ok()).isTrue());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(log).contains("WARN").contains("was accessible to others (mode rwxrwxrwx); changed it to rwx------");

        // the store does the same on its first write, also without the check
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        store(store, "20261121T221503Z-eeeeeeee");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        store.close();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Records {@code seconds} of speech; after {@code before} seconds the message directory is
     * removed (and replaced by a file when {@code squat}); the writer goes on on its open file.
     */
    private static FakeCallSession.RecordBehaviour removingTheDirectory(Path dir, int before, int seconds, boolean squat) {
        byte[] second = FakeCallSession.tone(Duration.ofSeconds(1));
        return (s, o) -> {
            try (WavWriter w = WavWriter.create(o.target())) {
                for (int i = 0; i <= seconds; i++) {
                    if (i == before) {
                        w.sync();
                        deleteTree(dir);
                        if (squat) {
                            Files.writeString(dir, "squatter");
                        }
                    }
                    if (i < seconds) {
                        w.write(second);
                    }
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return new Recording(o.target(), TerminationReason.CALLER_HANGUP, Optional.empty(),
                    Duration.ofSeconds(seconds), (long) seconds * second.length, T0, T0.plusSeconds(seconds), true);
        };
    }

    private static VoicemailMessage store(DirectoryMessageStore store, String id) {
        Path part = store.beginRecording(new RecordingInProgress(id, "call-1", Optional.of(VoicemailBoxTest.NUMBER),
                "+***4567", CallerPrivacy.Policy.FULL, T0));
        long bytes = FakeCallSession.writeSpeech(part, Duration.ofSeconds(1));
        return store.store(VoicemailMessage.builder().id(id).callId("call-1")
                .caller(Optional.of(VoicemailBoxTest.NUMBER)).callerRedacted("+***4567")
                .callerPolicy(CallerPrivacy.Policy.FULL).startedAt(T0).endedAt(T0.plusSeconds(1)).durationSeconds(1.0)
                .sizeBytes(bytes + 44).terminationReason(TerminationReason.MAX_DURATION).build(), part);
    }

    private static String sidecar(String id) {
        return new String(MessageJson.encodeInProgress(new RecordingInProgress(id, "call-9",
                Optional.of(VoicemailBoxTest.NUMBER), "+***4567", CallerPrivacy.Policy.FULL, T0)), StandardCharsets.UTF_8);
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** What the library logs (slf4j-simple writes to the current System.err) while {@code body} runs. */
    static String captureLog(ThrowingRunnable body) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        String log = bytes.toString(StandardCharsets.UTF_8);
        original.print(log);
        return log;
    }

    /** A ringing call that records its handler's decisions; answering gives a {@link FakeCallSession}. */
    static final class FakeIncomingCall implements IncomingCall {
        final List<String> decisions = new ArrayList<>();
        private final String callId;

        FakeIncomingCall(String callId) {
            this.callId = callId;
        }

        @Override
        public String callId() {
            return callId;
        }

        @Override
        public CallerInfo caller() {
            return CallerInfo.of(VoicemailBoxTest.NUMBER);
        }

        @Override
        public int ringCount() {
            return 1;
        }

        @Override
        public Instant firstRingAt() {
            return T0;
        }

        @Override
        public boolean awaitRings(int rings, Duration timeout) {
            return true;
        }

        @Override
        public boolean isRinging() {
            return decisions.isEmpty();
        }

        @Override
        public CallSession answer() {
            decisions.add("answer");
            return new FakeCallSession(callId, caller());
        }

        @Override
        public void reject() {
            decisions.add("reject");
        }

        @Override
        public void deflect(String number) {
            decisions.add("deflect");
        }

        @Override
        public void ignore() {
            decisions.add("ignore");
        }
    }
}
