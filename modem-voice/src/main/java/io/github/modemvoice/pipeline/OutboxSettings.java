package io.github.modemvoice.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Outbox.Builder} and {@link JdbcOutbox.Builder} share: the notifiers, the clock and
 * the retry schedule, each validated when set.
 *
 * @param <B> the concrete builder, returned by each setter
 */
abstract class OutboxSettings<B extends OutboxSettings<B>> {
    final Map<String, Notifier> notifiers = new LinkedHashMap<>();
    Clock clock = Clock.systemUTC();
    Duration initialBackoff = Duration.ofSeconds(1);
    Duration maxBackoff = Duration.ofMinutes(5);
    Duration maxAge = Duration.ofHours(24);

    OutboxSettings() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * @param notifier a notifier; names must be unique (and, for a shared database, the same on every host)
     * @return this builder
     * @throws IllegalArgumentException naming {@code notifier} if the name is taken
     */
    public B notifier(Notifier notifier) {
        Objects.requireNonNull(notifier, "notifier");
        String name = Notifier.requireValidName(notifier.name());
        if (notifiers.putIfAbsent(name, notifier) != null) {
            throw new IllegalArgumentException("notifier: two notifiers are named \"" + name + "\"");
        }
        return self();
    }

    /**
     * @param clock the clock deciding what is due (and when leases run out), UTC system clock unless set
     * @return this builder
     */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /**
     * @param delay the delay after the first failure, 1 s unless set
     * @return this builder
     */
    public B initialBackoff(Duration delay) {
        this.initialBackoff = positive("initialBackoff", delay);
        return self();
    }

    /**
     * @param delay the longest delay between attempts, 5 min unless set
     * @return this builder
     */
    public B maxBackoff(Duration delay) {
        this.maxBackoff = positive("maxBackoff", delay);
        return self();
    }

    /**
     * @param age how long after enqueueing failures are retried before giving up, 24 h unless set
     * @return this builder
     */
    public B maxAge(Duration age) {
        this.maxAge = positive("maxAge", age);
        return self();
    }

    /**
     * Checks what {@code build()} needs of the shared settings.
     *
     * @throws IllegalArgumentException naming {@code notifier} when none is configured, or
     *                                  {@code maxBackoff} when below the initial backoff
     */
    final void validate() {
        if (notifiers.isEmpty()) {
            throw new IllegalArgumentException("notifier: at least one notifier is required");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff: must not be below initialBackoff (" + initialBackoff + ")");
        }
    }

    static Duration positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive, was " + d);
        }
        return d;
    }
}
