package io.github.modemvoice.voicemail;

/** Why a call to the voicemail box left no message. */
public enum NoMessageReason {
    /** The caller hung up before the recording started (during the greeting or the beep). */
    CALLER_HUNG_UP_EARLY,
    /** The recording was shorter than the box's minimum duration and was discarded. */
    TOO_SHORT,
    /**
     * The caller hung up while the call was being answered: the box never ran (the call
     * handler's reason, never the box's).
     */
    CALLER_HUNG_UP_BEFORE_ANSWER
}
