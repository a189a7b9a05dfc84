package io.github.modemvoice.pipeline;

import io.github.modemvoice.internal.Threads;
import io.github.modemvoice.internal.Deadline;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The outbox of a {@link JdbcMessageStore}: one row per (message, notifier) in
 * {@code <table>_outbox}, inserted by {@link JdbcMessageStore#store} in the same transaction as
 * the message row, so there is no host-local state to lose. Several hosts sharing one database
 * (each with its own modem, store and {@code JdbcOutbox}) deliver each notification once.
 *
 * <pre>{@code
 * JdbcMessageStore store = JdbcMessageStore.builder(dataSource).spoolDirectory(spool).build();
 * JdbcOutbox outbox = JdbcOutbox.builder(store).notifier(webhook).build(); // attaches to the store
 * MessagePipeline pipeline = MessagePipeline.builder(store, outbox).transcriber(t).build();
 * outbox.start();
 * }</pre>
 *
 * <p><b>Claiming.</b> A worker claims due rows with a lease: on PostgreSQL
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} then {@code claimed_by}/{@code claimed_until} set in
 * the same short transaction (other hosts skip the locked rows and, after the commit, the
 * leased ones); on other databases (SQLite: one host) a conditional {@code UPDATE ... WHERE
 * claimed_until IS NULL OR claimed_until <= now}. The delivery runs outside any transaction;
 * its outcome is written only while the row is still this worker's claim. A host killed
 * mid-delivery leaves its rows claimed until the lease runs out (10 min unless set: longer than
 * a transcription and a request); then another host takes them. Each notification is built
 * when it is delivered, from the message as then stored, after the pipeline's preparation
 * (the transcription) ran on the claiming host. (With several notifiers, two hosts holding
 * rows of the same message may both transcribe it; the transcript saved last is kept.)
 *
 * <p>Row states: {@code PENDING} (with {@code attempts}, {@code next_attempt_at},
 * {@code last_error}, {@code last_http_status}), {@code DELIVERED} and {@code FAILED} (with
 * {@code done_at}); retries back off exponentially like {@link Outbox}'s and a notification
 * still failing after the maximum age (24 h) fails for good. Thread-safe.
 */
public final class JdbcOutbox implements NotificationQueue {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcOutbox.class);
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final int BATCH = 10;

    private final JdbcMessageStore store;
    private final Map<String, Notifier> notifiers;
    private final Clock clock;
    private final Duration lease;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxAge;
    private final Random random = new Random();
    private final String owner;
    private final String table;
    private final Object wake = new Object();
    private volatile UnaryOperator<VoicemailMessage> preparer = UnaryOperator.identity();
    private volatile boolean closed;
    private Thread worker;

    private JdbcOutbox(Builder b) {
        this.store = b.store;
        this.notifiers = Map.copyOf(b.notifiers);
        this.clock = b.clock;
        this.lease = b.lease;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxAge = b.maxAge;
        this.owner = b.owner;
        this.table = store.outboxTable();
        store.outboxNotifiers(notifierNames(), clock);
    }

    /**
     * @param store the message store whose database holds the outbox
     * @return a builder
     */
    public static Builder builder(JdbcMessageStore store) {
        return new Builder(store);
    }

    /** @return the configured notifiers' names, sorted */
    public List<String> notifierNames() {
        return notifiers.keySet().stream().sorted().toList();
    }

    /** @return this worker's name in {@code claimed_by} */
    public String owner() {
        return owner;
    }

    void preparer(UnaryOperator<VoicemailMessage> p) {
        this.preparer = Objects.requireNonNull(p, "preparer");
    }

    @Override
    public boolean preparesAtDelivery() {
        return true;
    }

    @Override
    public String describe() {
        return "table " + table;
    }

    @Override
    public int enqueue(VoicemailMessage message) {
        Objects.requireNonNull(message, "message");
        ensureOpen();
        int n = store.run("queue notifications of " + message.id(), true,
                c -> store.insertOutboxRows(c, message.id(), notifierNames(), clock.instant()));
        wakeUp();
        return n;
    }

    @Override
    public boolean hasRecord(String messageId) {
        MessageIds.requireValid(messageId);
        return store.run("outbox record of " + messageId, false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT notifier FROM " + table + " WHERE message_id = ?")) {
                ps.setString(1, messageId);
                List<String> have = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        have.add(rs.getString(1));
                    }
                }
                return have.containsAll(notifiers.keySet());
            }
        });
    }

    @Override
    public Instant since() {
        return store.run("outbox start", false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(created_at) FROM " + table);
                 ResultSet rs = ps.executeQuery()) {
                String first = rs.next() ? rs.getString(1) : null;
                return first == null ? clock.instant() : Instant.parse(first);
            }
        });
    }

    @Override
    public List<DeliveryStatus> status(String messageId) {
        MessageIds.requireValid(messageId);
        Map<String, DeliveryStatus> found = store.run("outbox status of " + messageId, false, c -> {
            Map<String, DeliveryStatus> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT notifier, state, attempts, next_attempt_at, last_error, "
                    + "last_http_status FROM " + table + " WHERE message_id = ?")) {
                ps.setString(1, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String notifier = rs.getString(1);
                        DeliveryStatus.State state = DeliveryStatus.State.valueOf(rs.getString(2));
                        int http = rs.getInt(6);
                        OptionalInt status = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(http);
                        out.put(notifier, new DeliveryStatus(messageId, notifier, state, rs.getInt(3),
                                Optional.ofNullable(rs.getString(5)), status,
                                state == DeliveryStatus.State.PENDING ? Optional.of(Instant.parse(rs.getString(4))) : Optional.empty(),
                                describe() + " (message_id " + messageId + ", notifier " + notifier + ")"));
                    }
                }
            }
            return out;
        });
        List<DeliveryStatus> out = new ArrayList<>();
        for (String name : notifierNames()) {
            out.add(found.getOrDefault(name, new DeliveryStatus(messageId, name, DeliveryStatus.State.NONE, 0,
                    Optional.empty(), OptionalInt.empty(), Optional.empty(), describe())));
        }
        return out;
    }

    @Override
    public boolean awaitSettled(String messageId, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Deadline deadline = Deadline.after(timeout);
        while (true) {
            boolean pending = status(messageId).stream().anyMatch(s -> s.state() == DeliveryStatus.State.PENDING);
            if (!pending) {
                return true;
            }
            long left = deadline.remainingNanos();
            if (left <= 0 || closed) {
                return false;
            }
            synchronized (wake) {
                try {
                    wake.wait(Math.max(1, Math.min(100, left / 1_000_000))); // the database is polled, bounded
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /** One claimed row. */
    private record Claim(String messageId, String notifier, int attempts, Instant createdAt) {
    }

    /**
     * Claims the rows due now by the clock (up to a batch) and delivers them, one after another,
     * in the calling thread.
     *
     * @return the number of delivery attempts made
     */
    public int runDueNow() {
        if (closed) {
            return 0;
        }
        List<Claim> claims = claim();
        int attempts = 0;
        for (Claim c : claims) {
            if (closed || Thread.currentThread().isInterrupted()) {
                break;
            }
            attempt(c);
            attempts++;
        }
        return attempts;
    }

    private List<Claim> claim() {
        Instant now = clock.instant();
        String nowText = JdbcMessageStore.TIME.format(now);
        String until = JdbcMessageStore.TIME.format(now.plus(lease));
        String names = notifiers.keySet().stream().map(n -> "'" + n + "'").sorted().collect(Collectors.joining(", "));
        String due = "SELECT message_id, notifier, attempts, created_at FROM " + table
                + " WHERE state = 'PENDING' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)"
                + " AND notifier IN (" + names + ") ORDER BY next_attempt_at, message_id LIMIT " + BATCH;
        boolean postgres = store.isPostgres();
        return store.run("claim due notifications", true, c -> {
            List<Claim> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(postgres ? due + " FOR UPDATE SKIP LOCKED" : due)) {
                ps.setString(1, nowText);
                ps.setString(2, nowText);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(new Claim(rs.getString(1), rs.getString(2), rs.getInt(3), Instant.parse(rs.getString(4))));
                    }
                }
            }
            List<Claim> mine = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET claimed_by = ?, claimed_until = ?"
                    + " WHERE message_id = ? AND notifier = ? AND state = 'PENDING'"
                    + " AND (claimed_until IS NULL OR claimed_until <= ?)")) {
                for (Claim cl : candidates) {
                    ps.setString(1, owner);
                    ps.setString(2, until);
                    ps.setString(3, cl.messageId());
                    ps.setString(4, cl.notifier());
                    ps.setString(5, nowText);
                    if (ps.executeUpdate() == 1) {
                        mine.add(cl);
                    }
                }
            }
            return mine;
        });
    }

    private void attempt(Claim claim) {
        AtomicBoolean deleted = new AtomicBoolean();
        Retries.Outcome o = Retries.attempt(claim.notifier(), () -> {
            Optional<VoicemailMessage> stored = store.get(claim.messageId());
            if (stored.isEmpty()) {
                deleted.set(true);
                return;
            }
            notifiers.get(claim.notifier()).deliver(Notification.of(preparer.apply(stored.get())));
        });
        if (o.state() == Retries.State.INTERRUPTED) {
            return; // the lease runs out and the row is tried again
        }
        if (deleted.get()) {
            finish(claim, "FAILED", "the message was deleted before its notification was delivered", OptionalInt.empty());
            return;
        }
        if (o.state() == Retries.State.DELIVERED) {
            finish(claim, "DELIVERED", null, OptionalInt.empty());
            return;
        }
        String error = o.error();
        OptionalInt http = o.httpStatus();
        boolean retryable = o.retryable();
        Instant now = clock.instant();
        int attempts = claim.attempts() + 1;
        Optional<String> gaveUp = Retries.giveUp(claim.createdAt(), attempts, now, maxAge, retryable, error);
        if (gaveUp.isPresent()) {
            String failure = gaveUp.get();
            LOG.warn("outbox {}: notification {}.{} not delivered, {}", table, claim.messageId(), claim.notifier(), failure);
            finish(claim, "FAILED", failure, http);
            return;
        }
        Instant next = Retries.nextAttempt(claim.createdAt(), now, maxAge,
                Outbox.backoff(initialBackoff, 2.0, maxBackoff, 0.2, random, attempts));
        LOG.warn("outbox {}: attempt {} of {}.{} failed, next at {}: {}", table, attempts, claim.messageId(), claim.notifier(),
                next, error);
        OptionalInt status = http;
        update(claim, "state = 'PENDING', attempts = attempts + 1, next_attempt_at = ?, last_attempt_at = ?, last_error = ?, "
                + "last_http_status = ?, claimed_by = NULL, claimed_until = NULL", ps -> {
                    ps.setString(1, JdbcMessageStore.TIME.format(next));
                    ps.setString(2, JdbcMessageStore.TIME.format(now));
                    ps.setString(3, error == null ? "unknown failure" : error);
                    setStatus(ps, 4, status);
                    return 4;
                });
    }

    private void finish(Claim claim, String state, String error, OptionalInt http) {
        Instant now = clock.instant();
        boolean mine = update(claim, "state = ?, attempts = attempts + 1, last_attempt_at = ?, done_at = ?, last_error = ?, "
                + "last_http_status = ?, claimed_by = NULL, claimed_until = NULL", ps -> {
                    ps.setString(1, state);
                    ps.setString(2, JdbcMessageStore.TIME.format(now));
                    ps.setString(3, JdbcMessageStore.TIME.format(now));
                    ps.setString(4, error);
                    setStatus(ps, 5, http);
                    return 5;
                });
        if (!mine && "DELIVERED".equals(state)) {
            LOG.warn("outbox {}: {}.{} was delivered after its lease ran out; another host may deliver it again "
                    + "(receivers drop duplicates by the Idempotency-Key)", table, claim.messageId(), claim.notifier());
        }
        wakeUp();
    }

    private static void setStatus(PreparedStatement ps, int index, OptionalInt http) throws SQLException {
        if (http.isPresent()) {
            ps.setInt(index, http.getAsInt());
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }

    private interface Binder {
        int bind(PreparedStatement ps) throws SQLException;
    }

    /** Updates a row only while it is still this worker's claim; @return whether it was. */
    private boolean update(Claim claim, String assignments, Binder binder) {
        try {
            return store.run("record the outcome of " + claim.messageId() + "." + claim.notifier(), true, (Connection c) -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + assignments
                        + " WHERE message_id = ? AND notifier = ? AND claimed_by = ?")) {
                    int i = binder.bind(ps);
                    ps.setString(++i, claim.messageId());
                    ps.setString(++i, claim.notifier());
                    ps.setString(++i, owner);
                    return ps.executeUpdate() == 1;
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("outbox {}: cannot record the outcome of {}.{} ({}); it is tried again when the lease runs out",
                    table, claim.messageId(), claim.notifier(), e.toString());
            return false;
        }
    }

    /**
     * Starts the background worker (a daemon thread) that claims and delivers due rows, polling
     * the database every 2 s and at once after {@link #enqueue} or {@link #wakeUp()}.
     */
    public synchronized void start() {
        ensureOpen();
        if (worker != null) {
            return;
        }
        worker = Threads.start("jdbc-outbox", this::workLoop);
    }

    /** Makes the worker look for due rows now. */
    public void wakeUp() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void workLoop() {
        while (!closed && !Thread.currentThread().isInterrupted()) {
            int n = 0;
            try {
                n = runDueNow();
            } catch (RuntimeException e) {
                LOG.warn("outbox {}: worker failure (continuing): {}", table, e.toString());
            }
            if (n == 0) {
                synchronized (wake) {
                    try {
                        wake.wait(POLL.toMillis()); // the database is polled: other hosts write rows too
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * Stops the worker (waiting up to 30 s for a delivery in progress); rows stay in the
     * database, and messages the store keeps storing still get their rows (another host, or the
     * next start, delivers them).
     */
    @Override
    public void close() {
        Thread w;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            w = worker;
        }
        wakeUp();
        if (w != null && w != Thread.currentThread()) {
            try {
                w.join(30_000);
                if (w.isAlive()) {
                    w.interrupt();
                    w.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("outbox " + table + " is closed");
        }
    }

    /** Builds a {@link JdbcOutbox}. */
    public static final class Builder extends OutboxSettings<Builder> {
        private final JdbcMessageStore store;
        private Duration lease = Duration.ofMinutes(10);
        private String owner;

        private Builder(JdbcMessageStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * @param lease how long a claim keeps other hosts off a row, 10 min unless set; must
         *              exceed a transcription plus a request
         * @return this builder
         */
        public Builder lease(Duration lease) {
            this.lease = positive("lease", lease);
            return this;
        }

        /**
         * @param owner this worker's name in {@code claimed_by} (up to 80 characters); the host
         *              name and a random suffix unless set
         * @return this builder
         */
        public Builder owner(String owner) {
            if (owner == null || owner.isBlank() || owner.length() > 80) {
                throw new IllegalArgumentException("owner: 1 to 80 characters, was " + owner);
            }
            this.owner = owner;
            return this;
        }

        /**
         * Builds the outbox and attaches it to the store: from now on {@link JdbcMessageStore#store}
         * inserts its rows.
         *
         * @return the outbox
         */
        public JdbcOutbox build() {
            validate();
            if (owner == null) {
                String host;
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.io.IOException e) {
                    host = "host";
                }
                owner = Excerpts.head(host, 40) + "-" + ProcessHandle.current().pid() + "-"
                        + UUID.randomUUID().toString().substring(0, 8);
            }
            return new JdbcOutbox(this);
        }
    }
}
