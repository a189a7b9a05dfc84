package io.github.modemvoice.routing;

/**
 * The states an incoming call goes through while the after-hours call handler routes it.
 * A call moves forward only: {@code PENDING -> CONNECTED -> ANSWERED -> DISCONNECTED}, and
 * may jump to {@link #DISCONNECTED} from any state.
 */
public enum CallFlowState {
    /** The call is ringing and no routing decision has been carried out yet. */
    PENDING,
    /** The modem has taken the call off-hook and the voice path is up; no handler runs yet. */
    CONNECTED,
    /** A handler (for example the voicemail box) is running on the connected call. */
    ANSWERED,
    /** The call has ended (caller hangup, our hangup, rejection, deflection or failure); final. */
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
