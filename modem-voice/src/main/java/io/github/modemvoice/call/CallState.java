package io.github.modemvoice.call;

/** Where the modem is in a call's life: IDLE, then RINGING, ACTIVE, ENDED and back to IDLE. */
public enum CallState {
    /** No call. */
    IDLE,
    /** A call is ringing and not yet answered. */
    RINGING,
    /** A call is answered and connected. */
    ACTIVE,
    /** The call ended; cleanup is under way; IDLE follows. */
    ENDED
}
