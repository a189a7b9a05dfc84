package io.github.modemvoice.testing;

import io.github.modemvoice.call.ModemConfig;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SIMCom or Quectel: {@link GsmModemFixture}'s scripts, caller audio on the PCM port. */
public final class GsmHarness extends ScriptedModemHarness {
    public static final String NUMBER = "+4915112344567";

    private final GsmModemFixture fx;
    private final boolean simcom;

    public GsmHarness(String dialectName) {
        this(new GsmModemFixture(dialectName).answerable());
    }

    private GsmHarness(GsmModemFixture fx) {
        super(fx.at, fx.dialect(), NUMBER, Duration.ofSeconds(2));
        this.fx = fx;
        this.simcom = fx.dialectName.equals("simcom");
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
    protected ModemConfig.Builder ports(ModemConfig.Builder config) {
        return config.audioPort(fx.pcm).callerIdWait(fx.callerIdWait);
    }

    @Override
    public void ring() {
        fx.ring(NUMBER);
    }

    @Override
    protected void emitCallerAudio(byte[] pcm16) {
        fx.pcm.emitBytes(pcm16);
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
    public String hangupCommand() {
        return "AT+CHUP";
    }

    @Override
    public int hangupsAfterRemoteEnd() {
        return 0;
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
}
