package io.github.modemvoice.testing;

import io.github.modemvoice.call.CallHandler;
import io.github.modemvoice.call.Modem;

import java.time.Duration;
import java.util.List;

/**
 * One scripted modem of some dialect, seen from the far end of the line: the same test can ring
 * it, speak into it, press keys, hang up, and then check what went over the wire, whatever the
 * dialect (SIMCom and Quectel with a PCM port, V.253 with DLE-shielded audio on the AT port).
 *
 * <p>Every harness opens its {@link Modem} on a virtual monotonic clock (playback is instant) and
 * wraps the real dialect in a {@link ProbeDialect}, so that waits are on conditions (the recording
 * phase is open, the recorder consumed the audio) and never on guessed sleeps. The caller's audio
 * is emitted only when asked for: a recording ends only by what the test makes happen.
 */
public interface ModemHarness extends AutoCloseable {
    Duration WAIT = Duration.ofSeconds(10);

    /** @return a short name for test display, e.g. {@code simcom}, {@code v253-usr} */
    String name();

    /** @return the caller number the ring carries, as the call layer reports it */
    String callerNumber();

    /** Scripts the start-up and answer conversation and opens the modem with this handler. */
    Modem open(CallHandler handler);

    /** Rings with caller id; the handler is dispatched once the caller id is known. */
    void ring();

    /** @return the probe around the real dialect */
    ProbeDialect probe();

    /** Waits until the session's recording phase is open. */
    default void awaitRecording() {
        probe().awaitRecording(WAIT);
    }

    /**
     * The caller's voice: 16-bit PCM, converted to the dialect's wire format and emitted after
     * the recording phase opened (waits for it).
     */
    void callerAudio(byte[] pcm16);

    /** Waits until the recorder has read all caller audio emitted so far. */
    void awaitConsumed();

    /** The caller presses a key, after all audio emitted so far (in the dialect's usual form). */
    void pressKey(char key);

    /** The caller presses a key now, e.g. while a prompt plays. */
    void pressKeyNow(char key);

    /** @return the ways this line reports that the caller hung up (GSM: one message; analog: busy or dial tone) */
    List<String> remoteHangupStyles();

    /** The caller hangs up in this style, after all audio emitted so far. */
    void remoteHangup(String style);

    /** The modem's port goes away, after all audio emitted so far. */
    void transportLost();

    /** @return the command that hangs up on this dialect */
    String hangupCommand();

    /** @return how often the host must send {@link #hangupCommand()} when the caller hung up first */
    int hangupsAfterRemoteEnd();

    /** @return every AT command the host sent */
    List<String> commands();

    /**
     * Checks that the bytes on the wire are exactly the played phases in this dialect's format
     * (GSM: the 16-bit PCM on the PCM port; V.253: one {@code AT+VTX} phase per prompt carrying
     * the model's 8-bit encoding, DLE-shielded).
     *
     * @param phases 16-bit PCM per playback phase, as the session wrote it
     */
    void assertWireCarries(List<byte[]> phases);

    /**
     * Checks that the call's audio path was released properly before the line was hung up (GSM:
     * the PCM switched off; V.253: every receive phase stopped with the model's DLE code and
     * every transmit phase ended with DLE ETX, before the {@code ATH} that the modem would
     * otherwise not see).
     */
    void assertAudioReleasedBeforeHangup();

    void assertNoUnscriptedCommands();

    @Override
    void close();
}
