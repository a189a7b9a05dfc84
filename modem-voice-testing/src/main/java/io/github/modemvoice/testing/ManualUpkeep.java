package io.github.modemvoice.testing;

import io.github.modemvoice.call.UpkeepScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An {@link UpkeepScheduler} on virtual time, for deterministic tests of a modem's upkeep (the
 * re-initialisation after a restart, the idle watchdog): nothing runs until the test calls
 * {@link #advance(Duration)}, which runs every task that falls due, in order, on the calling
 * thread.
 *
 * <pre>{@code
 * ManualUpkeep upkeep = new ManualUpkeep();
 * mock.start(handler, b -> b.upkeepScheduler(upkeep).watchdogInterval(Duration.ofSeconds(30)));
 * upkeep.advance(Duration.ofSeconds(30)); // the watchdog's probe runs now
 * }</pre>
 */
public final class ManualUpkeep implements UpkeepScheduler {

    private static final class Entry implements Task {
        final Runnable task;
        final long due;
        final long seq;
        boolean cancelled;

        Entry(Runnable task, long due, long seq) {
            this.task = task;
            this.due = due;
            this.seq = seq;
        }

        @Override
        public void cancel() {
            synchronized (this) {
                cancelled = true;
            }
        }

        synchronized boolean cancelled() {
            return cancelled;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private long now;
    private long scheduled;

    @Override
    public synchronized Task schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        Entry e = new Entry(task, now + delay.toNanos(), scheduled++);
        entries.add(e);
        notifyAll();
        return e;
    }

    /**
     * Moves virtual time forward and runs, on this thread and in due order, every task that falls
     * due meanwhile (including tasks those tasks schedule).
     *
     * @param d how far; not negative
     * @return how many tasks ran
     */
    public int advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("d must not be negative: " + d);
        }
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        int ran = 0;
        while (true) {
            Entry next;
            synchronized (this) {
                entries.removeIf(Entry::cancelled);
                next = entries.stream().filter(e -> e.due <= target)
                        .min(Comparator.comparingLong((Entry e) -> e.due).thenComparingLong(e -> e.seq)).orElse(null);
                if (next == null) {
                    now = target;
                    return ran;
                }
                entries.remove(next);
                now = Math.max(now, next.due);
            }
            next.task.run();
            ran++;
        }
    }

    /** @return how many tasks were ever scheduled */
    public synchronized long scheduledCount() {
        return scheduled;
    }

    /** @return how many tasks wait to run (not cancelled) */
    public synchronized int pending() {
        return (int) entries.stream().filter(e -> !e.cancelled()).count();
    }

    /**
     * Waits (in real time) until at least {@code count} tasks were ever scheduled: the modem
     * schedules from its event thread, so a test waits for that before it advances time.
     *
     * @param count   the total to reach
     * @param timeout the longest wait
     * @throws AssertionError when the count is not reached in time
     */
    public synchronized void awaitScheduled(long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (scheduled < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " upkeep tasks scheduled within " + timeout + ", saw "
                        + scheduled);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
