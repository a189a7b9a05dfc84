package io.github.modemvoice.dialect;

import java.time.Duration;

/**
 * A call's audio, whatever the wire carries: 16-bit signed little-endian mono PCM at 8000 Hz
 * in and out. GSM modules carry it full duplex on a separate PCM port; analog V.253 modems
 * carry it half duplex, DLE-shielded, on the AT port, so playback and recording are explicit
 * phases. Callers use one phase at a time.
 */
public interface AudioChannel extends AutoCloseable {

    /** Enters the playback phase (V.253: {@code AT+VTX}); a no-op on full-duplex channels. */
    void startPlayback();

    /**
     * Sends PCM to the caller. Pacing is the caller's job.
     *
     * @param pcm    16-bit LE samples
     * @param offset start
     * @param length count in bytes, even
     */
    void write(byte[] pcm, int offset, int length);

    /** Ends the playback phase (V.253: {@code DLE ETX}, wait for the modem); no-op on full duplex. */
    void finishPlayback();

    /**
     * Enters the recording phase (V.253: {@code AT+VRX}). On full-duplex channels audio received
     * before this call is discarded so that a recording starts with fresh audio.
     */
    void startRecording();

    /**
     * Reads received PCM.
     *
     * @param pcm     destination
     * @param offset  start
     * @param length  capacity in bytes (an even number of bytes is returned)
     * @param timeout the longest wait for the first bytes
     * @return bytes read, 0 on timeout, -1 when no more audio will come (call or channel ended,
     *         after everything already received was returned)
     */
    int read(byte[] pcm, int offset, int length, Duration timeout);

    /** Ends the recording phase (V.253: {@code DLE !}); no-op on full duplex. */
    void finishRecording();

    /**
     * The call is over: {@link #read} returns what was already received, then -1. Does not
     * release anything; {@link #close()} does. Must not block (called on the event thread).
     */
    void callEnded();

    /**
     * Whether the modem has said that the far end is gone since this channel was opened (a
     * V.253 modem's busy or dial tone report, {@code DLE b} / {@code DLE d}), whether or not
     * the call layer has processed that event yet. A voice command that fails after the call
     * was answered is then the caller's hang-up, not a fault. The default: never (a GSM
     * module reports the end of the call in words).
     *
     * @return true once the modem reported the line dropped
     */
    default boolean lineDropped() {
        return false;
    }

    /** @return true while audio can still flow */
    boolean isOpen();

    /** Stops the audio path (GSM: {@code AT+CPCMREG=0}); idempotent and tolerant of a lost port. */
    @Override
    void close();
}
