package io.github.modemvoice.testing;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a simulated call, as the simulator saw or did it.
 *
 * @param type   what happened
 * @param time   when, by the simulator's wall clock
 * @param detail a short human detail (a ring count, a key, a length), possibly empty; never a
 *               full phone number
 */
public record SimEvent(Type type, Instant time, String detail) {

    /** The kinds of step. */
    public enum Type {
        /** A {@code RING} went out; detail: the ring count. */
        RINGING,
        /** The caller id went out; detail: the number redacted, or "withheld". */
        CALLER_ID,
        /** The host answered ({@code ATA}). */
        ANSWERED,
        /** The host switched PCM audio on. */
        AUDIO_ON,
        /** The host started playing audio (its greeting). */
        HOST_AUDIO,
        /** The caller started speaking; detail: the length of the audio. */
        CALLER_SPEAKING,
        /** The caller finished speaking. */
        CALLER_DONE,
        /** The caller pressed a key; detail: the key. */
        KEY_SENT,
        /** The host sent DTMF ({@code AT+VTS}); detail: the key. */
        HOST_DTMF,
        /** The host rejected the ringing call. */
        REJECTED,
        /** The host deflected the ringing call ({@code AT+CTFR}). */
        DEFLECTED,
        /** The caller hung up. */
        CALLER_HUNG_UP,
        /** The host hung up ({@code AT+CHUP} / {@code ATH}). */
        HOST_HUNG_UP,
        /** The line was dropped (ports lost). */
        LINE_DROPPED,
        /** The caller gave up ringing: a missed call. */
        MISSED,
        /** The call is over; detail: how it ended. */
        CALL_ENDED
    }

    /** Validates. */
    public SimEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(detail, "detail");
    }

    /** @return a one-line human description, e.g. {@code "ringing (2)"} */
    public String describe() {
        String what = switch (type) {
            case RINGING -> "ringing";
            case CALLER_ID -> "caller id";
            case ANSWERED -> "answered";
            case AUDIO_ON -> "audio on";
            case HOST_AUDIO -> "host playing audio";
            case CALLER_SPEAKING -> "caller speaking";
            case CALLER_DONE -> "caller finished speaking";
            case KEY_SENT -> "caller pressed";
            case HOST_DTMF -> "host sent DTMF";
            case REJECTED -> "host rejected the call";
            case DEFLECTED -> "host deflected the call";
            case CALLER_HUNG_UP -> "caller hung up";
            case HOST_HUNG_UP -> "host hung up";
            case LINE_DROPPED -> "line dropped";
            case MISSED -> "caller gave up: missed call";
            case CALL_ENDED -> "call ended";
        };
        return detail.isEmpty() ? what : what + " (" + detail + ")";
    }
}
