package io.github.modemvoice.testing;

import io.github.modemvoice.audio.CallProgressDetector;
import io.github.modemvoice.audio.CallProgressTone;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.call.CallHandler;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.testing.SimulatedCallReport.EndedBy;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.NoMessageReason;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailMessage;
import io.github.modemvoice.voicemail.VoicemailOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The analog hang-up the modem never reports: over real pseudo-terminals, on both simulated
 * V.253 models, the caller speaks and hangs up, and the exchange plays busy tone into the line
 * (no {@code DLE b}/{@code DLE d}, no {@code NO CARRIER}). The voicemail box must end the call
 * within a few seconds of line time, keep the speech and not the tone, and store nothing when
 * the caller said nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LineToneHangupTest extends SimulatedHostTest {
    private static final Prompt GREETING = Prompt.tone(600, Duration.ofMillis(300), 0.5);
    private static final int VOICE_MS = 1500;

    @TempDir
    Path dir;

    static Stream<Arguments> busyTonesOnBothModels() {
        return Stream.of(Persona.V253_USR, Persona.V253_CONEXANT).flatMap(p -> Stream.of(
                CallProgressTone.NORTH_AMERICA_BUSY, CallProgressTone.CEPT_BUSY, CallProgressTone.UK_BUSY)
                .map(t -> Arguments.of(p, t)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("busyTonesOnBothModels")
    void busyToneAfterSpeechEndsTheCallAndKeepsTheSpeechOnly(Persona model, CallProgressTone tone) throws Exception {
        CompletableFuture<VoicemailOutcome> outcome = answer(model);
        sim.placeCall(script().callerAudio(Prompt.ofPcm(PcmBytes.vowel(VOICE_MS, 3000, 1))).hangUpWithTone(tone).build());
        VoicemailOutcome o = await(outcome);
        SimulatedCallReport report = sim.awaitCallEnded(T);

        // the caller never signalled: the host hung up on hearing the tone
        assertThat(report.endedBy()).isEqualTo(EndedBy.HOST);
        // the receive phase ended and the line put on hook, in the modem's own commands
        assertThat(report.commands()).containsSubsequence("AT+VRX", model.hangupCommand());
        assertThat(report.unknownCommands()).isEmpty();
        assertThat(sim.unknownCommands()).isEmpty();
        assertThat(report.callerAudioSent()).as("line time until the host hung up")
                .isLessThan(Duration.ofMillis(VOICE_MS + 5000));
        VoicemailMessage m = o.message().orElseThrow();
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.CALLER_HANGUP);
        // the tone is cut where it began (the cut errs early by at most 60 ms)
        assertThat(m.duration()).isBetween(Duration.ofMillis(VOICE_MS - 150), Duration.ofMillis(VOICE_MS + 20));
        byte[] kept = PcmBytes.readWav(m.audioPath().orElseThrow());
        CallProgressDetector again = new CallProgressDetector();
        again.accept(kept);
        assertThat(again.detection()).as("no tone left in the message").isEmpty();
        assertThat(PcmBytes.rms(kept)).as("the speech is there").isGreaterThan(500);
    }

    @ParameterizedTest
    @EnumSource(value = Persona.class, names = {"V253_USR", "V253_CONEXANT"})
    void onlyToneStoresNothing(Persona model) throws Exception {
        CompletableFuture<VoicemailOutcome> outcome = answer(model);
        sim.placeCall(script().callerAudio(Prompt.silence(Duration.ofMillis(200)))
                .hangUpWithTone(CallProgressTone.CEPT_CONGESTION).build());
        VoicemailOutcome o = await(outcome);
        assertThat(sim.awaitCallEnded(T).endedBy()).isEqualTo(EndedBy.HOST);
        assertThat(o.message()).isEmpty();
        assertThat(o.noMessageReason()).contains(NoMessageReason.TOO_SHORT);
        assertThat(o.terminationReason()).contains(TerminationReason.CALLER_HANGUP);
        assertThat(new DirectoryMessageStore(dir).list()).isEmpty();
    }

    /** A PBX in front of a GSM module plays the tone too: the detector works on the PCM whatever the dialect. */
    @Test
    void gsmModuleBehindAPbxEndsOnTheTone() throws Exception {
        sim = SimulatedModem.builder(Persona.SIMCOM).monotonicClock(new VirtualMonotonicClock()).onMockTransports();
        CompletableFuture<VoicemailOutcome> outcome = box(VoicemailBox.builder());
        sim.placeCall(script().callerAudio(Prompt.ofPcm(PcmBytes.vowel(VOICE_MS, 3000, 2)))
                .hangUpWithTone(CallProgressTone.CEPT_CONGESTION).build());
        VoicemailMessage m = await(outcome).message().orElseThrow();
        assertThat(sim.awaitCallEnded(T).endedBy()).isEqualTo(EndedBy.HOST);
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.CALLER_HANGUP);
        assertThat(m.duration()).isBetween(Duration.ofMillis(VOICE_MS - 150), Duration.ofMillis(VOICE_MS + 20));
    }

    /**
     * Off: the tone is only audio; the call runs to the message's length limit. What is kept is
     * the speech and the trailing-silence tail: a busy tone far below the voice is not speech
     * to the adaptive silence detector, so the default trailing trim cuts it.
     */
    @Test
    void offTheToneIsKept() throws Exception {
        sim = SimulatedModem.builder(Persona.SIMCOM).monotonicClock(new VirtualMonotonicClock()).onMockTransports();
        CompletableFuture<VoicemailOutcome> outcome = box(VoicemailBox.builder().maxDuration(Duration.ofSeconds(6)),
                Set.of());
        sim.placeCall(script().callerAudio(Prompt.ofPcm(PcmBytes.vowel(VOICE_MS, 3000, 3)))
                .hangUpWithTone(CallProgressTone.CEPT_BUSY).build());
        VoicemailMessage m = await(outcome).message().orElseThrow();
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.MAX_DURATION);
        assertThat(sim.awaitCallEnded(T).callerAudioSent()).as("the tone did not end the call")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(6));
        assertThat(m.duration()).isBetween(Duration.ofMillis(VOICE_MS), Duration.ofSeconds(6));
    }

    private static CallScript.Builder script() {
        return CallScript.builder().caller("5551234").ringInterval(Duration.ofMillis(100))
                .hostPause(Duration.ofMillis(150)).hangupTimeout(T);
    }

    /** The simulator of {@code model} on pseudo-terminals and a voicemail box answering on it. */
    private CompletableFuture<VoicemailOutcome> answer(Persona model) {
        assumeTrue(SimulatedModem.pseudoTerminalsAvailable(), "socat not installed: apt-get install socat");
        // virtual pacing: the caller's audio runs faster than real time, the detector counts samples
        sim = SimulatedModem.builder(model).monotonicClock(new VirtualMonotonicClock()).onPseudoTerminals();
        return box(VoicemailBox.builder());
    }

    private CompletableFuture<VoicemailOutcome> box(VoicemailBox.Builder b) {
        return box(b, EnumSet.allOf(CallProgressTone.Plan.class));
    }

    /** A voicemail box answering on {@link #sim}, storing in {@link #dir}, the host watching for {@code plans}' tones. */
    private CompletableFuture<VoicemailOutcome> box(VoicemailBox.Builder b, Set<CallProgressTone.Plan> plans) {
        VoicemailBox box = b.directory(dir).greeting(GREETING).beep(false).build();
        CompletableFuture<VoicemailOutcome> outcome = new CompletableFuture<>();
        CallHandler handler = call -> {
            try {
                outcome.complete(box.record(call.answer()));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        };
        open(host(handler).ringTimeout(Duration.ofSeconds(1)).callProgressTones(plans));
        return outcome;
    }
}
