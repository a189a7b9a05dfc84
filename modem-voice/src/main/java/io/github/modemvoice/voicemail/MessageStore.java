package io.github.modemvoice.voicemail;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where voicemail messages live. Implementations: {@link DirectoryMessageStore} (the embedded
 * default: {@code <id>.wav} + {@code <id>.json} in a directory) and
 * {@code io.github.modemvoice.pipeline.JdbcMessageStore} (any JDBC database). All methods are
 * thread-safe; ids are validated ({@link MessageIds#requireValid}) so none can traverse paths.
 */
public interface MessageStore extends AutoCloseable {

    /**
     * Where the box streams a recording in progress. Directory stores put it beside the
     * messages with the in-progress suffix, so that {@link #recover()} finds it after a crash.
     *
     * @param id the message id
     * @return a writable path
     */
    Path recordingFile(String id);

    /**
     * Starts a recording: like {@link #recordingFile(String)}, and also remembers what is known
     * about the message so far, so that {@link #recover()} can give a message interrupted by a
     * crash its caller and call id. The default just calls {@link #recordingFile(String)}.
     *
     * @param info the message's id, call, caller (per policy) and start time
     * @return a writable path for the recording
     */
    default Path beginRecording(RecordingInProgress info) {
        return recordingFile(info.id());
    }

    /**
     * Stores a finished recording and its metadata durably (WAV finalised, metadata fsynced and
     * atomically in place) and returns the stored message with its locations.
     *
     * @param message   the metadata
     * @param recording the finished WAV written to {@link #recordingFile(String)}
     * @return the stored message
     */
    VoicemailMessage store(VoicemailMessage message, Path recording);

    /**
     * Discards a recording in progress that will not become a message (e.g. shorter than the
     * minimum duration).
     *
     * @param id the message id
     */
    void discardRecording(String id);

    /** @return all messages, newest first */
    List<VoicemailMessage> list();

    /**
     * @param id a message id
     * @return the message, if stored
     */
    Optional<VoicemailMessage> get(String id);

    /**
     * @param id a message id
     * @return the message's WAV audio
     * @throws java.util.NoSuchElementException when there is no such message
     */
    InputStream openAudio(String id);

    /**
     * @param id    a message id
     * @param heard the new flag
     * @return the updated message
     * @throws java.util.NoSuchElementException when there is no such message
     */
    VoicemailMessage markHeard(String id, boolean heard);

    /**
     * @param id         a message id
     * @param transcript the text
     * @param error      why transcription failed, or empty
     * @return the updated message
     * @throws java.util.NoSuchElementException when there is no such message
     */
    VoicemailMessage updateTranscript(String id, String transcript, Optional<String> error);

    /**
     * @param id a message id
     * @return true when something was deleted
     */
    boolean delete(String id);

    /**
     * Finishes recordings left by a crash: repairs their WAV header from the file length and
     * stores them with reason {@code INTERRUPTED}.
     *
     * @return the recovered messages
     */
    List<VoicemailMessage> recover();

    /**
     * Whether a message of {@code messageBytes} can be stored now: the check a call must pass
     * before it is answered ({@link StorageCheck} calls it, caches and logs the result). It must
     * be cheap (well under a second) and must not throw. The default, for stores that cannot
     * tell, says usable.
     *
     * @param messageBytes the size of the longest message's WAV ({@link StorageCheck#bytesFor})
     * @return usable, or the reason naming what failed
     */
    default StorageCheck.Result checkStorage(long messageBytes) {
        return StorageCheck.Result.usable(toString());
    }

    /** Releases resources. */
    @Override
    void close();
}
