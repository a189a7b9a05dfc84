package io.github.modemvoice.pipeline;

import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.internal.Durations;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.VoicemailMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Notifier} tells the team about one stored message: its metadata and transcript,
 * with the caller exactly as the message's privacy policy left it. The message id is the
 * idempotency key: a notifier may see the same notification more than once (a retry after a
 * lost answer) and receivers should deduplicate by it. {@link #toString()} never shows the caller.
 *
 * @param messageId         the message id, also the idempotency key
 * @param callId            the call's id
 * @param caller            the caller as the privacy policy left it (full, redacted or HMAC); empty when unknown
 * @param callerRedacted    the redacted form, or {@code unknown}/{@code withheld}
 * @param callerPolicy      the policy that produced {@code caller}
 * @param startedAt         when recording started (UTC)
 * @param endedAt           when recording ended (UTC)
 * @param duration          the audio's length
 * @param sizeBytes         the WAV's size in bytes
 * @param terminationReason why the recording ended
 * @param finishKey         the key that ended it, if any
 * @param transcript        the transcript, empty when there is none
 * @param transcriptError   why transcription failed, when it did
 * @param line              the name of the modem that took the message, when one answering machine serves several
 * @param callerName        the caller's name from caller id, as the message kept it (only under the FULL policy)
 */
public record Notification(String messageId, String callId, Optional<String> caller, String callerRedacted,
                           CallerPrivacy.Policy callerPolicy, Instant startedAt, Instant endedAt,
                           Duration duration, long sizeBytes, TerminationReason terminationReason,
                           Optional<Character> finishKey, String transcript, Optional<String> transcriptError,
                           Optional<String> line, Optional<String> callerName) {

    /** Validates. */
    public Notification {
        MessageIds.requireValid(messageId);
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(callerRedacted, "callerRedacted");
        Objects.requireNonNull(callerPolicy, "callerPolicy");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(terminationReason, "terminationReason");
        Objects.requireNonNull(finishKey, "finishKey");
        Objects.requireNonNull(transcript, "transcript");
        Objects.requireNonNull(transcriptError, "transcriptError");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(callerName, "callerName");
    }

    /**
     * @param message a stored message
     * @return the notification about it
     */
    public static Notification of(VoicemailMessage message) {
        Objects.requireNonNull(message, "message");
        return new Notification(message.id(), message.callId(), message.caller(), message.callerRedacted(),
                message.callerPolicy(), message.startedAt(), message.endedAt(), message.duration(),
                message.sizeBytes(), message.terminationReason(), message.finishKey(), message.transcript(),
                message.transcriptError(), message.line(), message.callerName());
    }

    /** @return the audio's length in seconds, the unit of the JSON's {@code duration_seconds} */
    public double durationSeconds() {
        return Durations.toSeconds(duration);
    }

    @Override
    public String toString() {
        return "Notification[" + messageId + ", caller " + callerRedacted + "]";
    }
}
