package io.github.modemvoice.transport;

import java.time.Duration;

/**
 * A byte pipe to a modem port: a serial device, a pseudo-terminal or a {@code io.github.modemvoice.testing.MockTransport}.
 *
 * <p>Implementations are safe for one reader thread and any number of writer threads
 * (writes are serialised). A lost device (end of file, I/O error, unplugged USB adapter)
 * surfaces as a {@link TransportLostException} from {@link #read} or {@link #write}; it never
 * turns into a hang or a busy loop. Once lost, a transport stays lost.
 */
public interface Transport extends AutoCloseable {

    /** @return a short human name for logs and errors, e.g. the device path */
    String name();

    /**
     * Opens the port. Calling it on an open transport does nothing.
     *
     * @throws TransportOpenException naming the port and the reason when it cannot be opened
     */
    void open();

    /** @return true between a successful {@link #open()} and {@link #close()} or loss */
    boolean isOpen();

    /**
     * Writes all bytes, blocking until they have been handed to the device.
     *
     * @throws TransportLostException when the device is gone or the transport is closed
     */
    void write(byte[] data, int offset, int length);

    /** Writes all of {@code data}. */
    default void write(byte[] data) {
        write(data, 0, data.length);
    }

    /**
     * Reads up to {@code length} bytes, waiting at most {@code timeout} for the first one.
     *
     * @return the number of bytes read, 0 when the timeout elapsed with nothing to read
     * @throws TransportLostException on end of file, I/O error or when closed
     */
    int read(byte[] buffer, int offset, int length, Duration timeout);

    /** Closes the port; idempotent; a blocked {@link #read} returns promptly with a loss. */
    @Override
    void close();
}
