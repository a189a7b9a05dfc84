package io.github.modemvoice.audio;

import java.util.concurrent.locks.LockSupport;

/** {@link MonotonicClock#system()}: {@link System#nanoTime()} and {@link LockSupport#parkNanos}. */
final class SystemMonotonicClock implements MonotonicClock {
    static final SystemMonotonicClock INSTANCE = new SystemMonotonicClock();

    private SystemMonotonicClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleepUntil(long deadlineNanos) throws InterruptedException {
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            LockSupport.parkNanos(this, remaining);
        }
    }

    @Override
    public String toString() {
        return "MonotonicClock.system()";
    }
}
