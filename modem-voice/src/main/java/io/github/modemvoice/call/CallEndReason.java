package io.github.modemvoice.call;

/** How a call ended. */
public enum CallEndReason {
    /** The remote party hung up (or the network ended the call). */
    CALLER_HANGUP,
    /** We hung up. */
    LOCAL_HANGUP,
    /** The modem or one of its ports was lost. */
    TRANSPORT_LOST;

    /** @return the recording termination reason that matches this end */
    public TerminationReason asTermination() {
        switch (this) {
            case CALLER_HANGUP:
                return TerminationReason.CALLER_HANGUP;
            case TRANSPORT_LOST:
                return TerminationReason.TRANSPORT_LOST;
            default:
                return TerminationReason.INTERRUPTED;
        }
    }
}
