package io.github.modemvoice.call;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a playback ended.
 *
 * @param outcome   why it ended
 * @param key       the key that interrupted it, for {@link Outcome#KEY_PRESSED}
 * @param played    how much audio was sent
 * @param underruns frames sent after their play time (the modem may have run dry)
 */
public record PlayResult(Outcome outcome, Optional<Character> key, Duration played, long underruns) {

    /** Why a playback ended. */
    public enum Outcome {
        /** All audio was sent. */
        COMPLETED,
        /** A barge-in key was pressed (the key stays buffered for collection). */
        KEY_PRESSED,
        /** {@link CallSession#cancelPlayback()} or thread interruption. */
        CANCELLED,
        /** The call ended. */
        CALL_ENDED
    }

    /** Validates. */
    public PlayResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(played, "played");
    }
}
