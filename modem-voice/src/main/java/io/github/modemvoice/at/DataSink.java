package io.github.modemvoice.at;

/**
 * Receives the raw bytes of a data phase on the AT port (for example V.253 voice data after
 * {@code AT+VRX}'s {@code CONNECT}). Runs on the channel's reader thread: it must not block.
 */
public interface DataSink {

    /**
     * @param data   bytes from the modem
     * @param offset where they start
     * @param length how many there are
     * @return how many bytes this sink consumed; when fewer than {@code length}, or when
     *         {@link #isDone()} turns true, the channel returns to line mode and parses the rest
     */
    int accept(byte[] data, int offset, int length);

    /** @return true once the data phase is over (e.g. {@code DLE ETX} seen) */
    boolean isDone();

    /**
     * Called once when the transport is lost during the data phase.
     *
     * @param reason what was observed
     */
    default void transportLost(String reason) {
    }
}
