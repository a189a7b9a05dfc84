package io.github.modemvoice.voicemail;

import io.github.modemvoice.call.TerminationReason;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link VoicemailBox#record(io.github.modemvoice.call.CallSession)} did with a call:
 * either a stored message, or "no message" with the reason. Exactly one of {@link #message()}
 * and {@link #noMessageReason()} is present.
 *
 * @param callId            the call's id
 * @param message           the stored message, when there is one
 * @param noMessageReason   why there is no message, when there is none
 * @param terminationReason why the recording ended; empty when no recording started
 */
public record VoicemailOutcome(String callId, Optional<VoicemailMessage> message,
                               Optional<NoMessageReason> noMessageReason,
                               Optional<TerminationReason> terminationReason) {

    /** Validates. */
    public VoicemailOutcome {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(noMessageReason, "noMessageReason");
        Objects.requireNonNull(terminationReason, "terminationReason");
        if (message.isPresent() == noMessageReason.isPresent()) {
            throw new IllegalArgumentException("exactly one of message and noMessageReason must be present");
        }
    }

    /**
     * @param message the stored message
     * @return an outcome with a message
     */
    public static VoicemailOutcome saved(VoicemailMessage message) {
        return new VoicemailOutcome(message.callId(), Optional.of(message), Optional.empty(),
                Optional.of(message.terminationReason()));
    }

    /**
     * @param callId            the call's id
     * @param reason            why there is no message
     * @param terminationReason why the recording ended, or empty when none started
     * @return an outcome without a message
     */
    public static VoicemailOutcome noMessage(String callId, NoMessageReason reason,
                                             Optional<TerminationReason> terminationReason) {
        return new VoicemailOutcome(callId, Optional.empty(), Optional.of(reason), terminationReason);
    }

    /** @return true when a message was stored */
    public boolean hasMessage() {
        return message.isPresent();
    }
}
