package io.github.modemvoice.call;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link CallSession#record(RecordOptions)}. The file is a valid WAV whatever the
 * reason.
 *
 * @param path           the WAV file
 * @param reason         why it ended
 * @param finishKey      the key that ended it, for {@link TerminationReason#FINISH_KEY}
 * @param duration       the stored audio's length (after trimming)
 * @param bytes          the stored PCM data bytes (after trimming)
 * @param startedAt      when recording started (wall clock)
 * @param endedAt        when it ended (wall clock)
 * @param speechDetected whether any speech was heard (when an exchange tone ended the call: before
 *                       the tone)
 */
public record Recording(Path path, TerminationReason reason, Optional<Character> finishKey, Duration duration,
                        long bytes, Instant startedAt, Instant endedAt, boolean speechDetected) {
    /** Validates. */
    public Recording {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(finishKey, "finishKey");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
    }
}
