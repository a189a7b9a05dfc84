package io.github.modemvoice.call;

/** Why a recording ended. */
public enum TerminationReason {
    /** The caller pressed a finish key. */
    FINISH_KEY,
    /** The caller was silent for the configured time after speaking. */
    SILENCE,
    /** The length limit was reached. */
    MAX_DURATION,
    /** The caller hung up. */
    CALLER_HANGUP,
    /** The modem or its port was lost. */
    TRANSPORT_LOST,
    /** The recording was cut short on our side: interruption, local hangup, shutdown or a crash. */
    INTERRUPTED,
    /**
     * The disk (or the user's quota) filled up: the audio written before is kept, the rest of
     * what the caller said is not.
     */
    STORAGE_FULL,
    /** Writing the recording failed with another I/O error; the audio written before is kept. */
    STORAGE_ERROR
}
