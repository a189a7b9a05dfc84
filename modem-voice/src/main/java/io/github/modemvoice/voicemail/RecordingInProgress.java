package io.github.modemvoice.voicemail;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about a message when its recording starts. A store may persist it beside the
 * recording in progress so that a message recovered after a crash keeps its caller and call id.
 *
 * @param id             the message id
 * @param callId         the call's id
 * @param caller         the caller as the privacy policy allows, or empty when unknown
 * @param callerRedacted the redacted caller, e.g. {@code +***4567}
 * @param callerPolicy   the policy that produced {@code caller}
 * @param startedAt      when recording started (UTC)
 * @param line           the name of the line (modem) taking the message, when one application
 *                       serves several ({@code VoicemailBox.Builder.line}); empty otherwise
 */
public record RecordingInProgress(String id, String callId, Optional<String> caller, String callerRedacted,
                                  CallerPrivacy.Policy callerPolicy, Instant startedAt, Optional<String> line) {
    /**
     * A recording of a single-modem application: no line name.
     *
     * @param id             the message id
     * @param callId         the call's id
     * @param caller         the caller as the privacy policy allows, or empty when unknown
     * @param callerRedacted the redacted caller
     * @param callerPolicy   the policy that produced {@code caller}
     * @param startedAt      when recording started (UTC)
     */
    public RecordingInProgress(String id, String callId, Optional<String> caller, String callerRedacted,
                               CallerPrivacy.Policy callerPolicy, Instant startedAt) {
        this(id, callId, caller, callerRedacted, callerPolicy, startedAt, Optional.empty());
    }

    /** Validates. */
    public RecordingInProgress {
        Objects.requireNonNull(line, "line");
        MessageIds.requireValid(id);
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(callerRedacted, "callerRedacted");
        Objects.requireNonNull(callerPolicy, "callerPolicy");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    @Override
    public String toString() {
        return "RecordingInProgress[" + id + ", call " + callId + ", caller " + callerRedacted + "]";
    }
}
