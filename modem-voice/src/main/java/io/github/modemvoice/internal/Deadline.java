package io.github.modemvoice.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/**
 * An absolute point on the monotonic clock ({@link System#nanoTime()}), and the one wait loop
 * built on it: wait until a condition holds or the deadline passes, robust against spurious
 * wake-ups. Not API.
 */
public final class Deadline {
    private final long atNanos;

    private Deadline(long atNanos) {
        this.atNanos = atNanos;
    }

    /**
     * @param timeout from now; saturates for very long timeouts
     * @return the deadline
     */
    public static Deadline after(Duration timeout) {
        long now = System.nanoTime();
        long t;
        try {
            t = timeout.toNanos();
        } catch (ArithmeticException e) {
            t = Long.MAX_VALUE / 2;
        }
        return new Deadline(now + Math.min(t, Long.MAX_VALUE / 2));
    }

    /** @return nanoseconds left, zero or negative once passed */
    public long remainingNanos() {
        return atNanos - System.nanoTime();
    }

    /** @return the time left, {@link Duration#ZERO} once passed */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, remainingNanos()));
    }

    /** @return true once the deadline has passed */
    public boolean expired() {
        return remainingNanos() <= 0;
    }

    /**
     * Waits on a monitor the caller holds until {@code done} is true or the deadline passes.
     *
     * @param monitor the monitor, held by the caller, notified when {@code done} may have changed
     * @param done    the condition, evaluated with the monitor held
     * @return the condition's value at the end
     * @throws InterruptedException when interrupted (the flag is cleared, as by {@link Object#wait})
     */
    public boolean await(Object monitor, BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean()) {
            long left = remainingNanos();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(monitor, left);
        }
        return true;
    }

    /**
     * Waits on a condition of a lock the caller holds until {@code done} is true or the deadline
     * passes.
     *
     * @param condition signalled when {@code done} may have changed
     * @param done      evaluated with the lock held
     * @return the condition's value at the end
     * @throws InterruptedException when interrupted
     */
    public boolean await(Condition condition, BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean()) {
            long left = remainingNanos();
            if (left <= 0) {
                return false;
            }
            condition.awaitNanos(left);
        }
        return true;
    }
}
