package io.github.modemvoice.dialect.v253;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.DtmfInput;
import io.github.modemvoice.call.PlayResult;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.testing.DeviceBytes;
import io.github.modemvoice.testing.PcmBytes;
import io.github.modemvoice.testing.PlayThenRecord;
import io.github.modemvoice.testing.V253Harness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.github.modemvoice.testing.PcmBytes.concat;
import static io.github.modemvoice.testing.PcmBytes.readWav;
import static io.github.modemvoice.testing.PcmBytes.rms;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The USRobotics 5637 path fed with bytes as the modem really sends them (issue 12): with
 * {@code AT+VSM=128,8000} the modem speaks unsigned offset binary, 0x80 = silence (vgetty
 * {@code V253modem.c}, callattendant {@code modem.py}; see {@link DeviceBytes}). The bytes here
 * are built from those facts by the test itself, never by the dialect's codec.
 */
class Usr5637WireBytesTest {
    private static final int RATE = 8000;

    @TempDir
    Path dir;

    private final V253Harness modem = V253Harness.usr5637();
    private final PlayThenRecord answering = new PlayThenRecord();

    @AfterEach
    void close() {
        modem.close();
        modem.assertNoUnscriptedCommands();
    }

    private void answerWith(Prompt greeting, RecordOptions options) {
        modem.open(incoming -> answering.answer(incoming, greeting, options));
        modem.ring();
    }

    private RecordOptions.Builder options(String name) {
        return RecordOptions.builder(dir.resolve(name)).keyToneTrim(Duration.ZERO).trimSilence(false);
    }

    /** The same bytes read as two's complement, the reading that once shipped: a control for the test. */
    private static byte[] readAsSigned(byte[] wire) {
        byte[] pcm = new byte[wire.length * 2];
        for (int i = 0; i < wire.length; i++) {
            int s = wire[i] * 256;
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        return pcm;
    }

    @Test
    void greetingGoesOutAsOffsetBinaryAndTheCallersToneIsStoredIntact() throws Exception {
        Prompt greeting = Prompt.tone(1000, Duration.ofMillis(500), 0.25);
        byte[] tone = DeviceBytes.toneOffsetBinary(1000, 64, RATE);  // 1 s of a 1 kHz tone from the line
        answerWith(greeting, options("tone.wav").finishKeys("#").silenceTimeout(Duration.ZERO).build());

        modem.awaitRecording();
        modem.at().emitBytes(V253Harness.shield(tone));
        modem.at().emitBytes(new byte[] {0x10, '#'});

        Recording r = answering.recorded().get(10, TimeUnit.SECONDS);
        assertThat(r.reason()).isEqualTo(TerminationReason.FINISH_KEY);
        byte[] pcm = readWav(r.path());
        assertThat(pcm).hasSize(RATE * 2);
        byte[] expected = DeviceBytes.fromOffsetBinary(tone);
        assertThat(DeviceBytes.correlation(pcm, expected)).isGreaterThan(0.999);
        assertThat(rms(pcm)).isCloseTo(64 * 256 / Math.sqrt(2), org.assertj.core.data.Percentage.withPercentage(3));
        // the control: read as signed, the same bytes are noise around full scale
        assertThat(DeviceBytes.correlation(readAsSigned(tone), expected)).isLessThan(0.5);

        assertThat(answering.played().get(10, TimeUnit.SECONDS).outcome()).isEqualTo(PlayResult.Outcome.COMPLETED);
        byte[] wire = modem.at().captured().get(0);
        byte[] sent = PcmBytes.of(greeting);
        assertThat(DeviceBytes.correlation(DeviceBytes.fromOffsetBinary(wire), sent)).isGreaterThan(0.999);
        // offset binary centres on 0x80: the mean byte of a whole tone is 128
        double mean = 0;
        for (byte b : Arrays.copyOf(wire, sent.length / 2)) {
            mean += b & 0xFF;
        }
        assertThat(mean / (sent.length / 2)).isCloseTo(128, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void runsOf0x80AreSilenceAndEndTheMessage() throws Exception {
        byte[] speech = DeviceBytes.toneOffsetBinary(440, 48, RATE / 2);   // 0.5 s
        byte[] quiet = DeviceBytes.silence(RATE * 3 / 2);                    // 1.5 s of 0x80
        answerWith(Prompt.beep(), options("silence.wav").silenceTimeout(Duration.ofSeconds(1)).build());

        modem.awaitRecording();
        modem.at().emitBytes(V253Harness.shield(concat(speech, quiet)));

        Recording r = answering.recorded().get(10, TimeUnit.SECONDS);
        assertThat(r.reason()).isEqualTo(TerminationReason.SILENCE);
        assertThat(r.speechDetected()).isTrue();
        byte[] pcm = readWav(r.path());
        assertThat(pcm.length).isBetween(RATE * 3, RATE * 4); // 1.5-2 s: speech plus the silence timeout
        assertThat(Arrays.copyOf(pcm, RATE)).isEqualTo(DeviceBytes.fromOffsetBinary(speech));
        assertThat(rms(Arrays.copyOfRange(pcm, RATE, pcm.length))).isZero();
    }

    @Test
    void shieldedRepeatedKeyReportsAreOnePressEach() throws Exception {
        CompletableFuture<DtmfInput> keys = new CompletableFuture<>();
        CompletableFuture<Void> answered = new CompletableFuture<>();
        modem.open(call -> {
            try (CallSession s = call.answer()) {
                answered.complete(null); // keys from now on are buffered for collectDtmf
                keys.complete(s.collectDtmf(4, Duration.ofSeconds(5), Duration.ofSeconds(5), Optional.of('#')));
            }
        });
        modem.ring();
        answered.get(10, TimeUnit.SECONDS);
        // as the USR 5637 reports a key held for ~200 ms: DLE / then the digit every ~70 ms, then DLE ~
        modem.at().emitBytes(dle("/111~/2~/22~/##~"));

        DtmfInput in = keys.get(10, TimeUnit.SECONDS);
        assertThat(in.digits()).isEqualTo("122");
        assertThat(in.end()).isEqualTo(DtmfInput.End.TERMINATOR);
    }

    private static byte[] dle(String codes) {
        byte[] out = new byte[codes.length() * 2];
        for (int i = 0; i < codes.length(); i++) {
            out[2 * i] = 0x10;
            out[2 * i + 1] = (byte) codes.charAt(i);
        }
        return out;
    }
}
