package io.github.modemvoice.dialect.v253;

import io.github.modemvoice.dialect.ModemEvent.Presentation;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.call.CallerInfo;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.call.PlayResult;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.testing.DeviceBytes;
import io.github.modemvoice.testing.PcmBytes;
import io.github.modemvoice.testing.PlayThenRecord;
import io.github.modemvoice.testing.MockTransport;
import io.github.modemvoice.testing.V253Harness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.github.modemvoice.testing.PcmBytes.concat;
import static io.github.modemvoice.testing.PcmBytes.readWav;
import static io.github.modemvoice.testing.V253Harness.shield;
import static org.assertj.core.api.Assertions.assertThat;

/** Full calls through {@link Modem} against scripted USR and Conexant modems. */
class V253CallTest {
    private static final byte DLE = 0x10;
    private static final byte ETX = 0x03;
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The two variants: model, the answer to AT+VLS=1, caller-id style. */
    enum Variant {
        USR(V253Model.USR_5637, "VCON"),
        CONEXANT(V253Model.CONEXANT_CX93001, "OK");

        final V253Model model;
        final String answerReply;

        Variant(V253Model model, String answerReply) {
            this.model = model;
            this.answerReply = answerReply;
        }

        /** A 16-bit sample that the modem's offset-binary bytes carry as 0x10: (0x10 - 128) * 256. */
        short sampleEncodingToDle() {
            return (short) -28672;
        }

        /** Both models send unsigned offset binary: silence is 0x80 (see {@link DeviceBytes}). */
        byte silence8() {
            return DeviceBytes.SILENCE;
        }
    }

    @TempDir
    Path dir;

    private final MockTransport at = MockTransport.commands("at");
    private Modem modem;
    private final CompletableFuture<CallerInfo> caller = new CompletableFuture<>();
    private final PlayThenRecord answering = new PlayThenRecord();

    @AfterEach
    void tearDown() {
        if (modem != null) {
            modem.close();
        }
        at.assertNoUnscriptedCommands();
    }

    // ------------------------------------------------------------------ helpers

    private static Prompt greeting(Variant v) {
        // 400 samples: not a multiple of the 160-sample frame, so the last frame is padded
        short[] s = new short[400];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) ((i % 7 - 3) * 3000);
        }
        s[5] = v.sampleEncodingToDle();
        s[6] = v.sampleEncodingToDle();
        s[100] = Short.MAX_VALUE;
        s[101] = Short.MIN_VALUE;
        return Prompt.ofPcm(le(s));
    }

    private static byte[] le(short[] s) {
        byte[] b = new byte[s.length * 2];
        for (int i = 0; i < s.length; i++) {
            b[2 * i] = (byte) s[i];
            b[2 * i + 1] = (byte) (s[i] >> 8);
        }
        return b;
    }

    private static byte[] line(String s) {
        return ("\r\n" + s + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** 8-bit audio from the modem, offset binary as both models send it: a varied signal with 0x10 bytes in it. */
    private static byte[] callerAudio(Variant v, int samples) {
        byte[] a = new byte[samples];
        for (int i = 0; i < samples; i++) {
            int x = (i % 16) * 8 - 64; // -64..56, loud enough to count as speech
            a[i] = (byte) (x + 0x80);
        }
        for (int i = 3; i < samples; i += 50) {
            a[i] = 0x10;
        }
        return a;
    }

    private static byte[] decode(Variant v, byte[] wire) {
        return DeviceBytes.fromOffsetBinary(wire);
    }

    private void scriptInit(Variant v) {
        V253Harness.scriptCommands(at, v.model, v.answerReply, "OK");
    }

    /** The modem answers AT+VRX with CONNECT followed by this (shielded) stream. */
    private void scriptReceive(byte[] streamAfterConnect) {
        at.when("AT+VRX").replyBytes(concat(line("CONNECT"), streamAfterConnect));
    }

    private void open(Variant v, Prompt prompt, RecordOptions options) {
        modem = Modem.open(ModemConfig.builder()
                .atPort(at)
                .dialect(new V253Dialect(v.model))
                .commandTimeout(Duration.ofSeconds(3))
                .monotonicClock(new VirtualMonotonicClock())
                .handler(incoming -> {
                    caller.complete(incoming.caller());
                    answering.answer(incoming, prompt, options);
                })
                .build());
    }

    private void ringWithCallerId(Variant v) {
        V253Harness.ringWithCallerId(at, v == Variant.USR);
    }

    private Recording recording() throws Exception {
        return answering.recorded().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private RecordOptions.Builder options(String name) {
        return RecordOptions.builder(dir.resolve(name))
                .keyToneTrim(Duration.ZERO)
                .trimSilence(false)
                .silenceTimeout(Duration.ZERO);
    }

    /** The bytes the host wrote between the AT+VTX command and the DLE ETX, in order. */
    private byte[] transmitted() {
        List<MockTransport.Write> writes = at.writes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean in = false;
        for (MockTransport.Write w : writes) {
            if (!in) {
                in = w.text().equals("AT+VTX\r");
                continue;
            }
            if (Arrays.equals(w.bytes(), new byte[] {DLE, ETX})) {
                return out.toByteArray();
            }
            out.write(w.bytes(), 0, w.bytes().length);
        }
        throw new AssertionError("no AT+VTX ... DLE ETX in the host's writes");
    }

    private void assertGreetingOnTheWire(Variant v, Prompt prompt) throws Exception {
        assertThat(answering.played().get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(PlayResult.Outcome.COMPLETED);
        byte[] pcm = Arrays.copyOf(PcmBytes.of(prompt), 480 * 2); // padded to three 160-sample frames with silence
        byte[] expected8 = DeviceBytes.offsetBinary(pcm);
        assertThat(expected8[5]).isEqualTo(DLE);
        assertThat(expected8[6]).isEqualTo(DLE);
        assertThat(expected8[479]).isEqualTo(v.silence8());
        assertThat(at.captured()).hasSize(1);
        assertThat(at.captured().get(0)).isEqualTo(expected8);
        byte[] wire = transmitted();
        assertThat(wire).isEqualTo(shield(expected8));
        assertThat(wire.length).isEqualTo(480 + countDle(expected8)); // every 0x10 doubled
    }

    private static int countDle(byte[] b) {
        int n = 0;
        for (byte x : b) {
            if (x == DLE) {
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ tests

    @ParameterizedTest
    @EnumSource(Variant.class)
    void voicemailEndedByKey(Variant v) throws Exception {
        scriptInit(v);
        byte[] audio = callerAudio(v, 600);
        scriptReceive(concat(shield(audio), new byte[] {DLE, '#'}));
        Prompt prompt = greeting(v);
        open(v, prompt, options("key.wav").finishKeys("#").build());

        ringWithCallerId(v);

        CallerInfo who = caller.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(who.number()).contains("5551234");
        assertThat(who.presentation()).isEqualTo(Presentation.ALLOWED);
        assertThat(who.name()).isEqualTo(v == Variant.USR ? java.util.Optional.of("ALICE") : java.util.Optional.empty());

        Recording r = recording();
        assertThat(r.reason()).isEqualTo(TerminationReason.FINISH_KEY);
        assertThat(r.finishKey()).contains('#');
        assertThat(readWav(r.path())).isEqualTo(decode(v, audio));
        assertGreetingOnTheWire(v, prompt);

        at.awaitCommand("ATH", WAIT);
        assertThat(at.commands()).containsSubsequence("AT+VLS=1", "AT+VTX", "AT+VRX",
                MockTransport.dle('!'), "ATH");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void busyToneEndsTheRecordingAndHangsUp(Variant v) throws Exception {
        remoteEnd(v, 'b');
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void dialToneEndsTheRecordingAndHangsUp(Variant v) throws Exception {
        remoteEnd(v, 'd');
    }

    private void remoteEnd(Variant v, char code) throws Exception {
        scriptInit(v);
        byte[] audio = callerAudio(v, 1200);
        scriptReceive(concat(shield(audio), new byte[] {DLE, (byte) code}));
        open(v, greeting(v), options("hangup.wav").build());

        ringWithCallerId(v);

        Recording r = recording();
        assertThat(r.reason()).isEqualTo(TerminationReason.CALLER_HANGUP);
        assertThat(readWav(r.path())).isEqualTo(decode(v, audio));
        at.awaitCommand("ATH", WAIT);
        List<String> cmds = at.commands();
        // the receive phase is left before the line goes on hook
        assertThat(cmds).containsSubsequence("AT+VRX", MockTransport.dle('!'), "ATH");
        assertThat(cmds.stream().filter("ATH"::equals).count()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void silenceAfterSpeechEndsTheRecording(Variant v) throws Exception {
        scriptInit(v);
        byte[] speech = callerAudio(v, 4000); // 0.5 s
        byte[] quiet = new byte[12000];       // 1.5 s
        Arrays.fill(quiet, v.silence8());
        scriptReceive(shield(concat(speech, quiet)));
        open(v, greeting(v), options("silence.wav").silenceTimeout(Duration.ofSeconds(1)).build());

        ringWithCallerId(v);

        Recording r = recording();
        assertThat(r.reason()).isEqualTo(TerminationReason.SILENCE);
        assertThat(r.speechDetected()).isTrue();
        byte[] pcm = readWav(r.path());
        assertThat(pcm.length).isBetween(16000 * 3 / 2, 16000 * 2);
        assertThat(Arrays.copyOf(pcm, 8000)).isEqualTo(decode(v, speech));
        at.awaitCommand("ATH", WAIT);
        assertThat(at.commands()).containsSubsequence("AT+VRX", MockTransport.dle('!'), "ATH");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void lengthLimitEndsTheRecording(Variant v) throws Exception {
        scriptInit(v);
        byte[] audio = callerAudio(v, 12000); // 1.5 s
        scriptReceive(shield(audio));
        open(v, greeting(v), options("limit.wav").maxDuration(Duration.ofSeconds(1)).build());

        ringWithCallerId(v);

        Recording r = recording();
        assertThat(r.reason()).isEqualTo(TerminationReason.MAX_DURATION);
        assertThat(r.duration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(readWav(r.path())).isEqualTo(decode(v, Arrays.copyOf(audio, 8000)));
        at.awaitCommand("ATH", WAIT);
        assertThat(at.commands()).containsSubsequence("AT+VRX", MockTransport.dle('!'), "ATH");
    }

    @Test
    void privateCallerIsWithheld() throws Exception {
        CallerInfo who = callerWithoutNumber(Variant.CONEXANT, "private.wav",
                "DATE=1121", "TIME=2215", "NMBR=P", "NAME=P");
        assertThat(who.name()).isEmpty();
        assertThat(who.presentation()).isEqualTo(Presentation.WITHHELD);
    }

    @Test
    void outOfAreaCallerIsUnavailable() throws Exception {
        CallerInfo who = callerWithoutNumber(Variant.USR, "ooa.wav",
                "DATE = 1121", "TIME = 2215", "NMBR = O", "RING");
        assertThat(who.presentation()).isEqualTo(Presentation.UNAVAILABLE);
    }

    /** Rings with RING and these caller-id lines; a short recording ends by '#'. @return who called, without a number */
    private CallerInfo callerWithoutNumber(Variant v, String wav, String... callerIdLines) throws Exception {
        scriptInit(v);
        scriptReceive(concat(shield(callerAudio(v, 160)), new byte[] {DLE, '#'}));
        open(v, greeting(v), options(wav).build());

        at.emitLine("RING");
        for (String line : callerIdLines) {
            at.emitLine(line);
        }

        CallerInfo who = caller.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(who.number()).isEmpty();
        assertThat(recording().reason()).isEqualTo(TerminationReason.FINISH_KEY);
        return who;
    }

    @Test
    void dleCodesInCommandModeBecomeEvents() throws Exception {
        Variant v = Variant.USR;
        scriptInit(v);
        modem = Modem.open(ModemConfig.builder().atPort(at).dialect(new V253Dialect(v.model))
                .handler(call -> call.ignore()).build());
        // DLE R in command mode is a ring: the modem goes to RINGING
        at.emitBytes(new byte[] {DLE, 'R'});
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (modem.state() != io.github.modemvoice.call.CallState.RINGING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(modem.state()).isEqualTo(io.github.modemvoice.call.CallState.RINGING);
    }

    @Test
    void deflectIsUnsupportedOnAnalogLines() {
        V253Dialect d = new V253Dialect(V253Model.USR_5637);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.deflect(null, "5551234"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("analog");
    }
}
