package io.github.modemvoice.testing;

import io.github.modemvoice.audio.Dtmf;
import io.github.modemvoice.call.CallHandler;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.internal.DtmfKeys;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailOutcome;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * A scripted GSM modem for tests of call handlers, in the manner of OkHttp's MockWebServer: the
 * modem's start-up, answer and audio commands are already scripted, and a caller is on the line,
 * in virtual time, so a test reads as a short conversation and a call takes milliseconds:
 *
 * <pre>{@code
 * try (MockModem m = MockModem.simcom().start(box)) {          // a VoicemailBox, or any CallHandler
 *     m.ring("+15551234567").afterBeep().speak(pcm).press('#');
 *     VoicemailOutcome o = m.awaitOutcome();                    // the message holds exactly pcm
 * }
 * }</pre>
 *
 * <p>The caller's part ({@link #speak}, {@link #pause}, {@link #press}, {@link #afterBeep},
 * {@link #hangUp}) is a timeline that reaches the host as a network delivers it, 20 ms at a time
 * and in step with the host: the modem's {@link io.github.modemvoice.audio.MonotonicClock} is the
 * caller's, so a prompt "plays" without real waiting, what the caller says while a prompt plays is
 * on the line at that moment (and not recorded), and what they say after the recording started
 * is recorded, whole. After a key the host is waiting for (a barge-in key of its prompt, a finish
 * key of its recording), the caller waits until that prompt or recording has ended. When the
 * timeline is used up the line carries nothing: script the caller's silence with {@link #pause}
 * (a recording that should end on silence needs the silence). {@link #ring} and
 * {@link #restart()} happen at once.
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
    /** A key press on the line: the caller's finger moving (silence), then the key's tone. */
    static final Duration KEY_GAP = Duration.ofMillis(150);
    /** ITU-T Q.24 asks receivers to accept tones of 40 ms and more; a keypad press lasts about 100 ms. */
    static final Duration KEY_TONE = Duration.ofMillis(100);

    private final Persona persona;
    private final MockTransport at = MockTransport.commands("at");
    private final MockTransport pcm = MockTransport.raw("pcm");
    private final MockCaller caller;
    private final CompletableFuture<VoicemailOutcome> outcome = new CompletableFuture<>();
    private Modem modem;
    /** Caller id reporting as {@code AT+CLIP=1} set it; a restart forgets it. */
    private volatile boolean clipOn;

    private MockModem(Persona persona) {
        this.persona = persona;
        this.caller = new MockCaller(persona, at, pcm);
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
     * Opens a {@link Modem} on this mock whose calls a {@link VoicemailBox} takes: it answers,
     * records a message (greeting, beep, recording) and hangs up; {@link #awaitOutcome()} returns
     * what it did.
     *
     * @param box the voicemail box under test
     * @return this
     */
    public MockModem start(VoicemailBox box) {
        Objects.requireNonNull(box, "box");
        return start(call -> {
            try (CallSession s = call.answer()) {
                outcome.complete(box.record(s));
            } catch (RuntimeException | Error e) {
                outcome.completeExceptionally(e);
                throw e;
            }
        });
    }

    /**
     * @return what the {@link VoicemailBox} given to {@link #start(VoicemailBox)} did with the call
     * @throws AssertionError when it has not finished within 10 s, or failed
     */
    public VoicemailOutcome awaitOutcome() {
        try {
            return outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the voicemail box did not finish within " + WAIT.toSeconds()
                    + " s; the host wrote " + at.commands(), e);
        } catch (ExecutionException e) {
            throw new AssertionError("the voicemail box failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Opens a {@link Modem} on this mock with the handler (the caller's virtual clock, caller id
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
                .atPort(at).audioPort(pcm).dialect(persona.dialect())
                .handler(call -> handler.onIncomingCall(caller.watch(call)))
                .commandTimeout(Duration.ofSeconds(2))
                .monotonicClock(caller);
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
        caller.newCall();
        at.emitLine("RING");
        if (!clipOn) {
            return this;
        }
        at.emitLine("+CLIP: \"" + number + "\"," + (number.startsWith("+") ? 145 : 129) + ",\"\",0,\"\",0");
        return this;
    }

    /**
     * The caller speaks (next in their timeline).
     *
     * @param pcm16 16-bit LE mono 8 kHz PCM
     * @return this
     */
    public MockModem speak(byte[] pcm16) {
        caller.say(Objects.requireNonNull(pcm16, "pcm16"));
        return this;
    }

    /**
     * The caller is silent for a while (the line carries digital silence).
     *
     * @param d how long; not negative
     * @return this
     */
    public MockModem pause(Duration d) {
        caller.say(silence(d));
        return this;
    }

    /**
     * The caller waits for the beep: nothing more of their timeline comes until the host's
     * recording has started.
     *
     * @return this
     */
    public MockModem afterBeep() {
        caller.afterBeep();
        return this;
    }

    /**
     * The caller presses keys. Each press is 250 ms of line time: 150 ms while the finger moves
     * (silence), then the key's DTMF tone for 100 ms, which the module reports at its end in the
     * family's form ({@code +DTMF: 5}, {@code +QTONEDET: 53}). A recording that ends on the key loses
     * exactly the press: {@link io.github.modemvoice.call.RecordOptions}' key-tone trim is 250 ms.
     *
     * @param keys keys {@code 0-9 * # A-D}
     * @return this
     */
    public MockModem press(String keys) {
        for (char k : DtmfKeys.requireKeys("keys", keys).toCharArray()) {
            byte[] gap = silence(KEY_GAP);
            byte[] tone = Dtmf.tone(k, KEY_TONE).pcm();
            byte[] press = Arrays.copyOf(gap, gap.length + tone.length);
            System.arraycopy(tone, 0, press, gap.length, tone.length);
            caller.press(k, press);
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
     * The caller hangs up (next in their timeline), reported in the family's form.
     *
     * @return this
     */
    public MockModem hangUp() {
        caller.hangUp();
        return this;
    }

    /** @return what the host has played to the caller so far (16-bit LE mono 8 kHz PCM) */
    public byte[] heard() {
        return pcm.writtenBytes();
    }

    private static byte[] silence(Duration d) {
        if (Objects.requireNonNull(d, "d").isNegative()) {
            throw new IllegalArgumentException("a pause must not be negative: " + d);
        }
        return new byte[Math.toIntExact(d.toMillis() * 16)];
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
        caller.close();
        if (modem != null) {
            modem.close();
        } else {
            at.close();
            pcm.close();
        }
    }
}
