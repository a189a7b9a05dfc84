package io.github.modemvoice.dialect;

import io.github.modemvoice.PhoneNumbers;
import io.github.modemvoice.internal.DtmfKeys;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed event from the modem, the vocabulary between dialects and calls: an unsolicited result
 * code parsed by a family's parser, or an
 * in-band signal reported by a dialect (for example a V.253 DLE code). Events are delivered to
 * listeners in arrival order. The {@code toString} of events carrying a phone number redacts it.
 */
public sealed interface ModemEvent {

    /** {@code RING} (or a V.253 {@code DLE R}). */
    record Ring() implements ModemEvent {
    }

    /** How the network presented the caller's number. */
    enum Presentation {
        /** The number is present. */
        ALLOWED,
        /** The caller withheld it (private, anonymous). */
        WITHHELD,
        /** The network could not provide it (out of area, unavailable). */
        UNAVAILABLE
    }

    /**
     * Caller identification ({@code +CLIP}, or V.253 {@code NMBR=}/{@code NAME=}).
     *
     * @param number       the number as delivered, empty when not available
     * @param name         the caller's name when the network sent one
     * @param presentation whether the number is present, withheld or unavailable
     */
    record CallerId(String number, Optional<String> name, Presentation presentation) implements ModemEvent {
        /** Validates the components. */
        public CallerId {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(presentation, "presentation");
        }

        @Override
        public String toString() {
            return "CallerId[number=" + PhoneNumbers.redact(number) + ", name=" + name.map(n -> "<present>").orElse("none")
                    + ", presentation=" + presentation + "]";
        }
    }

    /**
     * A DTMF key received from the remote party.
     *
     * @param key      one of {@code 0-9 * # A-D}
     * @param duration the tone's length when the modem reports it
     */
    record Dtmf(char key, Optional<Duration> duration) implements ModemEvent {
        /** Validates the key. */
        public Dtmf {
            DtmfKeys.requireKey("key", key);
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** The voice call is connected ({@code VOICE CALL: BEGIN}, {@code CONNECT} after answering). */
    record CallConnected() implements ModemEvent {
    }

    /** Why the modem says the call ended. */
    enum EndSignal {
        /** {@code VOICE CALL: END}. */
        VOICE_CALL_END,
        /** {@code NO CARRIER}. */
        NO_CARRIER,
        /** {@code BUSY}. */
        BUSY,
        /** {@code NO ANSWER}. */
        NO_ANSWER,
        /** A busy tone on an analog line (V.253 {@code DLE b}): the caller hung up. */
        BUSY_TONE,
        /** A dial tone on an analog line (V.253 {@code DLE d}): the caller hung up. */
        DIAL_TONE,
        /** A call-end report from the modem in another form ({@code +CLCC} gone, etc.). */
        OTHER
    }

    /**
     * The call ended on the modem's or the network's side.
     *
     * @param signal   how it was reported
     * @param duration the call duration when the modem reports it
     */
    record CallEnded(EndSignal signal, Optional<Duration> duration) implements ModemEvent {
        /** Validates the components. */
        public CallEnded {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * A call that rang and was not answered ({@code MISSED_CALL: <time> <number>}).
     *
     * @param time   the modem's time stamp text
     * @param number the caller's number as delivered
     */
    record MissedCall(String time, String number) implements ModemEvent {
        @Override
        public String toString() {
            return "MissedCall[time=" + time + ", number=" + PhoneNumbers.redact(number) + "]";
        }
    }

    /** In-band line conditions an analog voice modem reports. */
    enum LineCondition {
        /** V.253 {@code DLE s}: silence detected for the configured time. */
        SILENCE,
        /** V.253 {@code DLE q}: quiet after speech. */
        QUIET,
        /** V.253 {@code DLE u}: transmit buffer underrun. */
        UNDERRUN,
        /** V.253 {@code DLE o}: receive buffer overrun. */
        OVERRUN,
        /** V.253 {@code DLE h}: local handset on hook. */
        HANDSET_ON_HOOK,
        /** V.253 {@code DLE H}: local handset off hook. */
        HANDSET_OFF_HOOK
    }

    /**
     * An in-band line condition.
     *
     * @param condition what the modem detected
     */
    record LineSignal(LineCondition condition) implements ModemEvent {
        /** Validates the condition. */
        public LineSignal {
            Objects.requireNonNull(condition, "condition");
        }
    }

    /**
     * The modem announced that it has just started (power-on, brown-out, firmware watchdog):
     * SIMCom {@code RDY}, {@code SMS DONE}, Quectel {@code +QUSIM: 1}, ... A restarted module
     * has its default settings again (no caller id, no DTMF reports), and a call that was up is
     * gone. One restart sends a burst of such lines; each is one event.
     *
     * @param announcement the line as the modem sent it, blank-stripped
     */
    record ModemRestarted(String announcement) implements ModemEvent {
        /** Validates the announcement. */
        public ModemRestarted {
            Objects.requireNonNull(announcement, "announcement");
        }
    }

    /**
     * A line the parser does not know. Delivered rather than dropped.
     *
     * @param line the line, with control characters removed
     */
    record Unrecognized(String line) implements ModemEvent {
        /** Masks runs of five or more digits: an unknown line may carry a phone number. */
        @Override
        public String toString() {
            return "Unrecognized[" + line.replaceAll("\\d{5,}", "<digits>") + "]";
        }
    }

    /**
     * The transport under the channel is gone; no more events follow.
     *
     * @param reason what was observed
     */
    record TransportLost(String reason) implements ModemEvent {
    }
}
