package io.github.modemvoice.voicemail;

import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.internal.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored voicemail message: immutable; built with {@link #builder()}; changes ({@code withHeard},
 * {@code withTranscript}, {@link #toBuilder()}) return copies. {@link #toString()} never shows the caller's number.
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
 * @param duration          the stored audio's length
 * @param sizeBytes         the WAV file's size in bytes
 * @param sampleRate        the audio's sample rate (8000)
 * @param terminationReason why the recording ended
 * @param finishKey         the key that ended it, if any
 * @param heard             whether someone listened to it
 * @param transcript        the transcript; empty until filled
 * @param transcriptError   why transcription failed, when it did
 * @param line              which line (modem) of a several-modem answering machine took the
 *                          message, by its configured name; empty for a single modem
 * @param callerName        the caller's name as the line sent it (analog {@code NAME=}, GSM
 *                          {@code +CLIP} alpha / CNAP), kept only under the full caller policy
 *                          ({@link CallerPrivacy#applyToName}); empty when none came
 */
public record VoicemailMessage(int schemaVersion, String id, Optional<Path> audioPath, Optional<Path> metadataPath,
                               String callId, Optional<String> caller, String callerRedacted,
                               CallerPrivacy.Policy callerPolicy, Instant startedAt, Instant endedAt,
                               Duration duration, long sizeBytes, int sampleRate,
                               TerminationReason terminationReason, Optional<Character> finishKey, boolean heard,
                               String transcript, Optional<String> transcriptError, Optional<String> line,
                               Optional<String> callerName) {

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
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(callerName, "callerName");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must be >= 0, was " + duration);
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must be >= 0, was " + sizeBytes);
        }
    }

    /**
     * @return a builder with the defaults of a new message: schema {@link #SCHEMA_VERSION}, no file
     *         paths, no caller, sample rate 8000, no finish key, not heard, no transcript
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this message's values, for a copy with some of them changed */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return the stored audio's length in seconds, the unit of the metadata's {@code duration_seconds} */
    public double durationSeconds() {
        return Durations.toSeconds(duration);
    }

    /**
     * The one rule for showing a caller to people (the CLI's {@code list}, the web mailbox's
     * pages): the redacted form ({@link #callerRedacted()}) is what a list shows; the full number
     * is shown only when someone asks for it, and only where the privacy policy kept it.
     *
     * @return the caller's full number when the policy is {@link CallerPrivacy.Policy#FULL} and a
     *         number is known; empty under {@code redacted} and {@code hmac} (an HMAC is not a number)
     */
    public Optional<String> fullNumber() {
        return callerPolicy == CallerPrivacy.Policy.FULL ? caller : Optional.empty();
    }

    /**
     * @param heard the new flag
     * @return a copy
     */
    public VoicemailMessage withHeard(boolean heard) {
        return toBuilder().heard(heard).build();
    }

    /**
     * @param transcript the text (empty when it failed)
     * @param error      why it failed, or empty
     * @return a copy
     */
    public VoicemailMessage withTranscript(String transcript, Optional<String> error) {
        return toBuilder().transcript(transcript).transcriptError(error).build();
    }

    /**
     * @param audio    the WAV path
     * @param metadata the JSON path
     * @return a copy with file locations
     */
    public VoicemailMessage withPaths(Optional<Path> audio, Optional<Path> metadata) {
        return toBuilder().audioPath(audio).metadataPath(metadata).build();
    }

    /**
     * @return the metadata as JSON, exactly as the directory store writes {@code <id>.json}
     *         (the caller as the privacy policy kept it)
     */
    public String toJson() {
        return new String(MessageJson.encode(this), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Builds a {@link VoicemailMessage} by name instead of by position; {@link #build()} validates
     * as the record's constructor does. Not thread-safe.
     */
    public static final class Builder {
        private int schemaVersion = SCHEMA_VERSION;
        private String id;
        private Optional<Path> audioPath = Optional.empty();
        private Optional<Path> metadataPath = Optional.empty();
        private String callId;
        private Optional<String> caller = Optional.empty();
        private String callerRedacted;
        private CallerPrivacy.Policy callerPolicy;
        private Instant startedAt;
        private Instant endedAt;
        private Duration duration = Duration.ZERO;
        private long sizeBytes;
        private int sampleRate = 8000;
        private TerminationReason terminationReason;
        private Optional<Character> finishKey = Optional.empty();
        private boolean heard;
        private String transcript = "";
        private Optional<String> transcriptError = Optional.empty();
        private Optional<String> line = Optional.empty();
        private Optional<String> callerName = Optional.empty();

        private Builder() {
        }

        private Builder(VoicemailMessage m) {
            schemaVersion = m.schemaVersion;
            id = m.id;
            audioPath = m.audioPath;
            metadataPath = m.metadataPath;
            callId = m.callId;
            caller = m.caller;
            callerRedacted = m.callerRedacted;
            callerPolicy = m.callerPolicy;
            startedAt = m.startedAt;
            endedAt = m.endedAt;
            duration = m.duration;
            sizeBytes = m.sizeBytes;
            sampleRate = m.sampleRate;
            terminationReason = m.terminationReason;
            finishKey = m.finishKey;
            heard = m.heard;
            transcript = m.transcript;
            transcriptError = m.transcriptError;
            line = m.line;
            callerName = m.callerName;
        }

        /**
         * @param v the metadata schema version
         * @return this
         */
        public Builder schemaVersion(int v) {
            schemaVersion = v;
            return this;
        }

        /**
         * @param v the message id ({@link MessageIds})
         * @return this
         */
        public Builder id(String v) {
            id = v;
            return this;
        }

        /**
         * @param v the WAV file, for stores that keep files
         * @return this
         */
        public Builder audioPath(Optional<Path> v) {
            audioPath = v;
            return this;
        }

        /**
         * @param v the JSON sidecar, for stores that keep files
         * @return this
         */
        public Builder metadataPath(Optional<Path> v) {
            metadataPath = v;
            return this;
        }

        /**
         * @param v the call's id
         * @return this
         */
        public Builder callId(String v) {
            callId = v;
            return this;
        }

        /**
         * @param v the caller as the privacy policy allows; empty when unknown
         * @return this
         */
        public Builder caller(Optional<String> v) {
            caller = v;
            return this;
        }

        /**
         * @param v the redacted caller, e.g. {@code +***4567}
         * @return this
         */
        public Builder callerRedacted(String v) {
            callerRedacted = v;
            return this;
        }

        /**
         * @param v the policy that produced the caller
         * @return this
         */
        public Builder callerPolicy(CallerPrivacy.Policy v) {
            callerPolicy = v;
            return this;
        }

        /**
         * @param v when recording started (UTC)
         * @return this
         */
        public Builder startedAt(Instant v) {
            startedAt = v;
            return this;
        }

        /**
         * @param v when recording ended (UTC)
         * @return this
         */
        public Builder endedAt(Instant v) {
            endedAt = v;
            return this;
        }

        /**
         * @param v the stored audio's length in seconds
         * @return this
         */
        public Builder durationSeconds(double v) {
            duration = Durations.ofSeconds("durationSeconds", v);
            return this;
        }

        /**
         * @param v the stored audio's length
         * @return this
         */
        public Builder duration(Duration v) {
            duration = Objects.requireNonNull(v, "duration");
            return this;
        }

        /**
         * @param v the WAV file's size in bytes
         * @return this
         */
        public Builder sizeBytes(long v) {
            sizeBytes = v;
            return this;
        }

        /**
         * @param v the audio's sample rate
         * @return this
         */
        public Builder sampleRate(int v) {
            sampleRate = v;
            return this;
        }

        /**
         * @param v why the recording ended
         * @return this
         */
        public Builder terminationReason(TerminationReason v) {
            terminationReason = v;
            return this;
        }

        /**
         * @param v the key that ended the recording, if any
         * @return this
         */
        public Builder finishKey(Optional<Character> v) {
            finishKey = v;
            return this;
        }

        /**
         * @param v whether someone listened to it
         * @return this
         */
        public Builder heard(boolean v) {
            heard = v;
            return this;
        }

        /**
         * @param v the transcript; empty until filled
         * @return this
         */
        public Builder transcript(String v) {
            transcript = v;
            return this;
        }

        /**
         * @param v why transcription failed, when it did
         * @return this
         */
        public Builder transcriptError(Optional<String> v) {
            transcriptError = v;
            return this;
        }

        /**
         * @param v the caller's name as the privacy policy allows; empty when none
         * @return this
         */
        public Builder callerName(Optional<String> v) {
            callerName = v;
            return this;
        }

        /**
         * @param v the name of the line that took the message; empty for a single modem
         * @return this
         */
        public Builder line(Optional<String> v) {
            line = v;
            return this;
        }

        /**
         * @return the message
         * @throws IllegalArgumentException when the id is malformed or a length or size is negative
         * @throws NullPointerException     when a required value (id, call id, redacted caller, policy,
         *                                  start, end, termination reason) was not set
         */
        public VoicemailMessage build() {
            return new VoicemailMessage(schemaVersion, id, audioPath, metadataPath, callId, caller, callerRedacted,
                    callerPolicy, startedAt, endedAt, duration, sizeBytes, sampleRate, terminationReason,
                    finishKey, heard, transcript, transcriptError, line, callerName);
        }
    }

    @Override
    public String toString() {
        return "VoicemailMessage[" + id + ", caller " + callerRedacted + ", " + String.format(java.util.Locale.ROOT, "%.1f", durationSeconds())
                + " s, " + terminationReason + (heard ? ", heard" : "") + line.map(l -> ", line " + l).orElse("") + "]";
    }
}
