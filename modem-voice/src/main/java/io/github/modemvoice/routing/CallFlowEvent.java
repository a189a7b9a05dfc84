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
 * @param result         how the call ended, as a type: present exactly on the final
 *                       ({@link CallFlowState#DISCONNECTED}) event
 */
public record CallFlowEvent(String callId, String callerRedacted, CallFlowState state, String detail,
                            Optional<VoicemailOutcome> outcome, Instant at, Optional<CallOutcome> result) {

    /**
     * An event before the final one (no {@link CallOutcome}).
     *
     * @param callId         the call
     * @param callerRedacted the caller, redacted
     * @param state          the new state
     * @param detail         what happened, for people
     * @param outcome        the voicemail outcome
     * @param at             when
     */
    public CallFlowEvent(String callId, String callerRedacted, CallFlowState state, String detail,
                         Optional<VoicemailOutcome> outcome, Instant at) {
        this(callId, callerRedacted, state, detail, outcome, at, Optional.empty());
    }

    /** Validates. */
    public CallFlowEvent {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(callerRedacted, "callerRedacted");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(result, "result");
        if (result.isPresent() != state.isTerminal()) {
            throw new IllegalArgumentException("the final event, and only it, carries the call's outcome");
        }
    }
}
