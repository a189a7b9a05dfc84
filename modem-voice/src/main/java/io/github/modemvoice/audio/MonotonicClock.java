package io.github.modemvoice.audio;

import java.util.concurrent.locks.LockSupport;

/**
 * A monotonic time source with absolute-deadline sleeping, for pacing audio. Production code
 * uses {@link #system()}; tests use {@link VirtualMonotonicClock}, whose time only moves when
 * someone sleeps or advances it.
 */
public interface MonotonicClock {
    /**
     * @return the current time in nanoseconds from an arbitrary origin; only differences
     *         between values from the same clock are meaningful
     */
    long nanoTime();

    /**
     * Blocks until {@link #nanoTime()} reaches the deadline; returns at once if it has passed.
     *
     * @param deadlineNanos absolute time in this clock's nanoseconds
     * @throws InterruptedException if the thread is interrupted before or while waiting
     */
    void sleepUntil(long deadlineNanos) throws InterruptedException;

    /** @return the clock of this JVM: {@link System#nanoTime()} and {@link LockSupport#parkNanos(long)} */
    static MonotonicClock system() {
        return SystemMonotonicClock.INSTANCE;
    }
}
