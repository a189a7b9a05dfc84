package io.github.modemvoice.audio;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@link MonotonicClock} for tests: time stands still until {@link #advance(Duration)} moves
 * it or {@link #sleepUntil(long)} jumps it forward to the deadline, instantly. Thread-safe.
 */
public final class VirtualMonotonicClock implements MonotonicClock {
    private long now;
    private long sleeps;

    /** A clock starting at time 0. */
    public VirtualMonotonicClock() {
        this(0);
    }

    /**
     * @param startNanos the initial reading
     */
    public VirtualMonotonicClock(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /**
     * Jumps the time forward to the deadline (if it lies in the future) without waiting.
     *
     * @throws InterruptedException if the calling thread is interrupted (the flag is cleared)
     */
    @Override
    public void sleepUntil(long deadlineNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        synchronized (this) {
            sleeps++;
            if (deadlineNanos - now > 0) {
                now = deadlineNanos;
            }
        }
    }

    /**
     * Moves time forward, for example to simulate a slow writer.
     *
     * @param d how far; not negative
     * @throws IllegalArgumentException if negative
     */
    public synchronized void advance(Duration d) {
        Objects.requireNonNull(d, "d");
        if (d.isNegative()) {
            throw new IllegalArgumentException("d must not be negative: " + d);
        }
        now += d.toNanos();
    }

    /** @return how many times {@link #sleepUntil(long)} was called */
    public synchronized long sleepCalls() {
        return sleeps;
    }

    @Override
    public synchronized String toString() {
        return "VirtualMonotonicClock[" + now + " ns]";
    }
}
