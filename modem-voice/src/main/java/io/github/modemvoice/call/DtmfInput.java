package io.github.modemvoice.call;

import java.util.Objects;

/**
 * Digits collected by {@link CallSession#collectDtmf}.
 *
 * @param digits the keys in order, without the terminator
 * @param end    why collection stopped
 */
public record DtmfInput(String digits, End end) {

    /** Why collection stopped. */
    public enum End {
        /** The maximum number of digits was reached. */
        MAX_DIGITS,
        /** The terminator key was pressed. */
        TERMINATOR,
        /** No first key within the timeout. */
        TIMEOUT,
        /** No further key within the inter-digit timeout. */
        INTER_DIGIT_TIMEOUT,
        /** The call ended. */
        CALL_ENDED
    }

    /** Validates. */
    public DtmfInput {
        Objects.requireNonNull(digits, "digits");
        Objects.requireNonNull(end, "end");
    }
}
