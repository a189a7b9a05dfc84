package io.github.modemvoice.testing;

import io.github.modemvoice.transport.Transport;

import java.time.Duration;
import java.util.Objects;

/**
 * A test-side {@link Transport} that hands every call to another transport: a subclass overrides
 * the one step it watches or breaks (a port that can be unplugged, one that notes when the host
 * wrote what) and gets the rest unchanged.
 */
public abstract class ForwardingTransport implements Transport {
    /** The transport the calls go to. */
    protected final Transport delegate;

    /** @param delegate the transport the calls go to */
    protected ForwardingTransport(Transport delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void open() {
        delegate.open();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        delegate.write(data, offset, length);
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) {
        return delegate.read(buffer, offset, length, timeout);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
