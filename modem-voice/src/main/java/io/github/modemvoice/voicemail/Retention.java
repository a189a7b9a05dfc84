package io.github.modemvoice.voicemail;

import io.github.modemvoice.internal.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Keeps a mailbox from growing without bound: heard messages that started longer ago than the
 * kept period are deleted; new (unheard) messages are never deleted, however old. Each removal
 * is logged at INFO with the message id and its start time, never the caller.
 *
 * <pre>{@code
 * Retention r = Retention.builder(store, Duration.ofDays(30)).build().start(); // prunes now, then hourly
 * }</pre>
 *
 * <p>{@link #pruneNow()} runs one pass in the calling thread; {@link #start()} runs passes on a
 * daemon thread, the first at once and then every {@link Builder#every interval}. What "now" is
 * comes from the injected clock; the schedule itself is real time. Thread-safe.
 */
public final class Retention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final MessageStore store;
    private final Duration keep;
    private final Clock clock;
    private final Duration every;
    private final Predicate<String> remover;
    private final Consumer<VoicemailMessage> listener;
    private ScheduledExecutorService scheduler;

    private Retention(Builder b) {
        this.store = b.store;
        this.keep = b.keep;
        this.clock = b.clock;
        this.every = b.every;
        this.remover = b.remover != null ? b.remover : store::delete;
        this.listener = b.listener;
    }

    /**
     * @param store the messages
     * @param keep  how long heard messages are kept after they started (at least one day)
     * @return a builder
     */
    public static Builder builder(MessageStore store, Duration keep) {
        return new Builder(store, keep);
    }

    /** @return how long heard messages are kept */
    public Duration keep() {
        return keep;
    }

    /**
     * @param m   a message
     * @param now the time now
     * @return true when retention removes it: heard, and started before {@code now - keep}
     */
    public boolean expired(VoicemailMessage m, Instant now) {
        return m.heard() && m.startedAt().isBefore(now.minus(keep));
    }

    /**
     * One pass: deletes every expired message. A message that cannot be deleted is logged (WARN)
     * and the pass goes on with the others.
     *
     * @return the messages deleted, as they were
     */
    public synchronized List<VoicemailMessage> pruneNow() {
        Instant now = clock.instant();
        List<VoicemailMessage> removed = new ArrayList<>();
        for (VoicemailMessage m : store.list()) {
            if (!expired(m, now)) {
                continue;
            }
            try {
                if (remover.test(m.id())) {
                    removed.add(m);
                    LOG.info("retention: deleted message {} (heard, started {}, kept {} days)", m.id(), m.startedAt(),
                            keep.toDays());
                    listener.accept(m);
                }
            } catch (RuntimeException e) {
                LOG.warn("retention: cannot delete message {}: {}", m.id(), e.toString());
            }
        }
        return removed;
    }

    /**
     * Starts the schedule: a pass now, then one every interval, on a daemon thread.
     *
     * @return this
     */
    public synchronized Retention start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(Threads.named("retention"));
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    pruneNow();
                } catch (RuntimeException e) {
                    // the store may be unreachable for a while (a database restarting): next pass
                    LOG.warn("retention: pass failed, trying again in {}: {}", every, e.toString());
                }
            }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Stops the schedule (a pass in progress finishes). */
    @Override
    public void close() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
        }
        if (s != null) {
            s.shutdown();
            try {
                s.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Builds a {@link Retention}; {@link #build()} validates, naming the field. */
    public static final class Builder {
        private final MessageStore store;
        private final Duration keep;
        private Clock clock = Clock.systemUTC();
        private Duration every = Duration.ofHours(1);
        private Predicate<String> remover;
        private Consumer<VoicemailMessage> listener = m -> { };

        private Builder(MessageStore store, Duration keep) {
            this.store = store;
            this.keep = keep;
        }

        /**
         * @param c the clock that tells a message's age
         * @return this
         */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /**
         * @param d the time between passes of {@link #start()} (default 1 hour)
         * @return this
         */
        public Builder every(Duration d) {
            this.every = d;
            return this;
        }

        /**
         * @param r deletes a message by id, true when something was deleted (default: the store's
         *          {@code delete}; a CLI also removes the message's outbox records)
         * @return this
         */
        public Builder remover(Predicate<String> r) {
            this.remover = r;
            return this;
        }

        /**
         * @param l told of each deleted message
         * @return this
         */
        public Builder listener(Consumer<VoicemailMessage> l) {
            this.listener = l;
            return this;
        }

        /** @return the retention, not started */
        public Retention build() {
            Objects.requireNonNull(store, "store");
            if (keep == null || keep.compareTo(Duration.ofDays(1)) < 0) {
                throw new IllegalArgumentException("keep must be at least one day, was " + keep);
            }
            Objects.requireNonNull(clock, "clock");
            if (every == null || every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("every must be positive, was " + every);
            }
            Objects.requireNonNull(listener, "listener");
            return new Retention(this);
        }
    }
}
