package io.github.modemvoice.routing;

import io.github.modemvoice.voicemail.VoicemailOutcome;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step in a call's flow through the {@link AfterHoursCallHandler}. Carries only the redacted
 * caller.
 *
 * @param callId         the call
 * @param callerRedacted the caller, redacted (e.g. {@code +***4567})
 * @param state          the new state
 * @param detail         what happened, for people (e.g. "after hours: taking a message")
 * @param outcome        the voicemail outcome, on the final event of an answered call
 * @param at             when
 */
public record CallFlowEvent(String callId, String callerRedacted, CallFlowState state, String detail,
                            Optional<VoicemailOutcome> outcome, Instant at) {
    /** Validates. */
    public CallFlowEvent {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(callerRedacted, "callerRedacted");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
    }
}
