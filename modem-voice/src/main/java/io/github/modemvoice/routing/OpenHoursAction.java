package io.github.modemvoice.routing;

/**
 * What the after-hours call handler does with an incoming call while the business is open
 * (outside opening hours the call goes to voicemail).
 */
public enum OpenHoursAction {
    /** Leave the call ringing so that the office phones on the same line can pick it up. */
    RING,
    /** Deflect the call to another number (call deflection, {@code AT+CTFR}). */
    DEFLECT,
    /** Reject the call (the caller hears busy or is sent to the network's own handling). */
    REJECT
}
