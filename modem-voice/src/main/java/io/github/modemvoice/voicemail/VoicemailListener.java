package io.github.modemvoice.voicemail;

import io.github.modemvoice.call.Recording;

/**
 * Progress of {@link VoicemailBox#record(io.github.modemvoice.call.CallSession)}, step by step
 * (for a CLI's output or metrics). Every method has a no-op default. Methods run on the
 * recording thread and should return quickly; an exception thrown by a listener is logged and
 * otherwise ignored, so a listener can never cost a message. No argument carries the caller's
 * full number.
 */
public interface VoicemailListener {

    /** A listener that does nothing. */
    VoicemailListener NONE = new VoicemailListener() {
    };

    /** @param callId the call */
    default void greetingStarted(String callId) {
    }

    /**
     * The caller pressed a finish key during the greeting, which skips to the beep.
     *
     * @param callId the call
     * @param key    the key
     */
    default void greetingSkipped(String callId, char key) {
    }

    /**
     * @param callId    the call
     * @param messageId the id the message will have
     */
    default void recordingStarted(String callId, String messageId) {
    }

    /**
     * More of the caller's message was captured (called often, on the call's thread: return quickly).
     *
     * @param callId   the call
     * @param recorded the audio captured so far
     */
    default void recordingProgress(String callId, java.time.Duration recorded) {
    }

    /**
     * @param callId    the call
     * @param recording how the recording ended
     */
    default void recordingEnded(String callId, Recording recording) {
    }

    /** @param message the stored message */
    default void messageSaved(VoicemailMessage message) {
    }

    /**
     * @param callId the call
     * @param reason why there is no message
     */
    default void noMessage(String callId, NoMessageReason reason) {
    }

    /**
     * Recording failed; {@link VoicemailException} follows.
     *
     * @param callId  the call
     * @param failure what went wrong
     */
    default void failed(String callId, VoicemailException failure) {
    }
}
