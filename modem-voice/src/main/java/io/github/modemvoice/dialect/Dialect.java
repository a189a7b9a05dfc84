package io.github.modemvoice.dialect;

import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.transport.Transport;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything modem-specific: initialisation, answering, rejecting, deflecting, hanging up, DTMF
 * generation and opening the call's {@link AudioChannel}. Only dialects know AT command strings.
 * Implementations are stateless or hold per-modem state only; one instance serves one modem.
 *
 * <p>This is the interface a modem family implements (one package per family, listed in
 * {@link ModemFamily}). Calls do not use it directly: they talk to a {@link ModemLine}, which
 * binds a dialect to its AT channel.
 */
public interface Dialect {

    /** @return a short name, e.g. {@code simcom} */
    String name();

    /**
     * @return the parser for this family's unsolicited result codes (its own forms, falling back
     *         to the common ones, e.g. {@code SimcomUrcs} then {@code GsmUrcs} then {@link V250Urcs})
     */
    UrcParser urcParser();

    /** @return true when the family carries audio on a separate PCM port */
    boolean needsAudioPort();

    /**
     * How long to wait after the first ring for caller identification before handing the call
     * to the handler (GSM networks send it with the first ring; analog lines between the first
     * and second ring).
     *
     * @return the wait
     */
    default Duration callerIdWait() {
        return Duration.ofMillis(1500);
    }

    /**
     * Hooks the dialect to the channel before initialisation (e.g. a DLE listener) so that it can
     * publish in-band events.
     *
     * @param at      the channel
     * @param publish delivers events in order with the channel's own
     */
    default void attach(AtChannel at, Consumer<ModemEvent> publish) {
    }

    /**
     * Brings the modem to a known state: synchronises with a noisy or busy modem, echo off,
     * verbose result codes, caller id and DTMF reporting on, no call left up.
     *
     * @param at the channel
     */
    void initialize(AtChannel at);

    /**
     * The idle watchdog's probe: a cheap command that shows the modem answers and, where the
     * family has one, that the settings {@link #initialize} made are still in force (a module
     * that restarted has forgotten them). Never called during a call. The default sends
     * {@code AT} and expects {@code OK}.
     *
     * @param at the channel (its default timeout applies)
     * @return empty when the modem is well, else what is wrong, for the log
     * @throws io.github.modemvoice.at.AtTimeoutException when the modem does not answer
     */
    default Optional<String> checkHealth(AtChannel at) {
        return DialectSupport.probe(at, "AT", lines -> Optional.empty());
    }

    /**
     * Answers the ringing call; returns when the modem accepted it.
     *
     * @param at the channel
     */
    void answer(AtChannel at);

    /**
     * Rejects the ringing call (the caller hears busy or is sent to the network's voicemail).
     *
     * @param at the channel
     */
    void reject(AtChannel at);

    /**
     * Deflects the ringing call to another number before answering ({@code AT+CTFR}).
     *
     * @param at     the channel
     * @param number the destination
     */
    void deflect(AtChannel at, String number);

    /**
     * Hangs up the active call; tolerant of a call that already ended.
     *
     * @param at the channel
     */
    void hangup(AtChannel at);

    /**
     * Sends DTMF digits to the remote party.
     *
     * @param at     the channel
     * @param digits keys {@code 0-9 * # A-D}
     */
    void sendDtmf(AtChannel at, String digits);

    /**
     * Asks the modem who is calling, for a ringing call whose caller id did not come
     * unsolicited. The default asks nothing (an analog modem only knows what the line sent
     * between the rings).
     *
     * @param at the channel
     * @return the caller id the modem reports, or empty when it has none
     */
    default Optional<ModemEvent.CallerId> queryCallerId(AtChannel at) {
        return Optional.empty();
    }

    /**
     * Opens the answered call's audio.
     *
     * @param at        the channel
     * @param audioPort the PCM port for families that {@link #needsAudioPort()}, else null
     * @return the audio channel
     */
    AudioChannel openAudio(AtChannel at, Transport audioPort);
}
