package io.github.modemvoice.faults;

import io.github.modemvoice.testing.ForwardingTransport;
import io.github.modemvoice.testing.MockTransport;
import io.github.modemvoice.transport.TransportLostException;
import io.github.modemvoice.transport.TransportOpenException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link MockTransport} that can be unplugged: after {@link #cut()} every write and read throws
 * {@link TransportLostException} and {@link #open()} fails, as a vanished USB serial device does.
 * It also counts the bytes the host wrote and runs an action (once) when a count is reached, on
 * the writing thread, before the write returns: "lose the port when the host has played N bytes".
 */
final class CuttableTransport extends ForwardingTransport {
    private final MockTransport inner;
    private final AtomicLong written = new AtomicLong();
    private final AtomicReference<Runnable> trigger = new AtomicReference<>();
    private volatile long triggerAt = Long.MAX_VALUE;
    private volatile boolean cut;

    CuttableTransport(MockTransport inner) {
        super(inner);
        this.inner = inner;
    }

    MockTransport mock() {
        return inner;
    }

    /** Runs {@code action} once, when the host has written at least {@code bytes} bytes in total. */
    void onWritten(long bytes, Runnable action) {
        trigger.set(action);
        triggerAt = bytes;
    }

    long written() {
        return written.get();
    }

    /** Unplugs the device. */
    void cut() {
        cut = true;
        inner.emitEof();
    }

    boolean isCut() {
        return cut;
    }

    @Override
    public void open() {
        if (cut) {
            throw new TransportOpenException(name() + ": no such device (unplugged by the test)");
        }
        super.open();
    }

    @Override
    public boolean isOpen() {
        return !cut && super.isOpen();
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        if (cut) {
            throw new TransportLostException(name(), "device gone (unplugged by the test)");
        }
        super.write(data, offset, length);
        long n = written.addAndGet(length);
        if (n >= triggerAt) {
            Runnable r = trigger.getAndSet(null);
            if (r != null) {
                r.run();
            }
        }
        if (cut) {
            throw new TransportLostException(name(), "device gone (unplugged by the test)");
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) {
        if (cut) {
            throw new TransportLostException(name(), "device gone (unplugged by the test)");
        }
        return super.read(buffer, offset, length, timeout);
    }

    @Override
    public String toString() {
        return "Cuttable[" + inner.name() + (cut ? ", cut" : "") + "]";
    }
}
