package io.github.modemvoice.testing;

import io.github.modemvoice.audio.MonotonicClock;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.call.CallHandler;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.DtmfInput;
import io.github.modemvoice.call.CallState;
import io.github.modemvoice.call.CallerInfo;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.PlayResult;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.dialect.v253.V253Model;
import io.github.modemvoice.testing.CallScript.Ending;
import io.github.modemvoice.testing.DeviceBytes;
import io.github.modemvoice.testing.SimulatedCallReport.EndedBy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A real {@link Modem} answering machine against the simulated modem, for every way a call ends. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SimulatedModemTest extends SimulatedHostTest {
    private static final Prompt GREETING = Prompt.tone(600, Duration.ofMillis(500), 0.5);
    private static final Prompt VOICE = Prompt.tone(440, Duration.ofSeconds(1), 0.3);

    @TempDir
    Path dir;

    private static CallScript.Builder script(Ending ending) {
        return CallScript.builder()
                .caller("+4915112344567")
                .ringInterval(Duration.ofMillis(100))
                .hostPause(Duration.ofMillis(150))
                .callerAudio(VOICE)
                .hangupTimeout(T)
                .ending(ending);
    }

    private Modem openHost(CallHandler handler) {
        // an analog line has no missed-call message: a ringing call is gone when the rings stop
        return open(host(handler).ringTimeout(Duration.ofSeconds(1)));
    }

    /** A simulator of this variant on mock transports, its pacing virtual. */
    private void simulateOnMocks(Persona variant) {
        sim = SimulatedModem.builder(variant).monotonicClock(new VirtualMonotonicClock()).onMockTransports();
    }

    /** The host's PCM as the simulator hears it: over V.253 after the 8-bit wire format and back. */
    private static byte[] overTheWire(Persona variant, byte[] pcm) {
        if (!variant.isV253()) {
            return pcm;
        }
        // both simulated models carry offset binary (the cited facts in DeviceBytes)
        return DeviceBytes.fromOffsetBinary(DeviceBytes.offsetBinary(pcm));
    }

    /** The answering machine: answer, greeting, record, hang up. */
    private static CallHandler answeringMachine(RecordOptions options, CompletableFuture<Recording> result) {
        return call -> {
            try {
                CallSession s = call.answer();
                assertThat(s.play(GREETING).outcome()).isEqualTo(PlayResult.Outcome.COMPLETED);
                Recording r = s.record(options);
                s.hangup();
                result.complete(r);
            } catch (Throwable t) {
                result.completeExceptionally(t);
                throw t;
            }
        };
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "SIMCOM,  KEY,          FINISH_KEY,     HOST",
            "QUECTEL, KEY,          FINISH_KEY,     HOST",
            "SIMCOM,  HANGUP,       CALLER_HANGUP,  CALLER",
            "QUECTEL, HANGUP,       CALLER_HANGUP,  CALLER",
            "SIMCOM,  SILENCE,      SILENCE,        HOST",
            "QUECTEL, SILENCE,      SILENCE,        HOST",
            "SIMCOM,  LENGTH_LIMIT, MAX_DURATION,   HOST",
            "QUECTEL, LENGTH_LIMIT, MAX_DURATION,   HOST",
            "SIMCOM,  DROP_LINE,    TRANSPORT_LOST, LINE_DROPPED",
            "QUECTEL, DROP_LINE,    TRANSPORT_LOST, LINE_DROPPED",
            "V253_USR,      KEY,          FINISH_KEY,     HOST",
            "V253_CONEXANT, KEY,          FINISH_KEY,     HOST",
            "V253_USR,      HANGUP,       CALLER_HANGUP,  CALLER",
            "V253_CONEXANT, HANGUP,       CALLER_HANGUP,  CALLER",
            "V253_USR,      SILENCE,      SILENCE,        HOST",
            "V253_CONEXANT, SILENCE,      SILENCE,        HOST",
            "V253_USR,      LENGTH_LIMIT, MAX_DURATION,   HOST",
            "V253_CONEXANT, LENGTH_LIMIT, MAX_DURATION,   HOST",
            "V253_USR,      DROP_LINE,    TRANSPORT_LOST, LINE_DROPPED",
            "V253_CONEXANT, DROP_LINE,    TRANSPORT_LOST, LINE_DROPPED",
    })
    void everyEndingOverMocks(Persona variant, Ending ending, TerminationReason expected, EndedBy endedBy)
            throws Exception {
        List<SimEvent> heard = new CopyOnWriteArrayList<>();
        sim = SimulatedModem.builder(variant)
                .ddetAnswersError(true)
                .monotonicClock(new VirtualMonotonicClock())
                .listener(heard::add)
                .onMockTransports();
        CompletableFuture<Recording> result = new CompletableFuture<>();
        RecordOptions options = RecordOptions.builder(dir.resolve("m.wav"))
                .maxDuration(Duration.ofSeconds(ending == Ending.LENGTH_LIMIT ? 2 : 10))
                .silenceTimeout(Duration.ofSeconds(1))
                .trimSilence(false)
                .build();
        openHost(answeringMachine(options, result));

        sim.placeCall(script(ending).build());
        Recording r = await(result);
        SimulatedCallReport report = sim.awaitCallEnded(T);

        assertThat(r.reason()).isEqualTo(expected);
        assertThat(WavReader.requireInternalFormat(r.path()).dataLength()).isEqualTo(r.bytes());
        assertThat(r.speechDetected()).isTrue();
        switch (ending) {
            case LENGTH_LIMIT -> assertThat(r.duration()).isEqualTo(Duration.ofSeconds(2));
            case SILENCE -> assertThat(r.duration()).isBetween(Duration.ofMillis(1900), Duration.ofMillis(2100));
            // all the voice, less the 250 ms trimmed for the key tone, plus the silence that passed
            // before the key was handled: under 1 s of it (the silence timeout), or the reason
            // checked above would be SILENCE; how much depends on the machine's load, not on us
            case KEY -> assertThat(r.duration()).isBetween(Duration.ofMillis(750), Duration.ofMillis(1750));
            default -> assertThat(r.duration()).isEqualTo(Duration.ofSeconds(1));
        }
        assertThat(report.answered()).isTrue();
        assertThat(report.endedBy()).isEqualTo(endedBy);
        assertThat(report.hostAudio()).as("the greeting the host played")
                .isEqualTo(overTheWire(variant, GREETING.pcm()));
        assertThat(report.callerAudioSent()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(report.commands()).containsSubsequence(variant.answerCommand(), variant.audioOnCommand());
        if (endedBy == EndedBy.HOST) {
            assertThat(report.commands()).containsSubsequence(variant.audioOffCommand(), variant.hangupCommand());
        }
        if (variant.isV253()) {
            // half duplex on the AT port: the greeting, ended, then the recording, stopped or cut short by the line
            assertThat(report.commands()).containsSubsequence("AT+VLS=1", "AT+VTX", "<DLE><ETX>", "AT+VRX");
            assertThat(sim.commands()).contains("AT+FCLASS=8", "AT+VCID=1",
                    variant.v253Model().orElseThrow().vsmCommand(), "AT+VSD=128,0", "AT+VLS=0");
            if (ending == Ending.HANGUP) {
                // every caller sample, DLE bytes included, arrived in the recording, and nothing else
                try (var in = WavReader.openPcm(r.path())) {
                    assertThat(in.readAllBytes()).isEqualTo(overTheWire(variant, VOICE.pcm()));
                }
            }
        }
        assertThat(report.unknownCommands()).isEmpty();
        assertThat(sim.unknownCommands()).isEmpty();
        assertThat(sim.commands()).startsWith("AT", "ATE0");
        assertThat(report.events()).extracting(SimEvent::type).containsSubsequence(
                SimEvent.Type.RINGING, SimEvent.Type.CALLER_ID, SimEvent.Type.ANSWERED, SimEvent.Type.AUDIO_ON,
                SimEvent.Type.HOST_AUDIO, SimEvent.Type.CALLER_SPEAKING, SimEvent.Type.CALLER_DONE,
                SimEvent.Type.CALL_ENDED);
        assertThat(report.has(SimEvent.Type.KEY_SENT)).isEqualTo(ending == Ending.KEY);
        assertThat(heard).isEqualTo(report.events());
        if (ending != Ending.DROP_LINE) {
            awaitCondition(() -> modem.state() == CallState.IDLE, "host idle");
            assertThat(modem.isAlive()).isTrue();
        } else {
            assertThat(modem.awaitDead(T)).isTrue();
            assertThatThrownBy(() -> sim.placeCall(script(Ending.HANGUP).build()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("dropped");
        }
    }

    @ParameterizedTest
    @EnumSource(Persona.class)
    void noAnswerIsAMissedCall(Persona variant) throws Exception {
        simulateOnMocks(variant);
        CompletableFuture<CallerInfo> seen = new CompletableFuture<>();
        openHost(call -> {
            seen.complete(call.caller());
            call.ignore();
        });
        sim.placeCall(script(Ending.NO_ANSWER).rings(3).ringInterval(Duration.ofMillis(50)).build());
        SimulatedCallReport report = sim.awaitCallEnded(T);
        assertThat(await(seen).number()).contains("+4915112344567");
        assertThat(report.answered()).isFalse();
        assertThat(report.endedBy()).isEqualTo(EndedBy.MISSED);
        assertThat(report.events()).extracting(SimEvent::type)
                .containsSubsequence(SimEvent.Type.RINGING, SimEvent.Type.RINGING, SimEvent.Type.RINGING,
                        SimEvent.Type.MISSED);
        assertThat(report.hostAudio()).isEmpty();
        assertThat(sim.commands()).doesNotContain(variant.answerCommand());
        awaitCondition(() -> modem.state() == CallState.IDLE, "host idle");
    }

    @Test
    void withheldCallerRejected() throws Exception {
        simulateOnMocks(Persona.SIMCOM);
        CompletableFuture<CallerInfo> seen = new CompletableFuture<>();
        openHost(rejecting(seen));
        sim.placeCall(script(Ending.HANGUP).callerWithheld().build());
        SimulatedCallReport report = sim.awaitCallEnded(T);
        assertThat(await(seen).number()).isEmpty();
        assertThat(report.endedBy()).isEqualTo(EndedBy.HOST_REJECTED);
        assertThat(report.answered()).isFalse();
        assertThat(report.events()).noneMatch(e -> e.detail().contains("4915"));
        assertThat(sim.unknownCommands()).isEmpty();
    }

    @Test
    void unknownCommandsAreAnsweredErrorAndRecorded() throws Exception {
        String replies = exchange(Persona.QUECTEL, "AT+CGMM\rAT+FOO=1\rAT+CLCC\r");
        assertThat(replies).isEqualTo("\r\nEC25\r\n\r\nOK\r\n\r\nERROR\r\n\r\nOK\r\n");
        assertThat(sim.unknownCommands()).containsExactly("AT+FOO=1");
    }

    /** Starts a simulator without echo, writes the commands to its AT port, returns what it answered. */
    private String exchange(Persona variant, String commands) {
        sim = SimulatedModem.builder(variant).echo(false).onMockTransports();
        var at = (io.github.modemvoice.testing.MockTransport) sim.hostAtPort();
        at.open();
        at.write(commands.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] buf = new byte[256];
        int n = at.read(buf, 0, buf.length, Duration.ofSeconds(1));
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @CsvSource({"V253_USR, usr5637", "V253_CONEXANT, cx93001"})
    void analogModemsIdentifyThemselvesAsTheirModel(Persona variant, String model) {
        String replies = exchange(variant, "ATI0\rAT+CGMM\rATI3\r");
        assertThat(replies).isEqualTo("\r\n" + variant.model() + "\r\n\r\nOK\r\n\r\nERROR\r\n\r\n"
                + variant.revision() + "\r\n\r\nOK\r\n");
        assertThat(io.github.modemvoice.dialect.ModemFamily.identify(replies))
                .contains(io.github.modemvoice.dialect.ModemFamily.V253);
        assertThat(V253Model.fromIdentification(variant.model(), variant.revision()).map(V253Model::name))
                .contains(model);
        assertThat(sim.unknownCommands()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Persona.class, names = {"V253_USR", "V253_CONEXANT"})
    void analogWithheldCallerAndAHostThatCannotRefuse(Persona variant) throws Exception {
        simulateOnMocks(variant);
        CompletableFuture<CallerInfo> seen = new CompletableFuture<>();
        openHost(rejecting(seen)); // on an analog line a reject is off hook and on hook again
        sim.placeCall(script(Ending.HANGUP).callerWithheld().build());
        SimulatedCallReport report = sim.awaitCallEnded(T);
        CallerInfo who = await(seen);
        assertThat(who.number()).isEmpty();
        assertThat(who.presentation()).isEqualTo(io.github.modemvoice.dialect.ModemEvent.Presentation.WITHHELD);
        assertThat(report.endedBy()).isEqualTo(EndedBy.HOST);
        assertThat(report.commands()).containsExactly("AT+VLS=1", "ATH");
        assertThat(report.hostAudio()).isEmpty();
        assertThat(sim.unknownCommands()).isEmpty();
    }

    @Test
    void overPseudoTerminalsThroughSerialTransport() throws Exception {
        assumeTrue(SimulatedModem.pseudoTerminalsAvailable(), "socat not installed: apt-get install socat");
        sim = SimulatedModem.builder(Persona.SIMCOM)
                .monotonicClock(MonotonicClock.system()) // real time: the caller speaks for 0.6 s
                .onPseudoTerminals();
        assertThat(sim.hostAtPath()).isPresent();
        assertThat(sim.hostAudioPath()).isPresent();
        CompletableFuture<Recording> result = new CompletableFuture<>();
        openHost(answeringMachine(RecordOptions.builder(dir.resolve("p.wav")).build(), result));
        sim.placeCall(script(Ending.KEY).callerAudio(Prompt.tone(440, Duration.ofMillis(600), 0.3)).build());
        Recording r = await(result);
        SimulatedCallReport report = sim.awaitCallEnded(T);
        assertThat(r.reason()).isEqualTo(TerminationReason.FINISH_KEY);
        assertThat(r.bytes()).isPositive();
        assertThat(report.endedBy()).isEqualTo(EndedBy.HOST);
        assertThat(report.hostAudio()).isEqualTo(GREETING.pcm());
        assertThat(report.commands()).containsSubsequence("ATA", "AT+CPCMREG=1", "AT+CPCMREG=0", "AT+CHUP");
        assertThat(sim.commands()).startsWith("AT", "ATE0");
        assertThat(sim.unknownCommands()).isEmpty();

        // a host that closes its ports (a CLI run that exits) leaves the simulator usable for the next one
        modem.close();
        CompletableFuture<Recording> second = new CompletableFuture<>();
        openHost(answeringMachine(RecordOptions.builder(dir.resolve("q.wav")).build(), second));
        sim.placeCall(script(Ending.HANGUP).callerAudio(Prompt.tone(440, Duration.ofMillis(300), 0.3)).build());
        assertThat(await(second).reason()).isEqualTo(TerminationReason.CALLER_HANGUP);
        assertThat(sim.awaitCallEnded(T).endedBy()).isEqualTo(EndedBy.CALLER);
    }

    @Test
    void dropLineOverPseudoTerminalsIsATransportLoss() throws Exception {
        assumeTrue(SimulatedModem.pseudoTerminalsAvailable(), "socat not installed: apt-get install socat");
        sim = SimulatedModem.builder(Persona.QUECTEL).monotonicClock(new VirtualMonotonicClock()).onPseudoTerminals();
        CompletableFuture<Recording> result = new CompletableFuture<>();
        openHost(answeringMachine(RecordOptions.builder(dir.resolve("d.wav")).build(), result));
        sim.placeCall(script(Ending.DROP_LINE).build());
        assertThat(await(result).reason()).isEqualTo(TerminationReason.TRANSPORT_LOST);
        assertThat(sim.awaitCallEnded(T).endedBy()).isEqualTo(EndedBy.LINE_DROPPED);
        assertThat(modem.awaitDead(T)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Persona.class, names = {"SIMCOM", "QUECTEL"})
    void keysPressedAtGivenTimesAllArriveAlsoBeforeTheAudioIsUp(Persona variant) throws Exception {
        simulateOnMocks(variant);
        CompletableFuture<DtmfInput> keys = new CompletableFuture<>();
        openHost(call -> {
            try (CallSession s = call.answer()) {
                keys.complete(s.collectDtmf(3, T, T, Optional.empty()));
            }
        });
        // the first key comes with the answer, before the host has switched the audio path on
        sim.placeCall(script(Ending.SILENCE).press('1', Duration.ZERO).press('3', Duration.ofMillis(400))
                .press('2', Duration.ofMillis(200)).build());
        assertThat(await(keys).digits()).isEqualTo("123");
        SimulatedCallReport report = sim.awaitCallEnded(T);
        assertThat(report.events()).filteredOn(e -> e.type() == SimEvent.Type.KEY_SENT).extracting(SimEvent::detail)
                .containsExactly("1", "2", "3");
    }

    @Test
    void scriptValidation() {
        assertThatThrownBy(() -> CallScript.builder().rings(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rings");
        assertThatThrownBy(() -> CallScript.builder().finishKey('x').build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finishKey");
        assertThatThrownBy(() -> CallScript.builder().press('x', Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> CallScript.builder().press('1', Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after");
        assertThatThrownBy(() -> CallScript.builder().caller(" ").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("caller");
    }
}
