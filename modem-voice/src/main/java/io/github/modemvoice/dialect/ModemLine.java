package io.github.modemvoice.dialect;

import io.github.modemvoice.transport.Transport;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The call layer's view of one modem: a {@link Dialect} bound to its AT port (and PCM port).
 * It speaks calls and typed {@link ModemEvent}s; no AT string or channel crosses it. Opened once
 * per modem with {@link #open}; events are delivered in order on one dispatcher thread.
 */
public interface ModemLine extends AutoCloseable {

    /**
     * Opens the AT channel with the dialect's URC parser, attaches the dialect (its in-band
     * events are ordered with the parsed ones) and initialises the modem.
     *
     * @param dialect        the family's behaviour
     * @param atPort         the AT port (opened when needed; closed by {@link #close()})
     * @param audioPort      the PCM port for families that {@link Dialect#needsAudioPort()}, else null
     * @param commandTimeout the default AT command timeout
     * @param events         receives every event in arrival order on the dispatcher thread
     * @return the initialised line
     * @throws io.github.modemvoice.ModemVoiceException when the modem cannot be initialised; the
     *                                                  AT port is closed then
     */
    static ModemLine open(Dialect dialect, Transport atPort, Transport audioPort, Duration commandTimeout,
                          Consumer<? super ModemEvent> events) {
        return AtModemLine.open(dialect, atPort, audioPort, commandTimeout, events);
    }

    /** @return the AT port's name, for logs */
    String name();

    /** @return the dialect behind this line */
    Dialect dialect();

    /** @return true until the AT port is lost or the line closed */
    boolean isAlive();

    /**
     * @return true while a command is in flight on the AT port (a probe would queue behind it)
     */
    boolean isBusy();

    /**
     * Runs the dialect's watchdog probe ({@link Dialect#checkHealth}).
     *
     * @return empty when the modem is well, else what is wrong (also when it did not answer in time)
     */
    Optional<String> checkHealth();

    /**
     * Runs the dialect's initialisation again on the same port (after the modem restarted or
     * lost its settings): caller id, DTMF and audio settings back on.
     *
     * @throws io.github.modemvoice.ModemVoiceException when the modem cannot be initialised
     */
    void reinitialize();

    /**
     * Answers the ringing call; returns when the modem accepted it.
     *
     * @throws CallGoneException when the modem reports the caller already gone
     */
    void answer();

    /** Rejects the ringing call. */
    void reject();

    /**
     * Deflects the ringing call to another number.
     *
     * @param number the destination
     */
    void deflect(String number);

    /** Hangs up the active call; tolerant of a call that already ended. */
    void hangup();

    /**
     * Sends DTMF digits to the remote party.
     *
     * @param digits keys {@code 0-9 * # A-D}
     */
    void sendDtmf(String digits);

    /**
     * Asks the modem who is calling ({@link Dialect#queryCallerId}), for a ringing call whose
     * caller id did not come on its own.
     *
     * @return the caller id, or empty when the modem has none
     */
    default Optional<ModemEvent.CallerId> queryCallerId() {
        return Optional.empty();
    }

    /** @return the answered call's audio */
    AudioChannel openAudio();

    /** Closes the AT channel and its port. Idempotent. */
    @Override
    void close();
}
