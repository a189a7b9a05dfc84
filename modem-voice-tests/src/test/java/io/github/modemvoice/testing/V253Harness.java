package io.github.modemvoice.testing;

import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.dialect.v253.V253Dialect;
import io.github.modemvoice.dialect.v253.V253Model;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An analog V.253 voice modem (USRobotics 5637 or Conexant CX93001) on one MockTransport: caller
 * id as {@code DATE/TIME/NMBR/NAME} lines, {@code AT+VLS=1} off hook, greeting through
 * {@code AT+VTX} (captured un-shielded by the mock), caller audio as the model's 8-bit format
 * DLE-shielded inside the {@code AT+VRX} stream, keys and the far end's hangup (busy or dial
 * tone) as DLE codes in that stream, in order with the audio.
 */
public final class V253Harness extends ScriptedModemHarness {
    private static final byte DLE = 0x10;
    private static final byte ETX = 0x03;
    public static final String NUMBER = "5551234";

    private final V253Model model;
    private final boolean usr;

    private V253Harness(V253Model model, boolean usr) {
        super(MockTransport.commands("at"), new V253Dialect(model), NUMBER, Duration.ofSeconds(3));
        this.model = model;
        this.usr = usr;
        String offHook = usr ? "VCON" : "OK";
        scriptCommands(at(), model, offHook, offHook);
        at().when("AT+VRX").reply("CONNECT");
    }

    /**
     * Scripts a V.253 modem's answers to the host's commands, all but {@code AT+VRX} (whose
     * reply carries the caller's audio).
     *
     * @param at                 the AT port
     * @param model              the modem's model (its {@code AT+VSM} and receive-stop code)
     * @param offHookReply       the answer to {@code AT+VLS=1}
     * @param afterTransmitReply the answer to the DLE ETX that ends an {@code AT+VTX} phase
     */
    public static void scriptCommands(MockTransport at, V253Model model, String offHookReply, String afterTransmitReply) {
        at.when("AT").reply("OK");
        at.when("ATE0").reply("OK");
        at.when("ATV1").reply("OK");
        at.when("AT+FCLASS=8").reply("OK");
        at.when("AT+VCID=1").reply("OK");
        at.when(model.vsmCommand()).reply("OK");
        at.when("AT+VSD=128,0").reply("OK");
        at.when("AT+VLS=0").reply("OK");
        at.when("AT+VLS=1").reply(offHookReply);
        at.when("AT+VTX").reply("CONNECT").thenCaptureDleData(afterTransmitReply);
        at.when(MockTransport.dle(model.receiveStopCode())).replyBytes(new byte[] {DLE, ETX}).reply("OK");
        at.when("ATH").reply("OK");
    }

    /**
     * Rings with caller id {@link #NUMBER}: USRobotics style (blanks around '=', NAME after
     * NMBR) or Conexant style (no blanks, no NAME, the number published before the second RING).
     */
    public static void ringWithCallerId(MockTransport at, boolean usr) {
        at.emitLine("RING");
        if (usr) {
            at.emitLine("DATE = 1121");
            at.emitLine("TIME = 2215");
            at.emitLine("NMBR = " + NUMBER);
            at.emitLine("NAME = ALICE");
        } else {
            at.emitLine("DATE=1121");
            at.emitLine("TIME=2215");
            at.emitLine("NMBR=" + NUMBER);
            at.emitLine("RING");
        }
    }

    public static V253Harness usr5637() {
        return new V253Harness(V253Model.USR_5637, true);
    }

    public static V253Harness conexant() {
        return new V253Harness(V253Model.CONEXANT_CX93001, false);
    }

    public V253Model model() {
        return model;
    }

    @Override
    public String name() {
        return usr ? "v253-usr5637" : "v253-conexant";
    }

    @Override
    protected ModemConfig.Builder ports(ModemConfig.Builder config) {
        return config;
    }

    @Override
    public void ring() {
        ringWithCallerId(at(), usr);
    }

    /** @return the bytes both models send for 16-bit PCM: offset binary, from the cited facts in {@link DeviceBytes} */
    public byte[] encode(byte[] pcm16) {
        return DeviceBytes.offsetBinary(pcm16);
    }

    /** @return the data DLE-shielded as ITU-T V.253 sends it: every 0x10 doubled */
    public static byte[] shield(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : data) {
            out.write(b);
            if (b == DLE) {
                out.write(DLE);
            }
        }
        return out.toByteArray();
    }

    @Override
    protected void emitCallerAudio(byte[] pcm16) {
        at().emitBytes(shield(encode(pcm16)));
    }

    @Override
    public void pressKey(char key) {
        // inside the receive stream, in order with the audio
        pressKeyNow(key);
    }

    @Override
    public void pressKeyNow(char key) {
        at().emitBytes(new byte[] {DLE, (byte) key});
    }

    @Override
    public List<String> remoteHangupStyles() {
        return List.of("busy tone", "dial tone");
    }

    @Override
    public void remoteHangup(String style) {
        at().emitBytes(new byte[] {DLE, (byte) (style.equals("busy tone") ? 'b' : 'd')});
    }

    @Override
    public String hangupCommand() {
        return "ATH";
    }

    /** An analog line has no hangup message: the host still has to go on hook, once. */
    @Override
    public int hangupsAfterRemoteEnd() {
        return 1;
    }

    @Override
    public void assertWireCarries(List<byte[]> phases) {
        List<byte[]> captured = at().captured();
        assertThat(captured).as("one AT+VTX phase per prompt").hasSameSizeAs(phases);
        for (int i = 0; i < phases.size(); i++) {
            assertThat(captured.get(i)).as("8-bit audio of phase %d", i).isEqualTo(encode(phases.get(i)));
        }
        assertThat(at().commands().stream().filter("AT+VTX"::equals)).hasSameSizeAs(phases);
        assertThat(at().commands()).containsSubsequence("AT+VLS=1", "AT+VTX");
    }

    @Override
    public void assertAudioReleasedBeforeHangup() {
        List<String> cmds = at().commands();
        String stop = MockTransport.dle(model.receiveStopCode());
        for (int i = 0; i < cmds.size(); i++) {
            if (cmds.get(i).equals("AT+VRX")) {
                assertThat(i + 1).as("AT+VRX is never left: %s", cmds).isLessThan(cmds.size());
                assertThat(cmds.get(i + 1)).as("the command after AT+VRX in %s", cmds).isEqualTo(stop);
            }
        }
        assertThat(at().capturing()).as("a transmit phase is still open").isFalse();
        assertThat(at().captured()).as("every AT+VTX ended with DLE ETX")
                .hasSize((int) cmds.stream().filter("AT+VTX"::equals).count());
        assertThat(cmds).contains("ATH");
    }
}
