package io.github.modemvoice.voicemail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.testing.GsmHarness;
import io.github.modemvoice.testing.ModemHarness;
import io.github.modemvoice.testing.V253Harness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The VoicemailBox end to end over a real {@link io.github.modemvoice.call.Modem}, the same tests
 * and assertions on every dialect: SIMCom and Quectel (PCM port) and the V.253 analog modems
 * USRobotics 5637 and Conexant CX93001 (DLE-shielded 8-bit audio on the AT port). Each dialect
 * is driven through a {@link ModemHarness}; the caller's audio, keys and hangup happen only when
 * a test makes them happen, and every wait is on a condition, so the outcome is exact.
 */
class VoicemailModemTest {
    private static final Prompt GREETING = Prompt.tone(600, Duration.ofMillis(200), 0.3);
    private static final Prompt GOODBYE = Prompt.tone(800, Duration.ofMillis(100), 0.3);
    private static final int FRAME = 320;
    private static final int BYTES_PER_SECOND = 16000;

    @TempDir
    Path dir;

    private ModemHarness h;
    private final AtomicReference<String> messageId = new AtomicReference<>();
    private final AtomicReference<Thread> callThread = new AtomicReference<>();
    private final List<String> progress = new ArrayList<>();

    private static final List<Supplier<ModemHarness>> DIALECTS = List.of(() -> new GsmHarness("simcom"),
            () -> new GsmHarness("quectel"), V253Harness::usr5637, V253Harness::conexant);

    /** A fresh harness per dialect. */
    static Stream<ModemHarness> modems() {
        return DIALECTS.stream().map(Supplier::get);
    }

    /** A fresh harness per dialect and way of hanging up (V.253: busy tone, dial tone). */
    static Stream<Arguments> modemsAndHangupStyles() {
        return DIALECTS.stream().flatMap(d -> d.get().remoteHangupStyles().stream()
                .map(style -> Arguments.of(d.get(), style)));
    }

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
            h.assertNoUnscriptedCommands();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Opens the modem with a handler that runs the box, then rings with caller id. */
    private CompletableFuture<VoicemailOutcome> call(ModemHarness harness, VoicemailBox.Builder builder) {
        h = harness;
        CompletableFuture<VoicemailOutcome> outcome = new CompletableFuture<>();
        VoicemailBox box = builder.directory(dir).listener(new VoicemailListener() {
            @Override
            public void greetingSkipped(String callId, char key) {
                record("skipped " + key);
            }

            @Override
            public void recordingStarted(String callId, String id) {
                messageId.set(id);
                callThread.set(Thread.currentThread());
                record("recording");
            }

            @Override
            public void noMessage(String callId, NoMessageReason reason) {
                record("no message " + reason);
            }

            @Override
            public void messageSaved(VoicemailMessage m) {
                record("saved");
            }
        }).build();
        h.open(incoming -> {
            try {
                outcome.complete(box.record(incoming.answer()));
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        h.ring();
        return outcome;
    }

    private void record(String event) {
        synchronized (progress) {
            progress.add(event);
        }
    }

    private List<String> progress() {
        synchronized (progress) {
            return List.copyOf(progress);
        }
    }

    private static VoicemailBox.Builder box() {
        return VoicemailBox.builder().greeting(GREETING);
    }

    /** The caller speaking: a steady 440 Hz tone at half scale, no fades. */
    private static byte[] speech(Duration d) {
        int samples = (int) (d.toMillis() * 8);
        byte[] b = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            short s = (short) Math.round(Math.sin(2 * Math.PI * 440 * i / 8000.0) * 16000);
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >> 8);
        }
        return b;
    }

    private static byte[] silence(Duration d) {
        return new byte[(int) (d.toMillis() * 16)];
    }

    /** A prompt as the session plays it: in 20 ms frames, the last one padded with silence. */
    private static byte[] framed(Prompt p) {
        byte[] pcm = new byte[p.byteLength()];
        p.copyTo(0, pcm, 0, pcm.length);
        return Arrays.copyOf(pcm, (pcm.length + FRAME - 1) / FRAME * FRAME);
    }

    private static VoicemailOutcome outcome(CompletableFuture<VoicemailOutcome> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static VoicemailMessage message(CompletableFuture<VoicemailOutcome> f) throws Exception {
        return outcome(f).message().orElseThrow();
    }

    /** The caller speaks for {@code d}, then presses the finish key; the message that gives. */
    private VoicemailMessage speakThenFinishKey(CompletableFuture<VoicemailOutcome> f, Duration d) throws Exception {
        h.callerAudio(speech(d));
        h.pressKey('#');
        return message(f);
    }

    /**
     * The caller presses each key when that frame of the playback is written; after the last one
     * the modem plays at four times real time, so the keys are seen within a frame or two.
     */
    private static void pressDuringPlayback(ModemHarness m, java.util.Map<Integer, Character> keyAtFrame) {
        int last = keyAtFrame.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        m.probe().onPlaybackWrite(frame -> {
            Character key = keyAtFrame.get(frame);
            if (key != null) {
                m.pressKeyNow(key);
            } else if (frame > last) {
                LockSupport.parkNanos(5_000_000);
            }
        });
    }

    /** The modem hung up once, and only after the audio channel was released. */
    private void assertOneHangupAfterTheAudioWasReleased() {
        assertThat(hangups()).isEqualTo(1);
        h.assertAudioReleasedBeforeHangup();
    }

    /** A test run on each modem of {@link #modems()}. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @MethodSource("modems")
    @interface EachModem {
    }

    private long hangups() {
        return h.commands().stream().filter(h.hangupCommand()::equals).count();
    }

    /** The box returns before the modem finished its cleanup on a remote end: wait for the hangup. */
    private void awaitHangups(long n) {
        long deadline = System.nanoTime() + ModemHarness.WAIT.toNanos();
        while (hangups() < n && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static byte[] readPcm(Path wav) throws Exception {
        try (InputStream in = WavReader.openPcm(wav)) {
            return in.readAllBytes();
        }
    }

    // ------------------------------------------------------------------ tests

    @EachModem
    void greetingAndBeepArePlayedBeforeRecordingAndMaxDurationEndsIt(ModemHarness m) throws Exception {
        CompletableFuture<VoicemailOutcome> f = call(m, box().maxDuration(Duration.ofSeconds(2))
                .silenceTimeout(Duration.ZERO));
        h.callerAudio(speech(Duration.ofMillis(2500)));
        VoicemailMessage msg = message(f);

        assertThat(msg.terminationReason()).isEqualTo(TerminationReason.MAX_DURATION);
        assertThat(msg.durationSeconds()).isEqualTo(2.0);
        assertThat(msg.caller()).contains(h.callerNumber());
        List<byte[]> played = h.probe().playedPhases();
        assertThat(played).hasSize(2);
        assertThat(played.get(0)).isEqualTo(framed(GREETING));
        assertThat(played.get(1)).isEqualTo(framed(Prompt.beep()));
        assertThat(h.probe().timeline()).containsExactly("play", "play", "record");
        h.assertWireCarries(played);
        assertOneHangupAfterTheAudioWasReleased();
        assertThat(WavReader.requireInternalFormat(msg.audioPath().orElseThrow()).dataLength()).isEqualTo(32000);
    }

    @EachModem
    void finishKeyEndsTheRecordingAndItsToneIsTrimmed(ModemHarness m) throws Exception {
        CompletableFuture<VoicemailOutcome> f = call(m, box().goodbye(GOODBYE).maxDuration(Duration.ofSeconds(60)));
        VoicemailMessage msg = speakThenFinishKey(f, Duration.ofMillis(1500));

        assertThat(msg.terminationReason()).isEqualTo(TerminationReason.FINISH_KEY);
        assertThat(msg.finishKey()).contains('#');
        // 1.5 s of speech less the key's tone: 260 ms (SIMCom reports 160 ms + 100) or the default 250 ms
        assertThat(msg.durationSeconds()).isBetween(1.24, 1.25);
        // the caller was still there: the goodbye followed the recording
        List<byte[]> played = h.probe().playedPhases();
        assertThat(played).hasSize(3);
        assertThat(played.get(2)).isEqualTo(framed(GOODBYE));
        assertThat(h.probe().timeline()).containsExactly("play", "play", "record", "play");
        h.assertWireCarries(played);
        assertOneHangupAfterTheAudioWasReleased();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("modemsAndHangupStyles")
    void callerHangupEndsTheRecordingWithoutGoodbye(ModemHarness m, String style) throws Exception {
        CompletableFuture<VoicemailOutcome> f = call(m, box().goodbye(GOODBYE));
        h.callerAudio(speech(Duration.ofMillis(1500)));
        h.remoteHangup(style);
        VoicemailMessage msg = message(f);

        assertThat(msg.terminationReason()).isEqualTo(TerminationReason.CALLER_HANGUP);
        assertThat(msg.durationSeconds()).isEqualTo(1.5);
        List<byte[]> played = h.probe().playedPhases();
        assertThat(played).hasSize(2); // greeting and beep, no goodbye
        h.assertWireCarries(played);
        awaitHangups(h.hangupsAfterRemoteEnd());
        assertThat(hangups()).isEqualTo(h.hangupsAfterRemoteEnd());
        h.probe().awaitClosed(ModemHarness.WAIT);
        h.assertAudioReleasedBeforeHangup();
    }

    @EachModem
    void silenceEndsTheRecordingAndTrailingSilenceIsTrimmed(ModemHarness m) throws Exception {
        CompletableFuture<VoicemailOutcome> f = call(m, box().silenceTimeout(Duration.ofSeconds(1)));
        byte[] speech = speech(Duration.ofMillis(1500));
        h.callerAudio(speech);
        h.callerAudio(silence(Duration.ofSeconds(3)));
        VoicemailMessage msg = message(f);

        assertThat(msg.terminationReason()).isEqualTo(TerminationReason.SILENCE);
        byte[] audio = readPcm(msg.audioPath().orElseThrow());
        int lastLoud = -1;
        for (int i = 0; i + 1 < audio.length; i += 2) {
            int sample = (short) ((audio[i] & 0xff) | (audio[i + 1] << 8));
            if (Math.abs(sample) > 1000) {
                lastLoud = i;
            }
        }
        assertThat(lastLoud).isGreaterThan(speech.length - 100);
        double trailingSeconds = (audio.length - lastLoud) / (double) BYTES_PER_SECOND;
        // a second of silence ended it, but at most the 300 ms tail (+ a frame) is kept
        assertThat(trailingSeconds).isLessThanOrEqualTo(0.33);
        assertOneHangupAfterTheAudioWasReleased();
    }

    @EachModem
    void aRecordingShorterThanTheMinimumIsDiscarded(ModemHarness m) throws Exception {
        CompletableFuture<VoicemailOutcome> f = call(m, box().minDuration(Duration.ofSeconds(1)));
        h.callerAudio(speech(Duration.ofMillis(600)));
        h.pressKey('#');
        VoicemailOutcome o = outcome(f);

        assertThat(o.message()).isEmpty();
        assertThat(o.noMessageReason()).contains(NoMessageReason.TOO_SHORT);
        assertThat(progress()).containsExactly("recording", "no message TOO_SHORT");
        assertThat(dir.toFile().list()).isEmpty();
        assertOneHangupAfterTheAudioWasReleased();
    }

    @EachModem
    void aKeyDuringTheGreetingSkipsToTheBeep(ModemHarness m) throws Exception {
        Prompt longGreeting = Prompt.tone(600, Duration.ofSeconds(10), 0.3);
        // five frames into the greeting the caller presses the key; from then on the modem plays
        // at four times real time, so the key is seen within a frame or two, long before the end
        pressDuringPlayback(m, java.util.Map.of(5, '#'));
        CompletableFuture<VoicemailOutcome> f = call(m, VoicemailBox.builder().greeting(longGreeting));
        VoicemailMessage msg = speakThenFinishKey(f, Duration.ofMillis(1500));

        assertThat(progress()).startsWith("skipped #", "recording");
        List<byte[]> played = h.probe().playedPhases();
        assertThat(played).hasSize(2);
        byte[] greeting = framed(longGreeting);
        assertThat(played.get(0).length).isGreaterThanOrEqualTo(6 * FRAME).isLessThan(greeting.length / 2);
        assertThat(played.get(0)).isEqualTo(Arrays.copyOf(greeting, played.get(0).length));
        assertThat(played.get(1)).isEqualTo(framed(Prompt.beep()));
        h.assertWireCarries(played);
        // the key that skipped the greeting did not end the recording at once
        assertThat(msg.terminationReason()).isEqualTo(TerminationReason.FINISH_KEY);
        assertThat(msg.durationSeconds()).isGreaterThan(1.2);
        assertOneHangupAfterTheAudioWasReleased();
    }

    @EachModem
    void keysPressedDuringTheGreetingOtherThanTheSkipKeyAreNotLost(ModemHarness m) throws Exception {
        Prompt longGreeting = Prompt.tone(600, Duration.ofSeconds(10), 0.3);
        // '5' three frames into the greeting, then the skip key: the '5' must reach the recording,
        // where it is the finish key
        pressDuringPlayback(m, java.util.Map.of(3, '5', 5, '#'));
        CompletableFuture<VoicemailOutcome> f = call(m, VoicemailBox.builder().greeting(longGreeting)
                .finishKeys("5").minDuration(Duration.ZERO));
        VoicemailOutcome o = outcome(f);

        assertThat(progress()).startsWith("skipped #", "recording");
        // the '5' ended the recording as it began: nothing was said, so nothing is stored
        assertThat(o.terminationReason()).contains(TerminationReason.FINISH_KEY);
        assertThat(o.noMessageReason()).contains(NoMessageReason.TOO_SHORT);
        assertOneHangupAfterTheAudioWasReleased();
    }

    @EachModem
    void theMessageIsStoredAsValidWavAndJson(ModemHarness m) throws Exception {
        CompletableFuture<VoicemailOutcome> f = call(m, box());
        VoicemailMessage msg = speakThenFinishKey(f, Duration.ofMillis(2000));

        assertThat(msg.id()).isEqualTo(messageId.get());
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder(msg.id() + ".wav", msg.id() + ".json");
        Path wav = dir.resolve(msg.id() + ".wav");
        assertThat(msg.audioPath()).contains(wav);
        WavInfo info = WavReader.requireInternalFormat(wav);
        assertThat(info.sampleRate()).isEqualTo(8000);
        assertThat(info.dataLength()).isEqualTo(Math.round(msg.durationSeconds() * BYTES_PER_SECOND));
        assertThat(Files.size(wav)).isEqualTo(44 + info.dataLength()).isEqualTo(msg.sizeBytes());

        JsonNode json = new ObjectMapper().readTree(dir.resolve(msg.id() + ".json").toFile());
        assertThat(json.get("schema_version").asInt()).isEqualTo(VoicemailMessage.SCHEMA_VERSION);
        assertThat(json.get("id").asText()).isEqualTo(msg.id());
        assertThat(json.get("audio_file").asText()).isEqualTo(msg.id() + ".wav");
        assertThat(json.get("caller").asText()).isEqualTo(h.callerNumber());
        assertThat(json.get("termination_reason").asText()).isEqualTo("FINISH_KEY");
        assertThat(json.get("finish_key").asText()).isEqualTo("#");
        assertThat(json.get("sample_rate").asInt()).isEqualTo(8000);
        assertThat(json.get("size_bytes").asLong()).isEqualTo(Files.size(wav));
        assertThat(json.get("duration_seconds").asDouble()).isEqualTo(info.dataLength() / (double) BYTES_PER_SECOND);
        assertOneHangupAfterTheAudioWasReleased();
    }

    @EachModem
    void transportLossEndsTheRecordingAndKeepsTheMessage(ModemHarness m) throws Exception {
        CompletableFuture<VoicemailOutcome> f = call(m, box());
        h.callerAudio(speech(Duration.ofMillis(1500)));
        h.transportLost();
        VoicemailMessage msg = message(f);

        assertThat(msg.terminationReason()).isEqualTo(TerminationReason.TRANSPORT_LOST);
        assertThat(msg.durationSeconds()).isEqualTo(1.5);
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder(msg.id() + ".wav", msg.id() + ".json");
    }

    @EachModem
    void interruptionEndsTheRecordingAndTheMessageIsStillSaved(ModemHarness m) throws Exception {
        CompletableFuture<VoicemailOutcome> f = call(m, box());
        h.callerAudio(speech(Duration.ofMillis(1500)));
        h.awaitConsumed();
        callThread.get().interrupt();
        VoicemailMessage msg;
        try {
            msg = message(f);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(VoicemailException.class);
            msg = ((VoicemailException) e.getCause()).partialMessage().orElseThrow();
        }
        assertThat(msg.terminationReason()).isEqualTo(TerminationReason.INTERRUPTED);
        assertThat(msg.durationSeconds()).isEqualTo(1.5);
        assertThat(WavReader.requireInternalFormat(msg.audioPath().orElseThrow()).duration())
                .isEqualTo(Duration.ofMillis(1500));
        assertOneHangupAfterTheAudioWasReleased();
    }
}
