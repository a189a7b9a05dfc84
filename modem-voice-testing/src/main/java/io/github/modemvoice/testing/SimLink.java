package io.github.modemvoice.testing;

import io.github.modemvoice.transport.Transport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** The simulator's side of the ports: the AT port, and the PCM port of the GSM variants. */
interface SimLink {
    Transport hostAt();

    /** @return the host's PCM port, null for V.253 */
    Transport hostAudio();

    Optional<Path> hostAtPath();

    Optional<Path> hostAudioPath();

    /** Sends bytes to the host's AT port. */
    void sendAt(byte[] bytes);

    /** Sends a frame to the host's PCM port (GSM). */
    void sendAudio(byte[] frame);

    /** Back-pressure: returns when the host has room for more audio (or after a short wait). */
    void awaitAudioRoom() throws InterruptedException;

    /** Waits (bounded) until the host has taken the audio sent so far. */
    void drainAudio();

    /** Brings {@link #hostAudioLog} up to date with what the host wrote to the PCM port. */
    void syncHostAudio();

    /** Waits (bounded) until host audio written before now has arrived. */
    void settleHostAudio();

    void drop();

    /** Forgets what the ports logged (mocks keep every write); between calls, after {@link #syncHostAudio()}. */
    void forgetHistory();

    void close();

    /**
     * @param line a result code
     * @return it framed as a modem sends it ({@code CR LF line CR LF})
     */
    static byte[] framed(String line) {
        return ("\r\n" + line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
