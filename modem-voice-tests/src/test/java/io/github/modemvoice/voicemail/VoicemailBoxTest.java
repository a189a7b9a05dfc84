package io.github.modemvoice.voicemail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.CallEndReason;
import io.github.modemvoice.call.CallEndedException;
import io.github.modemvoice.call.CallerInfo;
import io.github.modemvoice.call.PlayResult;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.call.TerminationReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import io.github.modemvoice.dialect.ModemEvent.Presentation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VoicemailBoxTest {
    static final Prompt GREETING = Prompt.tone(600, Duration.ofMillis(200), 0.3);
    static final Prompt GOODBYE = Prompt.tone(800, Duration.ofMillis(100), 0.3);
    static final String NUMBER = "+4915112344567";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T22:15:03Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private VoicemailBox.Builder box(Path dir) {
        return VoicemailBox.builder().directory(dir).greeting(GREETING).goodbye(GOODBYE).clock(CLOCK);
    }

    private static JsonNode json(VoicemailMessage m) throws Exception {
        return JSON.readTree(m.metadataPath().orElseThrow().toFile());
    }

    private static List<String> names(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A listener that logs into the session's event list, so box and session steps interleave. */
    private static VoicemailListener logTo(List<String> events) {
        return new VoicemailListener() {
            @Override
            public void greetingStarted(String callId) {
                events.add("L greetingStarted");
            }

            @Override
            public void greetingSkipped(String callId, char key) {
                events.add("L greetingSkipped " + key);
            }

            @Override
            public void recordingStarted(String callId, String messageId) {
                events.add("L recordingStarted");
            }

            @Override
            public void recordingEnded(String callId, Recording recording) {
                events.add("L recordingEnded " + recording.reason());
            }

            @Override
            public void messageSaved(VoicemailMessage message) {
                events.add("L messageSaved");
            }

            @Override
            public void noMessage(String callId, NoMessageReason reason) {
                events.add("L noMessage " + reason);
            }

            @Override
            public void failed(String callId, VoicemailException failure) {
                events.add("L failed");
            }
        };
    }

    @Test
    void greetingBeepRecordGoodbyeHangupThenMetadata() throws Exception {
        Path dir = tmp.resolve("vm");
        FakeCallSession s = FakeCallSession.withCaller(NUMBER);
        VoicemailOutcome out = box(dir).listener(logTo(s.events)).build().record(s);

        assertThat(s.events).containsExactly("L greetingStarted", "play greeting bargeIn=#", "play beep",
                "record", "L recordingStarted", "L recordingEnded FINISH_KEY", "play goodbye", "hangup",
                "L messageSaved");
        assertThat(s.hangups).hasValue(1);
        VoicemailMessage m = out.message().orElseThrow();
        assertThat(out.noMessageReason()).isEmpty();
        assertThat(out.terminationReason()).contains(TerminationReason.FINISH_KEY);
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.FINISH_KEY);
        assertThat(m.finishKey()).contains('#');
        assertThat(m.durationSeconds()).isEqualTo(3.0);
        assertThat(m.startedAt()).isEqualTo(CLOCK.instant());
        assertThat(m.id()).startsWith("20261121T221503Z-");
        assertThat(m.audioPath()).contains(dir.toAbsolutePath().resolve(m.id() + ".wav"));
        assertThat(WavReader.requireInternalFormat(m.audioPath().get()).duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(m.sizeBytes()).isEqualTo(Files.size(m.audioPath().get()));
        assertThat(names(dir)).containsExactly(m.id() + ".json", m.id() + ".wav");
        assertThat(box(dir).build().store().list()).extracting(VoicemailMessage::id).containsExactly(m.id());
    }

    @Test
    void recordOptionsCarryTheBoxSettings() {
        Path dir = tmp.resolve("vm");
        FakeCallSession s = FakeCallSession.withCaller(NUMBER);
        box(dir).maxDuration(Duration.ofSeconds(42)).finishKeys("*#").silenceTimeout(Duration.ofSeconds(3)).build()
                .record(s);
        RecordOptions o = s.recordOptions.get(0);
        assertThat(o.maxDuration()).isEqualTo(Duration.ofSeconds(42));
        assertThat(o.finishKeys()).isEqualTo("*#");
        assertThat(o.silenceTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.discardEarlierKeys()).as("keys pressed during the greeting stay").isFalse();
        assertThat(o.trimSilence()).isTrue();
        assertThat(o.keyToneTrim()).isPositive();
        assertThat(o.target().getFileName().toString()).endsWith(".wav.part");
        assertThat(o.target().getParent()).isEqualTo(dir.toAbsolutePath());
        assertThat(s.events).as("the skip key is its own setting").contains("play greeting bargeIn=#");
    }

    @Test
    void finishKeysOffMeansNoBargeInAndNoFinishKey() {
        FakeCallSession s = FakeCallSession.withCaller(NUMBER)
                .onRecord(FakeCallSession.speech(Duration.ofSeconds(2), TerminationReason.SILENCE, null));
        box(tmp.resolve("vm")).finishKeys("").skipKey(Optional.empty()).silenceTimeout(Duration.ZERO).build().record(s);
        assertThat(s.events).contains("play greeting");
        assertThat(s.recordOptions.get(0).finishKeys()).isEmpty();
        assertThat(s.recordOptions.get(0).silenceTimeout()).isZero();
    }

    @Test
    void inactiveSessionIsRefusedWithoutSideEffects() {
        Path dir = tmp.resolve("vm");
        FakeCallSession s = FakeCallSession.withCaller(NUMBER);
        s.end(CallEndReason.CALLER_HANGUP);
        VoicemailBox box = box(dir).build();
        assertThatThrownBy(() -> box.record(s)).isInstanceOf(CallEndedException.class)
                .hasMessageContaining(s.callId()).hasMessageNotContaining("12344567");
        assertThat(dir).doesNotExist();
        assertThat(s.events).isEmpty();
        assertThat(s.hangups).hasValue(0);
    }

    @Test
    void keyDuringGreetingSkipsToTheBeep() {
        FakeCallSession s = FakeCallSession.withCaller(NUMBER).greetingEndsWith(PlayResult.Outcome.KEY_PRESSED, '#');
        VoicemailOutcome out = box(tmp.resolve("vm")).listener(logTo(s.events)).build().record(s);
        // the press that skipped the greeting is used up, so it does not end the recording at once
        assertThat(s.events).containsSubsequence("play greeting bargeIn=#", "take key #", "L greetingSkipped #",
                "play beep", "record");
        assertThat(out.hasMessage()).isTrue();
    }

    @Test
    void theCallersNameIsKeptUnderTheFullPolicyOnlyAndReadBack() {
        CallerInfo named = new CallerInfo(Optional.of(NUMBER), Optional.of("ALICE SMITH"), Presentation.ALLOWED);
        Path dir = tmp.resolve("vm");
        VoicemailMessage full = box(dir).build().record(new FakeCallSession("call-20261121T221503-1", named))
                .message().orElseThrow();
        assertThat(full.callerName()).contains("ALICE SMITH");
        assertThat(full.toString()).doesNotContain("ALICE");
        assertThat(box(dir).build().store().list()).extracting(VoicemailMessage::callerName)
                .containsExactly(Optional.of("ALICE SMITH"));
        VoicemailMessage redacted = box(tmp.resolve("vm2")).callerPrivacy(CallerPrivacy.redacted()).build()
                .record(new FakeCallSession("call-20261121T221503-2", named)).message().orElseThrow();
        assertThat(redacted.callerName()).as("a name identifies the caller as much as the number").isEmpty();
    }

    @Test
    void theSkipKeyIsConfigurable() {
        FakeCallSession s = FakeCallSession.withCaller(NUMBER).greetingEndsWith(PlayResult.Outcome.KEY_PRESSED, '*');
        VoicemailBox box = box(tmp.resolve("vm")).skipKey(Optional.of('*')).build();
        assertThat(box.skipKey()).contains('*');
        box.record(s);
        assertThat(s.events).containsSubsequence("play greeting bargeIn=*", "take key *", "play beep", "record");
        assertThat(s.recordOptions.get(0).finishKeys()).as("the finish key is unchanged").isEqualTo("#");
    }

    @Test
    void beepCanBeTurnedOff() {
        FakeCallSession s = FakeCallSession.withCaller(NUMBER);
        box(tmp.resolve("vm")).beep(false).build().record(s);
        assertThat(s.events).containsExactly("play greeting bargeIn=#", "record", "play goodbye", "hangup");
    }

    @Test
    void callerHangingUpDuringTheGreetingLeavesNoMessageAndNoFile() throws Exception {
        Path dir = tmp.resolve("vm");
        FakeCallSession s = FakeCallSession.withCaller(NUMBER).greetingEndsWith(PlayResult.Outcome.CALL_ENDED, null);
        VoicemailOutcome out = box(dir).listener(logTo(s.events)).build().record(s);
        assertThat(out.message()).isEmpty();
        assertThat(out.noMessageReason()).contains(NoMessageReason.CALLER_HUNG_UP_EARLY);
        assertThat(out.terminationReason()).isEmpty();
        assertThat(s.events).doesNotContain("record", "play beep", "play goodbye");
        assertThat(s.events).contains("L noMessage CALLER_HUNG_UP_EARLY");
        assertThat(s.hangups).hasValue(1);
        assertThat(dir).doesNotExist();
    }

    @Test
    void recordingShorterThanTheMinimumIsDiscarded() throws Exception {
        Path dir = tmp.resolve("vm");
        FakeCallSession s = FakeCallSession.withCaller(NUMBER)
                .onRecord(FakeCallSession.speech(Duration.ofMillis(600), TerminationReason.CALLER_HANGUP, null));
        VoicemailOutcome out = box(dir).listener(logTo(s.events)).build().record(s);
        assertThat(out.noMessageReason()).contains(NoMessageReason.TOO_SHORT);
        assertThat(out.terminationReason()).contains(TerminationReason.CALLER_HANGUP);
        assertThat(names(dir)).isEmpty();
        assertThat(s.hangups).hasValue(1);
        assertThat(s.events).contains("L noMessage TOO_SHORT").doesNotContain("play goodbye");
    }

    @Test
    void minimumZeroKeepsEvenAShortRecording() {
        FakeCallSession s = FakeCallSession.withCaller(NUMBER)
                .onRecord(FakeCallSession.speech(Duration.ofMillis(200), TerminationReason.FINISH_KEY, '#'));
        assertThat(box(tmp.resolve("vm")).minDuration(Duration.ZERO).build().record(s).hasMessage()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TerminationReason.class)
    void everyTerminationReasonIsStored(TerminationReason reason) throws Exception {
        Character key = reason == TerminationReason.FINISH_KEY ? '#' : null;
        FakeCallSession s = FakeCallSession.withCaller(NUMBER)
                .onRecord(FakeCallSession.speech(Duration.ofSeconds(2), reason, key));
        VoicemailMessage m = box(tmp.resolve("vm")).build().record(s).message().orElseThrow();
        JsonNode j = json(m);
        assertThat(j.get("termination_reason").asText()).isEqualTo(reason.name());
        assertThat(j.get("finish_key").isNull()).isEqualTo(key == null);
        assertThat(s.hangups).hasValue(1);
        boolean callerGone = reason == TerminationReason.CALLER_HANGUP || reason == TerminationReason.TRANSPORT_LOST;
        assertThat(s.events.contains("play goodbye")).isEqualTo(!callerGone);
    }

    @Test
    void greetingFailureHangsUpOnceAndThrowsTyped() {
        Path dir = tmp.resolve("vm");
        FakeCallSession s = FakeCallSession.withCaller(NUMBER)
                .failPlaying("greeting", new ModemVoiceException("AT port stalled"));
        List<String> events = s.events;
        VoicemailBox box = box(dir).listener(logTo(events)).build();
        assertThatThrownBy(() -> box.record(s)).isInstanceOf(VoicemailException.class)
                .hasMessageContaining("greeting").hasMessageContaining("AT port stalled")
                .satisfies(e -> assertThat(((VoicemailException) e).partialMessage()).isEmpty());
        assertThat(s.hangups).hasValue(1);
        assertThat(events).contains("L failed").doesNotContain("record");
        assertThat(dir).doesNotExist();
    }

    @Test
    void recordingFailureKeepsTheCapturedAudioAsAMessage() throws Exception {
        Path dir = tmp.resolve("vm");
        FakeCallSession s = FakeCallSession.withCaller(NUMBER).onRecord((session, o) -> {
            // 2 s reach the disk, then the disk fails with the writer still open (header provisional)
            WavWriter w = WavWriter.create(o.target());
            w.write(FakeCallSession.tone(Duration.ofSeconds(2)));
            w.sync();
            throw new ModemVoiceException(o.target() + ": cannot write: No space left on device");
        });
        VoicemailBox box = box(dir).build();
        VoicemailException e = (VoicemailException) org.assertj.core.api.Assertions.catchThrowable(() -> box.record(s));
        assertThat(e).hasMessageContaining("No space left").hasMessageContaining("saved");
        assertThat(s.hangups).hasValue(1);
        assertThat(s.events).doesNotContain("play goodbye");
        VoicemailMessage m = e.partialMessage().orElseThrow();
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.INTERRUPTED);
        assertThat(m.durationSeconds()).isEqualTo(2.0);
        WavInfo info = WavReader.requireInternalFormat(m.audioPath().orElseThrow());
        assertThat(info.dataLength()).isEqualTo(32000);
        assertThat(box.store().get(m.id())).contains(m);
        assertThat(names(dir)).containsExactly(m.id() + ".json", m.id() + ".wav");
    }

    @Test
    void recordingFailureAfterTransportLossKeepsThatReason() {
        FakeCallSession s = FakeCallSession.withCaller(NUMBER).onRecord((session, o) -> {
            WavWriter w = WavWriter.create(o.target());
            w.write(FakeCallSession.tone(Duration.ofMillis(1500)));
            w.sync();
            session.end(CallEndReason.TRANSPORT_LOST);
            throw new ModemVoiceException("PCM port vanished");
        });
        VoicemailException e = (VoicemailException) org.assertj.core.api.Assertions.catchThrowable(
                () -> box(tmp.resolve("vm")).build().record(s));
        assertThat(e.partialMessage().orElseThrow().terminationReason()).isEqualTo(TerminationReason.TRANSPORT_LOST);
        assertThat(s.hangups).hasValue(1);
    }

    @Test
    void recordingFailureWithoutAudioLeavesNothing() throws Exception {
        Path dir = tmp.resolve("vm");
        FakeCallSession s = FakeCallSession.withCaller(NUMBER).onRecord((session, o) -> {
            throw new ModemVoiceException("modem answered ERROR to AT+CPCMREG=1");
        });
        assertThatThrownBy(() -> box(dir).build().record(s)).isInstanceOf(VoicemailException.class)
                .satisfies(e -> assertThat(((VoicemailException) e).partialMessage()).isEmpty());
        assertThat(s.hangups).hasValue(1);
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void sidecarWriteFailureKeepsTheWavAndRecoveryCompletesIt() throws Exception {
        Path dir = tmp.resolve("vm");
        FakeCallSession s = FakeCallSession.withCaller(NUMBER);
        List<String> ids = new ArrayList<>();
        VoicemailBox box = box(dir).listener(new VoicemailListener() {
            @Override
            public void recordingStarted(String callId, String messageId) {
                // a directory squatting on <id>.json makes the metadata rename fail
                try {
                    Files.createDirectories(dir.resolve(messageId + ".json").resolve("blocker"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                ids.add(messageId);
            }
        }).build();
        assertThatThrownBy(() -> box.record(s)).isInstanceOf(VoicemailException.class)
                .hasMessageContaining("kept");
        String id = ids.get(0);
        assertThat(s.hangups).hasValue(1);
        Path wav = dir.resolve(id + ".wav");
        assertThat(wav).isRegularFile();
        assertThat(WavReader.requireInternalFormat(wav).duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(names(dir)).noneMatch(n -> n.endsWith(".tmp"));

        Files.delete(dir.resolve(id + ".json").resolve("blocker"));
        Files.delete(dir.resolve(id + ".json"));
        List<VoicemailMessage> recovered = box.store().recover();
        assertThat(recovered).hasSize(1);
        VoicemailMessage m = recovered.get(0);
        assertThat(m.id()).isEqualTo(id);
        assertThat(m.caller()).contains(NUMBER);
        assertThat(m.callId()).isEqualTo(s.callId());
        assertThat(m.durationSeconds()).isEqualTo(3.0);
        assertThat(names(dir)).containsExactly(id + ".json", id + ".wav");
    }

    @Test
    void goodbyeAndHangupFailuresDoNotCostTheMessage() {
        FakeCallSession s = new FakeCallSession("call-x-1", CallerInfo.of(NUMBER)) {
            @Override
            public void hangup() {
                super.hangup();
                throw new ModemVoiceException("modem did not confirm the hangup");
            }
        }.failPlaying("goodbye", new ModemVoiceException("PCM write failed"));
        VoicemailOutcome out = box(tmp.resolve("vm")).build().record(s);
        assertThat(out.hasMessage()).isTrue();
        assertThat(s.hangups).hasValue(1);
    }

    @Test
    void aFailingListenerIsIgnored() {
        FakeCallSession s = FakeCallSession.withCaller(NUMBER);
        VoicemailOutcome out = box(tmp.resolve("vm")).listener(new VoicemailListener() {
            @Override
            public void recordingStarted(String callId, String messageId) {
                throw new IllegalStateException("listener bug");
            }
        }).build().record(s);
        assertThat(out.hasMessage()).isTrue();
    }

    @Test
    void anInterruptedThreadStillSavesTheMessage() {
        FakeCallSession s = FakeCallSession.withCaller(NUMBER).onRecord((session, o) -> {
            Recording r = FakeCallSession.speech(Duration.ofSeconds(2), TerminationReason.INTERRUPTED, null)
                    .record(session, o);
            Thread.currentThread().interrupt();
            return r;
        });
        try {
            VoicemailOutcome out = box(tmp.resolve("vm")).build().record(s);
            assertThat(out.message().orElseThrow().terminationReason()).isEqualTo(TerminationReason.INTERRUPTED);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(s.events).doesNotContain("play goodbye");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void privacyPoliciesShapeTheCallerInTheMetadata() throws Exception {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        String expectedHmac = CallerPrivacy.hmac(key).apply(Optional.of(NUMBER)).orElseThrow();
        record Case(CallerPrivacy privacy, String caller, String policy) {
        }
        for (Case c : List.of(new Case(CallerPrivacy.full(), NUMBER, "full"),
                new Case(CallerPrivacy.redacted(), "+***4567", "redacted"),
                new Case(CallerPrivacy.hmac(key), expectedHmac, "hmac"))) {
            Path dir = tmp.resolve(c.policy());
            VoicemailMessage m = box(dir).callerPrivacy(c.privacy()).build()
                    .record(FakeCallSession.withCaller(NUMBER)).message().orElseThrow();
            JsonNode j = json(m);
            assertThat(j.get("caller").asText()).isEqualTo(c.caller());
            assertThat(j.get("caller_redacted").asText()).isEqualTo("+***4567");
            assertThat(j.get("caller_policy").asText()).isEqualTo(c.policy());
            String text = Files.readString(m.metadataPath().get());
            if (!c.policy().equals("full")) {
                assertThat(text).doesNotContain("12344567");
            }
            assertThat(m.toString()).doesNotContain("12344567");
        }
        assertThat(expectedHmac).startsWith("hmac-sha256:");
    }

    @Test
    void unknownCallerIsNull() throws Exception {
        FakeCallSession s = new FakeCallSession("call-y-1", CallerInfo.unknown());
        VoicemailMessage m = box(tmp.resolve("vm")).build().record(s).message().orElseThrow();
        JsonNode j = json(m);
        assertThat(j.get("caller").isNull()).isTrue();
        assertThat(j.get("caller_redacted").asText()).isEqualTo("unavailable");
    }

    @Test
    void callerDigitsNeverInFileNamesOrLogs() throws Exception {
        Path dir = tmp.resolve("vm");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        VoicemailMessage m;
        try {
            VoicemailBox box = box(dir).build();
            m = box.record(FakeCallSession.withCaller(NUMBER)).message().orElseThrow();
            box.record(FakeCallSession.withCaller(NUMBER).greetingEndsWith(PlayResult.Outcome.CALL_ENDED, null));
            FakeCallSession failing = FakeCallSession.withCaller(NUMBER).onRecord((session, o) -> {
                FakeCallSession.writeSpeech(o.target(), Duration.ofSeconds(1));
                throw new ModemVoiceException("boom");
            });
            assertThatThrownBy(() -> box.record(failing)).isInstanceOf(VoicemailException.class)
                    .hasMessageNotContaining("12344567");
        } finally {
            System.setErr(err);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains(m.id()).contains("+***4567");
        assertThat(logs).doesNotContain("12344567").doesNotContain(NUMBER);
        for (String name : names(dir)) {
            assertThat(name.replaceAll("^\\d{8}T\\d{6}Z", "")).doesNotContainPattern("\\d");
        }
    }

    @Test
    void twoBoxesRecordAtOnceIntoOneDirectory() throws Exception {
        Path dir = tmp.resolve("vm");
        CyclicBarrier bothRecording = new CyclicBarrier(2);
        FakeCallSession.RecordBehaviour overlapping = (session, o) -> {
            try {
                bothRecording.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return FakeCallSession.speech(Duration.ofSeconds(2), TerminationReason.SILENCE, null).record(session, o);
        };
        VoicemailBox a = box(dir).build();
        VoicemailBox b = box(dir).build();
        FakeCallSession s1 = new FakeCallSession("call-a-1", CallerInfo.of("+4930111111")).onRecord(overlapping);
        FakeCallSession s2 = new FakeCallSession("call-b-1", CallerInfo.of("+4930222222")).onRecord(overlapping);
        // two real threads: the common pool may have a single worker on a 2-core machine
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        CompletableFuture<VoicemailOutcome> f1 = CompletableFuture.supplyAsync(() -> a.record(s1), two);
        CompletableFuture<VoicemailOutcome> f2 = CompletableFuture.supplyAsync(() -> b.record(s2), two);
        two.shutdown();
        VoicemailMessage m1 = f1.get(20, TimeUnit.SECONDS).message().orElseThrow();
        VoicemailMessage m2 = f2.get(20, TimeUnit.SECONDS).message().orElseThrow();
        assertThat(m1.id()).isNotEqualTo(m2.id());
        assertThat(a.store().list()).extracting(VoicemailMessage::callId).containsExactlyInAnyOrder("call-a-1", "call-b-1");
        assertThat(a.store().get(m1.id()).orElseThrow().caller()).contains("+4930111111");
        assertThat(b.store().get(m2.id()).orElseThrow().caller()).contains("+4930222222");
        assertThat(names(dir)).hasSize(4);
    }
}
