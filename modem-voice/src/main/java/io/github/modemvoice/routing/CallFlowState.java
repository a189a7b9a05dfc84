package io.github.modemvoice.routing;

/**
 * The states an incoming call goes through while the after-hours call handler routes it.
 * A call moves forward only: {@code PENDING -> CONNECTED -> ANSWERED -> DISCONNECTED}, and
 * may jump to {@link #DISCONNECTED} from any state.
 */
public enum CallFlowState {
    /** The call is ringing and no routing decision has been carried out yet. */
    PENDING,
    /**
     * During open hours the call was routed without being answered: left ringing for the office
     * phones (possibly while counting rings before voicemail) or deflected. Nothing is off-hook.
     */
    CONNECTED,
    /** The call was answered (taken off-hook) and the voicemail box is running on it. */
    ANSWERED,
    /**
     * The handler is done with the call: it ended (caller hangup, our hangup, rejection,
     * deflection or failure) or was left ringing for the office phones; final.
     */
    DISCONNECTED;

    /**
     * Tells whether this is the final state.
     *
     * @return {@code true} for {@link #DISCONNECTED}
     */
    public boolean isTerminal() {
        return this == DISCONNECTED;
    }
}
