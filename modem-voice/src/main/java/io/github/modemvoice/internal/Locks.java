package io.github.modemvoice.internal;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The lock, try, finally-unlock discipline in one place, for the classes that guard their state
 * with a {@link Lock} and wake their waiters through one {@link Condition} (the audio channels,
 * the mock transport, the outbox). Not API.
 */
public final class Locks {
    private Locks() {
    }

    /**
     * Runs {@code action} holding {@code lock}.
     *
     * @param lock   the lock, not held by the caller or held re-entrantly
     * @param action what to do under it
     */
    public static void run(Lock lock, Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads or computes a value holding {@code lock}.
     *
     * @param <T>    the value's type
     * @param lock   the lock
     * @param action what to compute under it
     * @return the value {@code action} returned
     */
    public static <T> T get(Lock lock, Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tests a condition holding {@code lock} (no boxing, for the many state flags).
     *
     * @param lock the lock
     * @param test the test
     * @return its result
     */
    public static boolean test(Lock lock, BooleanSupplier test) {
        lock.lock();
        try {
            return test.getAsBoolean();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes state holding {@code lock}, then wakes every waiter on {@code changed}; when
     * {@code action} throws, nothing changed and no one is woken.
     *
     * @param lock    the lock {@code changed} belongs to
     * @param changed the condition the waiters wait on
     * @param action  the change
     */
    public static void change(Lock lock, Condition changed, Runnable action) {
        lock.lock();
        try {
            action.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The first-caller-wins change (a close): holding {@code lock}, unless {@code done} already
     * holds, changes state and wakes every waiter on {@code changed}.
     *
     * @param lock    the lock {@code changed} belongs to
     * @param changed the condition the waiters wait on
     * @param done    whether the change was made already, evaluated with the lock held
     * @param change  the change, which makes {@code done} true
     * @return true when this call made the change, false when it had been made before
     */
    public static boolean changeUnless(Lock lock, Condition changed, BooleanSupplier done, Runnable change) {
        lock.lock();
        try {
            if (done.getAsBoolean()) {
                return false;
            }
            change.run();
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits holding {@code lock} until {@code done} is true or the deadline passes. An interrupt
     * ends the wait as a timeout does and leaves the thread's interrupt flag set.
     *
     * @param lock     the lock {@code changed} belongs to
     * @param changed  signalled whenever {@code done} may have changed
     * @param deadline when to give up
     * @param done     evaluated with the lock held
     * @return true when {@code done} held, false on timeout or interrupt
     */
    public static boolean await(Lock lock, Condition changed, Deadline deadline, BooleanSupplier done) {
        lock.lock();
        try {
            return deadline.await(changed, done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
