package io.github.modemvoice.voicemail;

import io.github.modemvoice.call.TerminationReason;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored voicemail message: immutable; changes ({@code withHeard}, {@code withTranscript})
 * return copies. {@link #toString()} never shows the caller's number.
 *
 * @param schemaVersion     the metadata schema version ({@link #SCHEMA_VERSION})
 * @param id                UTC timestamp + random token, e.g. {@code 20261121T221503Z-k3f9q2}; never caller digits
 * @param audioPath         the WAV file, for stores that keep files
 * @param metadataPath      the JSON sidecar, for stores that keep files
 * @param callId            the call's id
 * @param caller            the caller as the privacy policy allows: full number, redacted, or HMAC; empty when unknown
 * @param callerRedacted    always the redacted form, e.g. {@code +***4567}, or {@code unknown}/{@code withheld}
 * @param callerPolicy      which policy produced {@code caller}
 * @param startedAt         when recording started (UTC)
 * @param endedAt           when recording ended (UTC)
 * @param durationSeconds   the stored audio's length in seconds
 * @param sizeBytes         the WAV file's size in bytes
 * @param sampleRate        the audio's sample rate (8000)
 * @param terminationReason why the recording ended
 * @param finishKey         the key that ended it, if any
 * @param heard             whether someone listened to it
 * @param transcript        the transcript; empty until filled
 * @param transcriptError   why transcription failed, when it did
 */
public record VoicemailMessage(int schemaVersion, String id, Optional<Path> audioPath, Optional<Path> metadataPath,
                               String callId, Optional<String> caller, String callerRedacted,
                               CallerPrivacy.Policy callerPolicy, Instant startedAt, Instant endedAt,
                               double durationSeconds, long sizeBytes, int sampleRate,
                               TerminationReason terminationReason, Optional<Character> finishKey, boolean heard,
                               String transcript, Optional<String> transcriptError) {

    /** The metadata schema version this library writes. */
    public static final int SCHEMA_VERSION = 1;

    /** Validates. */
    public VoicemailMessage {
        MessageIds.requireValid(id);
        Objects.requireNonNull(audioPath, "audioPath");
        Objects.requireNonNull(metadataPath, "metadataPath");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(callerRedacted, "callerRedacted");
        Objects.requireNonNull(callerPolicy, "callerPolicy");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(terminationReason, "terminationReason");
        Objects.requireNonNull(finishKey, "finishKey");
        Objects.requireNonNull(transcript, "transcript");
        Objects.requireNonNull(transcriptError, "transcriptError");
        if (durationSeconds < 0 || Double.isNaN(durationSeconds)) {
            throw new IllegalArgumentException("durationSeconds must be >= 0, was " + durationSeconds);
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must be >= 0, was " + sizeBytes);
        }
    }

    /** @param heard the new flag @return a copy */
    public VoicemailMessage withHeard(boolean heard) {
        return new VoicemailMessage(schemaVersion, id, audioPath, metadataPath, callId, caller, callerRedacted,
                callerPolicy, startedAt, endedAt, durationSeconds, sizeBytes, sampleRate, terminationReason, finishKey,
                heard, transcript, transcriptError);
    }

    /**
     * @param transcript the text (empty when it failed)
     * @param error      why it failed, or empty
     * @return a copy
     */
    public VoicemailMessage withTranscript(String transcript, Optional<String> error) {
        return new VoicemailMessage(schemaVersion, id, audioPath, metadataPath, callId, caller, callerRedacted,
                callerPolicy, startedAt, endedAt, durationSeconds, sizeBytes, sampleRate, terminationReason, finishKey,
                heard, transcript, error);
    }

    /**
     * @param audio    the WAV path
     * @param metadata the JSON path
     * @return a copy with file locations
     */
    public VoicemailMessage withPaths(Optional<Path> audio, Optional<Path> metadata) {
        return new VoicemailMessage(schemaVersion, id, audio, metadata, callId, caller, callerRedacted,
                callerPolicy, startedAt, endedAt, durationSeconds, sizeBytes, sampleRate, terminationReason, finishKey,
                heard, transcript, transcriptError);
    }

    @Override
    public String toString() {
        return "VoicemailMessage[" + id + ", caller " + callerRedacted + ", " + String.format(java.util.Locale.ROOT, "%.1f", durationSeconds)
                + " s, " + terminationReason + (heard ? ", heard" : "") + "]";
    }
}
