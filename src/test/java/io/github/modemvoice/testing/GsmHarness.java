package io.github.modemvoice.testing;

import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.call.CallHandler;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SIMCom or Quectel: {@link GsmModemFixture}'s scripts, caller audio on the PCM port. */
public final class GsmHarness implements ModemHarness {
    public static final String NUMBER = "+4915112344567";

    private final GsmModemFixture fx;
    private final ProbeDialect probe;
    private final boolean simcom;
    private long emitted;

    public GsmHarness(String dialectName) {
        this.fx = new GsmModemFixture(dialectName).answerable();
        this.simcom = dialectName.equals("simcom");
        this.probe = new ProbeDialect(fx.dialect());
    }

    /** @return the underlying fixture (its transports) */
    public GsmModemFixture fixture() {
        return fx;
    }

    @Override
    public String name() {
        return fx.dialectName;
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public String callerNumber() {
        return NUMBER;
    }

    @Override
    public Modem open(CallHandler handler) {
        fx.modem = Modem.open(ModemConfig.builder()
                .atPort(fx.at).audioPort(fx.pcm).dialect(probe).handler(handler)
                .callerIdWait(fx.callerIdWait)
                .commandTimeout(Duration.ofSeconds(2))
                .monotonicClock(new VirtualMonotonicClock())
                .build());
        return fx.modem;
    }

    @Override
    public void ring() {
        fx.ring(NUMBER);
    }

    @Override
    public ProbeDialect probe() {
        return probe;
    }

    @Override
    public void callerAudio(byte[] pcm16) {
        awaitRecording();
        synchronized (this) {
            emitted += pcm16.length;
        }
        fx.pcm.emitBytes(pcm16);
    }

    @Override
    public void awaitConsumed() {
        long want;
        synchronized (this) {
            want = emitted;
        }
        probe.awaitConsumed(want, WAIT);
    }

    @Override
    public void pressKey(char key) {
        // the AT port is not ordered with the PCM port: let the recorder take the audio first
        awaitConsumed();
        pressKeyNow(key);
    }

    @Override
    public void pressKeyNow(char key) {
        fx.at.emitLine(simcom ? "+DTMF: " + key + ",160" : "+QTONEDET: " + (int) key);
    }

    @Override
    public List<String> remoteHangupStyles() {
        return List.of(simcom ? "VOICE CALL: END" : "NO CARRIER");
    }

    @Override
    public void remoteHangup(String style) {
        awaitConsumed();
        fx.remoteHangup();
    }

    @Override
    public void transportLost() {
        awaitConsumed();
        fx.at.emitEof();
    }

    @Override
    public String hangupCommand() {
        return "AT+CHUP";
    }

    @Override
    public int hangupsAfterRemoteEnd() {
        return 0;
    }

    @Override
    public List<String> commands() {
        return fx.at.commands();
    }

    @Override
    public void assertWireCarries(List<byte[]> phases) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        phases.forEach(p -> all.write(p, 0, p.length));
        assertThat(fx.pcm.writtenBytes()).isEqualTo(all.toByteArray());
        assertThat(fx.at.commands()).containsSubsequence("ATA", fx.audioOn);
    }

    @Override
    public void assertAudioReleasedBeforeHangup() {
        List<String> cmds = fx.at.commands();
        assertThat(cmds).containsSubsequence(fx.audioOn, fx.audioOff);
        if (cmds.contains("AT+CHUP")) {
            assertThat(cmds.lastIndexOf(fx.audioOff)).isLessThan(cmds.indexOf("AT+CHUP"));
        }
    }

    @Override
    public void assertNoUnscriptedCommands() {
        fx.at.assertNoUnscriptedCommands();
    }

    @Override
    public void close() {
        fx.close();
    }
}
