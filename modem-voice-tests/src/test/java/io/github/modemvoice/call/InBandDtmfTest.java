package io.github.modemvoice.call;

import io.github.modemvoice.testing.EachGsmDialect;
import io.github.modemvoice.audio.Dtmf;
import io.github.modemvoice.audio.DtmfDetector;
import io.github.modemvoice.testing.GsmModemFixture;
import io.github.modemvoice.testing.RecordProbe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.github.modemvoice.testing.GsmModemFixture.await;
import static io.github.modemvoice.testing.PcmBytes.concat;
import static io.github.modemvoice.testing.PcmBytes.readWav;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ModemConfig.Builder#inBandDtmf(boolean)}: keys heard in the caller's audio during
 * {@code record()} join the modem's keys. The scripted modems here report no DTMF at all unless
 * a test says so.
 */
class InBandDtmfTest extends ScriptedGsmCalls {

    /** Result of a call: the recording and what a collectDtmf after it found. */
    private record Outcome(Recording recording, DtmfInput after) {
    }


    /** Answers, records (awaits its start) and then collects one key; the caller's audio is up to the test. */
    private CompletableFuture<Outcome> answerRecordThenCollect(String dialect, RecordProbe probe, String name)
            throws InterruptedException {
        fx = new GsmModemFixture(dialect);
        fx.inBandDtmf = true;
        CompletableFuture<Outcome> result = onCall(call -> {
            CallSession s = call.answer();
            // a fixed threshold: the synthetic voice is one unbroken glide at a steady level, which
            // adaptive detection rightly takes for the line's noise after a few seconds
            Recording r = s.record(RecordOptions.builder(dir.resolve(name)).silenceTimeout(Duration.ZERO)
                    .silenceThresholdDbfs(-40).listener(probe).build());
            DtmfInput after = s.isActive()
                    ? s.collectDtmf(1, Duration.ofMillis(1200), Duration.ofMillis(1200), Optional.empty())
                    : null;
            return new Outcome(r, after);
        });
        probe.awaitStarted();
        return result;
    }

    /**
     * The caller speaks, then a 120 ms '#' tone sounds, then quiet; the modem may report the key
     * too. Checks that the recording ended by that key.
     *
     * @return the call's outcome
     */
    private Outcome endedByHashTone(String dialect, String name, int voiceMillis, int quietMillis, boolean modemReportsIt)
            throws Exception {
        CompletableFuture<Outcome> out = answerRecordThenCollect(dialect, new RecordProbe(), name);
        fx.pcm.emitBytes(concat(speech(voiceMillis), Dtmf.tone('#', Duration.ofMillis(120)).pcm(), new byte[16 * quietMillis]));
        if (modemReportsIt) {
            // the modem reports the same press as its tone ends (typically after the in-band detector)
            fx.at.emitLine(dialect.equals("simcom") ? "+DTMF: #,120" : "+QTONEDET: 35");
        }
        Outcome o = await(out);
        assertThat(o.recording().reason()).isEqualTo(TerminationReason.FINISH_KEY);
        assertThat(o.recording().finishKey()).contains('#');
        return o;
    }

    /** Harmonic-rich voices gliding through the pitch range of speech, with a little noise. */
    private static byte[] speechLike(int millis) {
        int n = millis * 8;
        byte[] out = new byte[n * 2];
        java.util.Random r = new java.util.Random(7);
        double ph = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / n;
            double f0 = 90 + 250 * Math.abs(Math.sin(2 * Math.PI * 1.3 * t)) + 30 * Math.sin(2 * Math.PI * 5 * i / 8000.0);
            ph += 2 * Math.PI * f0 / 8000;
            double x = 0;
            for (int h = 1; f0 * h < 3800; h++) {
                x += 5000.0 / h * Math.sin(h * ph);
            }
            int v = (int) Math.max(-32768, Math.min(32767, Math.round(x + 100 * r.nextGaussian())));
            out[2 * i] = (byte) v;
            out[2 * i + 1] = (byte) (v >> 8);
        }
        return out;
    }

    private static String keysIn(Path wav) throws Exception {
        DtmfDetector d = new DtmfDetector();
        d.accept(readWav(wav));
        return d.takeKeys();
    }

    @EachGsmDialect
    void aHashToneInTheAudioEndsTheRecordingAndIsTrimmed(String dialect) throws Exception {
        Outcome o = endedByHashTone(dialect, "k.wav", 1500, 600, false);
        Recording r = o.recording();
        // cut where the tone began (the detector places it within one 16 ms window)
        assertThat(r.duration().toMillis()).isBetween(1500L - 20, 1500L + 20);
        assertThat(keysIn(r.path())).isEmpty();
        assertThat(o.after().digits()).isEmpty(); // the key was used once, not queued twice
        fx.at.assertNoUnscriptedCommands();
    }

    @EachGsmDialect
    void aKeyReportedInBandAndByTheModemCountsOnce(String dialect) throws Exception {
        Outcome o = endedByHashTone(dialect, "d.wav", 1000, 300, true);
        assertThat(o.after().digits()).as("the modem's report of the same press is dropped").isEmpty();
        assertThat(o.after().end()).isEqualTo(DtmfInput.End.TIMEOUT);
    }

    @EachGsmDialect
    void speechWithoutTonesNeverEndsTheRecording(String dialect) throws Exception {
        RecordProbe probe = new RecordProbe();
        CompletableFuture<Outcome> out = answerRecordThenCollect(dialect, probe, "s.wav");
        byte[] speech = speechLike(4000);
        fx.pcm.emitBytes(speech);
        probe.awaitRecorded(Duration.ofMillis(4000));
        fx.remoteHangup();

        Recording r = await(out).recording();
        assertThat(r.reason()).isEqualTo(TerminationReason.CALLER_HANGUP);
        assertThat(r.finishKey()).isEmpty();
        assertThat(r.bytes()).isEqualTo(speech.length);
    }
}
