package io.github.modemvoice.pipeline;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Turns a recorded message into text. Implementations are called from the pipeline's own
 * threads, never on a caller's line, and must be thread-safe.
 *
 * @see CommandTranscriber
 * @see OpenAiTranscriber
 */
public interface Transcriber {

    /**
     * Transcribes one WAV file (16-bit mono PCM at 8000 Hz).
     *
     * @param wav     the audio
     * @param timeout how long the whole transcription may take
     * @return the transcript, stripped of leading and trailing white space (may be empty when
     *         nothing was said)
     * @throws TranscriptionException when no transcript could be produced
     * @throws io.github.modemvoice.OperationInterruptedException when the calling thread is interrupted
     */
    String transcribe(Path wav, Duration timeout);
}
