package io.github.modemvoice.testing;

import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.call.CallHandler;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.internal.DtmfKeys;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A scripted GSM modem for tests of call handlers, in the manner of OkHttp's MockWebServer: the
 * modem's start-up, answer and audio commands are already scripted, so a test reads as a short
 * conversation.
 *
 * <pre>{@code
 * try (MockModem m = MockModem.simcom().start(myHandler)) {
 *     m.ring("+15551234567");
 *     m.speak(pcm); m.press('#');
 *     m.awaitCommand("AT+CHUP");
 * }
 * }</pre>
 *
 * <p>Two {@link MockTransport}s stand for the AT port ({@link #at()}) and the PCM port
 * ({@link #pcm()}); add rules to {@link #at()} for anything else the handler does (rules made
 * with {@code once()} or {@code times(n)} take precedence over the ones scripted here). The lines
 * it sends are the family's own forms (its {@code Persona}): SIMCom {@code +DTMF: 5} and
 * {@code VOICE CALL: END: 000012}, Quectel {@code +QTONEDET: 53} and {@code NO CARRIER}. Analog
 * V.253 modems carry audio in-band on the AT port; use {@link SimulatedModem} for them.
 */
public final class MockModem implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Persona persona;
    private final MockTransport at = MockTransport.commands("at");
    private final MockTransport pcm = MockTransport.raw("pcm");
    private Modem modem;
    /** Caller id reporting as {@code AT+CLIP=1} set it; a restart forgets it. */
    private volatile boolean clipOn;

    private MockModem(Persona persona) {
        this.persona = persona;
        at.when("AT+CLIP=1").reply("OK").then(m -> clipOn = true);
        // 27.007 7.6 read command: +CLIP: <n>,<m> (<m> 1: the network provides CLIP)
        at.when("AT+CLIP?").respond((c, m) -> m.emitLine("+CLIP: " + (clipOn ? 1 : 0) + ",1")).reply("OK");
        String[] ok = {"AT", "ATE0", "ATV1", "AT+CMEE=1", "AT+CLCC", "AT+CHUP", "ATH",
            persona.audioOnCommand(), persona.audioOffCommand()};
        for (String c : ok) {
            at.when(c).reply("OK");
        }
        if (persona == Persona.SIMCOM) {
            at.when("AT+DDET=1,0,1").reply("ERROR"); // a SIM7600 refuses it and reports +RXDTMF on its own
        } else {
            at.when("AT+QTONEDET=1").reply("OK");
        }
        at.when("ATA").reply(persona.answerReply().toArray(new String[0]));
        at.whenMatches("AT\\+VTS=[0-9*#A-D]").reply("OK");
        at.whenMatches("AT\\+CTFR=.*").reply("OK");
    }

    /** @return a SIMCom SIM7600 */
    public static MockModem simcom() {
        return of(ModemModel.SIMCOM_SIM7600);
    }

    /** @return a Quectel EC25 */
    public static MockModem quectel() {
        return of(ModemModel.QUECTEL_EC25);
    }

    /**
     * @param model a GSM model of the family registry
     * @return a mock of it
     * @throws IllegalArgumentException for an analog V.253 model (use {@link SimulatedModem})
     */
    public static MockModem of(ModemModel model) {
        if (!model.needsAudioPort()) {
            throw new IllegalArgumentException(model + " carries audio in-band; use SimulatedModem for V.253 models");
        }
        return new MockModem(Persona.of(model));
    }

    /**
     * Opens a {@link Modem} on this mock with the handler (virtual monotonic clock, caller id
     * handed over at once, 2 s command timeout).
     *
     * @param handler the call handler under test
     * @return this
     */
    public MockModem start(CallHandler handler) {
        return start(handler, b -> b);
    }

    /**
     * @param handler   the call handler under test
     * @param configure adjusts the configuration before the modem opens
     * @return this
     */
    public MockModem start(CallHandler handler, UnaryOperator<ModemConfig.Builder> configure) {
        Objects.requireNonNull(handler, "handler");
        ModemConfig.Builder b = ModemConfig.builder()
                .atPort(at).audioPort(pcm).dialect(persona.dialect()).handler(handler)
                .commandTimeout(Duration.ofSeconds(2))
                .monotonicClock(new VirtualMonotonicClock());
        modem = Modem.open(configure.apply(b).build());
        return this;
    }

    /** @return the modem opened by {@link #start} */
    public Modem modem() {
        if (modem == null) {
            throw new IllegalStateException("start(handler) first");
        }
        return modem;
    }

    /** @return the AT port */
    public MockTransport at() {
        return at;
    }

    /** @return the PCM port */
    public MockTransport pcm() {
        return pcm;
    }

    /**
     * The network rings with caller id ({@code RING}, then 27.007 {@code +CLIP}, which the
     * module sends only while caller id is on: after {@link #restart()} until the host sends
     * {@code AT+CLIP=1} again, the ring comes without it).
     *
     * @param number the caller's number
     * @return this
     */
    public MockModem ring(String number) {
        at.emitLine("RING");
        if (!clipOn) {
            return this;
        }
        at.emitLine("+CLIP: \"" + number + "\"," + (number.startsWith("+") ? 145 : 129) + ",\"\",0,\"\",0");
        return this;
    }

    /**
     * The caller speaks: waits until the host switched audio on, then sends the PCM.
     *
     * @param pcm16 16-bit LE mono 8 kHz PCM
     * @return this
     */
    public MockModem speak(byte[] pcm16) {
        at.awaitCommand(persona.audioOnCommand(), WAIT);
        pcm.emitBytes(pcm16);
        return this;
    }

    /**
     * The caller presses keys, reported in the family's form, now (also before the audio path
     * is up: the call keeps them).
     *
     * @param keys keys {@code 0-9 * # A-D}
     * @return this
     */
    public MockModem press(String keys) {
        for (char k : DtmfKeys.requireKeys("keys", keys).toCharArray()) {
            at.emitLine(persona.dtmfLine(k));
        }
        return this;
    }

    /**
     * @param key a key {@code 0-9 * # A-D}
     * @return this
     */
    public MockModem press(char key) {
        return press(String.valueOf(key));
    }

    /**
     * The caller hangs up, reported in the family's form.
     *
     * @return this
     */
    public MockModem hangUp() {
        at.emitLine(persona.remoteHangupLine("000012"));
        return this;
    }

    /**
     * The module restarts (brown-out, firmware watchdog): it forgets its settings (caller id
     * off: {@code AT+CLIP?} answers {@code +CLIP: 0,1} until the host sends {@code AT+CLIP=1}
     * again) and prints its boot announcements ({@code Persona#bootLines()}, e.g. SIMCom
     * {@code RDY}, {@code +CPIN: READY}, {@code SMS DONE}, {@code PB DONE}).
     *
     * @return this
     */
    public MockModem restart() {
        clipOn = false;
        for (String l : persona.bootLines()) {
            at.emitLine(l);
        }
        return this;
    }

    /**
     * @param command a command the host must write
     * @return the command's record
     * @throws AssertionError when it is not written within 10 s
     */
    public MockTransport.Command awaitCommand(String command) {
        return at.awaitCommand(command, WAIT);
    }

    /** @return every command the host wrote to the AT port so far */
    public List<String> commands() {
        return at.commands();
    }

    /** Closes the modem (which closes both ports). */
    @Override
    public void close() {
        if (modem != null) {
            modem.close();
        } else {
            at.close();
            pcm.close();
        }
    }
}
