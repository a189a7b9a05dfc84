package io.github.modemvoice.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.internal.AtomicFiles;
import io.github.modemvoice.internal.Deadline;
import io.github.modemvoice.internal.Locks;
import io.github.modemvoice.internal.Threads;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Durable, at-least-once (in practice once) delivery of notifications, surviving restarts.
 *
 * <p>{@link #enqueue(VoicemailMessage)} first writes one file per (message, notifier) into the
 * outbox directory, {@code <message id>.<notifier name>.json} (0600, directory 0700, written to
 * a temporary file, fsynced and renamed into place), and only then is anything sent. Delivery
 * is attempted by {@link #runDueNow()} (synchronous, for tests and tools) or by the background
 * worker started with {@link #start()}. After a failed attempt the file is rewritten with the
 * attempt count, the last error and the next attempt time, which backs off exponentially
 * (initial delay times factor to the power of earlier failures, capped, optionally shortened by
 * a random jitter). A new {@code Outbox} over the same directory resumes every pending item
 * where the previous one stopped.
 *
 * <p>After a successful delivery the item is written to {@code delivered/} and then removed
 * from the pending files, so a restart never sends it again (a crash between the two steps
 * finds the delivered copy and drops the pending one). An item whose notifier reports a
 * permanent failure, or that is still failing after {@link Builder#maxAge(Duration)} (24 h
 * unless set; the last attempt happens at that age), is moved to {@code failed/} with the
 * failure recorded. Enqueueing a message again is a no-op for every notifier that already has
 * it pending, delivered or failed. The message id is the idempotency key notifiers send.
 *
 * <p>File format (UTF-8 JSON, snake_case, ISO-8601 UTC):
 * <pre>{@code
 * {"schema_version":1,"message_id":"...","notifier":"webhook","created_at":"...",
 *  "attempts":2,"next_attempt_at":"...","last_attempt_at":"...","last_error":"... HTTP 503",
 *  "delivered_at":"..." (delivered/ only), "failed_at":"...", "failure":"...",
 *  "last_http_status":404 (failed/ only, the status when the receiver answered),
 *  "notification":{"message_id":"...","call_id":"...","caller":"...", ...}}
 * }</pre>
 *
 * <p>{@code .created} holds the time the directory was first used ({@link #since()}), which
 * bounds how far back {@link MessagePipeline#catchUp()} looks. {@link #hasRecord} and
 * {@link #status} tell whether and how each notifier handled a message.
 *
 * <p>One {@code Outbox} owns a directory at a time: it holds a lock on {@code .lock}, and a
 * second one (in this or another process) is refused. Deliveries run one at a time. The clock
 * decides what is due and is injectable; waiting in the background worker uses real time.
 * Thread-safe.
 *
 * <p>One file on purpose: the file queue, its worker and the recovery of pending items all guard the same {@code pending} map under one lock; the builder settings ({@code OutboxSettings}), the item format ({@code OutboxItemJson}) and the retry rule ({@code Retries}) are already apart.
 */
public final class Outbox implements NotificationQueue {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** The file format version written. */
    public static final int SCHEMA_VERSION = 1;
    /** The sub-directory of delivered items. */
    public static final String DELIVERED = "delivered";
    /** The sub-directory of items given up on. */
    public static final String FAILED = "failed";

    /** The outbox's folder inside a message (or spool) directory: {@code <dir>/outbox}. */
    public static final String DIRECTORY_NAME = "outbox";

    /**
     * @param messageDirectory a message (or spool) directory
     * @return the outbox beside its messages, {@code <dir>/outbox}
     */
    public static Path besideMessages(Path messageDirectory) {
        return messageDirectory.resolve(DIRECTORY_NAME);
    }
    private static final String SUFFIX = ".json";
    private static final Duration MAX_IDLE_WAIT = Duration.ofSeconds(30);
    private static final String CREATED = ".created";

    /**
     * One notification in the outbox.
     *
     * @param messageId     the message id (the idempotency key)
     * @param notifier      the notifier's name
     * @param createdAt     when it was enqueued
     * @param attempts      delivery attempts so far
     * @param nextAttemptAt when the next attempt is due
     * @param lastAttemptAt when the last attempt happened
     * @param lastError     why the last attempt failed
     * @param notification  what is delivered
     */
    public record Item(String messageId, String notifier, Instant createdAt, int attempts, Instant nextAttemptAt,
                       Optional<Instant> lastAttemptAt, Optional<String> lastError, Notification notification) {
        /** Validates. */
        public Item {
            MessageIds.requireValid(messageId);
            Notifier.requireValidName(notifier);
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
            Objects.requireNonNull(lastAttemptAt, "lastAttemptAt");
            Objects.requireNonNull(lastError, "lastError");
            Objects.requireNonNull(notification, "notification");
        }

        /** @return the item's file name */
        public String fileName() {
            return messageId + "." + notifier + SUFFIX;
        }
    }

    private final Path dir;
    private final Path deliveredDir;
    private final Path failedDir;
    private final Map<String, Notifier> notifiers;
    private final Clock clock;
    private final Duration initialBackoff;
    private final double backoffFactor;
    private final Duration maxBackoff;
    private final double jitter;
    private final Duration maxAge;
    private final Random random;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Pending items by file name; guarded by {@link #lock}. */
    private final Map<String, Item> pending = new LinkedHashMap<>();
    /** Notifier names already warned about; guarded by {@link #lock}. */
    private final Set<String> unknownWarned = new HashSet<>();
    private final Object deliveryLock = new Object();
    private boolean wakeRequested;
    private boolean closed;
    private Thread worker;

    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final Instant since;

    private Outbox(Builder b) {
        this.notifiers = Map.copyOf(b.notifiers);
        this.clock = b.clock;
        this.initialBackoff = b.initialBackoff;
        this.backoffFactor = b.backoffFactor;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.maxAge = b.maxAge;
        this.random = b.random;
        try {
            this.dir = SafeFiles.privateDirectory(b.directory).toAbsolutePath();
            this.deliveredDir = SafeFiles.privateDirectory(dir.resolve(DELIVERED));
            this.failedDir = SafeFiles.privateDirectory(dir.resolve(FAILED));
        } catch (IOException e) {
            throw new ModemVoiceException(b.directory + ": cannot create the outbox directory: " + e, e);
        }
        FileChannel ch = null;
        FileLock fl = null;
        try {
            ch = FileChannel.open(dir.resolve(".lock"), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    AtomicFiles.privateFile());
            fl = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            fl = null;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new ModemVoiceException(dir + ": cannot lock the outbox: " + e, e);
        }
        if (fl == null) {
            closeQuietly(ch);
            throw new IllegalStateException(dir + ": the outbox is already in use by another Outbox");
        }
        this.lockChannel = ch;
        this.fileLock = fl;
        this.since = readOrWriteSince();
        load();
    }

    /** The outbox's birth time: kept in {@code .created}, written when the directory is first used. */
    private Instant readOrWriteSince() {
        Path f = dir.resolve(CREATED);
        try {
            if (Files.isRegularFile(f)) {
                String text = Files.readString(f, java.nio.charset.StandardCharsets.UTF_8).strip();
                try {
                    return Instant.parse(text);
                } catch (java.time.format.DateTimeParseException e) {
                    LOG.warn("outbox {}: {} is unreadable ({}); starting it again", dir, CREATED, e.getMessage());
                }
            }
            Instant now = clock.instant();
            AtomicFiles.write(f, (now + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return now;
        } catch (IOException e) {
            throw new ModemVoiceException(f + ": cannot read or write the outbox's creation time: " + e, e);
        }
    }

    /**
     * Removes every record of a message from an outbox directory: its pending items and its
     * {@code delivered/} and {@code failed/} records, for each notifier. Used when the message is
     * deleted. Safe while an {@code Outbox} runs on the directory: an item whose pending file is
     * gone is dropped instead of delivered.
     *
     * @param directory the outbox directory (need not exist)
     * @param messageId a message id
     * @return the number of files removed
     * @throws IllegalArgumentException when the id is not a message id
     * @throws ModemVoiceException      when a file cannot be removed
     */
    public static int forget(Path directory, String messageId) {
        MessageIds.requireValid(messageId);
        int removed = 0;
        for (Path d : List.of(directory, directory.resolve(DELIVERED), directory.resolve(FAILED))) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, messageId + ".*" + SUFFIX)) {
                for (Path f : ds) {
                    if (Files.deleteIfExists(f)) {
                        removed++;
                    }
                }
                AtomicFiles.syncDirectory(d);
            } catch (IOException e) {
                throw new ModemVoiceException(d + ": cannot remove the outbox records of message " + messageId + ": " + e, e);
            }
        }
        return removed;
    }

    /**
     * Counts the item files of one outbox directory: the pending items of the outbox directory,
     * or those of its {@link #DELIVERED} or {@link #FAILED} sub-directory. For status displays;
     * safe while an {@code Outbox} runs on the directory (the count is then a moment's).
     *
     * @param directory an outbox directory or one of its sub-directories (need not exist)
     * @return the number of item files, 0 when the directory does not exist
     * @throws IOException when the directory cannot be listed
     */
    public static long countItems(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        long count = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * When this outbox directory was first used (kept in {@code .created}). A catch-up scan
     * ({@link MessagePipeline#catchUp()}) queues messages started up to an hour before it, not
     * every older message of a mailbox that had no notifications configured.
     *
     * @return the creation time
     */
    @Override
    public Instant since() {
        return since;
    }

    /** @return the configured notifiers' names, sorted */
    public List<String> notifierNames() {
        return notifiers.keySet().stream().sorted().toList();
    }

    /**
     * @param messageId a message id
     * @return true when every configured notifier has a record of this message: pending,
     *         delivered or failed (so the message's notification intent is durable)
     */
    @Override
    public boolean hasRecord(String messageId) {
        MessageIds.requireValid(messageId);
        lock.lock();
        try {
            for (String name : notifiers.keySet()) {
                String file = messageId + "." + name + SUFFIX;
                if (!pending.containsKey(file) && !Files.exists(deliveredDir.resolve(file))
                        && !Files.exists(failedDir.resolve(file))) {
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Where each configured notifier stands with one message.
     *
     * @param messageId a message id
     * @return one status per configured notifier, by name
     */
    @Override
    public List<DeliveryStatus> status(String messageId) {
        MessageIds.requireValid(messageId);
        List<DeliveryStatus> out = new ArrayList<>();
        for (String name : notifierNames()) {
            String file = messageId + "." + name + SUFFIX;
            Item p;
            lock.lock();
            try {
                p = pending.get(file);
            } finally {
                lock.unlock();
            }
            if (p != null) {
                out.add(new DeliveryStatus(messageId, name, DeliveryStatus.State.PENDING, p.attempts(), p.lastError(),
                        statusIn(p.lastError()), Optional.of(p.nextAttemptAt()), dir.resolve(file).toString()));
            } else if (Files.exists(deliveredDir.resolve(file))) {
                out.add(new DeliveryStatus(messageId, name, DeliveryStatus.State.DELIVERED, 0, Optional.empty(),
                        java.util.OptionalInt.empty(), Optional.empty(), deliveredDir.resolve(file).toString()));
            } else if (Files.exists(failedDir.resolve(file))) {
                Path f = failedDir.resolve(file);
                int attempts = 0;
                Optional<String> failure = Optional.of("(failure record unreadable)");
                java.util.OptionalInt http = java.util.OptionalInt.empty();
                try {
                    JsonNode o = NotificationJson.MAPPER.readTree(f.toFile());
                    attempts = NotificationJson.number(o, "attempts").intValue();
                    failure = NotificationJson.optionalText(o, "failure");
                    JsonNode h = o.get("last_http_status");
                    if (h != null && h.isInt()) {
                        http = java.util.OptionalInt.of(h.intValue());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("outbox {}: unreadable failed item {}: {}", dir, file, e.toString());
                }
                out.add(new DeliveryStatus(messageId, name, DeliveryStatus.State.FAILED, attempts, failure, http,
                        Optional.empty(), f.toString()));
            } else {
                out.add(new DeliveryStatus(messageId, name, DeliveryStatus.State.NONE, 0, Optional.empty(),
                        java.util.OptionalInt.empty(), Optional.empty(), dir.toString()));
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern HTTP_STATUS = java.util.regex.Pattern.compile("answered HTTP (\\d{3})");

    private static java.util.OptionalInt statusIn(Optional<String> error) {
        if (error.isPresent()) {
            java.util.regex.Matcher m = HTTP_STATUS.matcher(error.get());
            if (m.find()) {
                return java.util.OptionalInt.of(Integer.parseInt(m.group(1)));
            }
        }
        return java.util.OptionalInt.empty();
    }

    /**
     * @param directory the outbox directory (created 0700 if missing)
     * @return a builder
     */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** @return the outbox directory */
    public Path directory() {
        return dir;
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    /**
     * Durably records one notification per configured notifier for a stored message; returns
     * once they are on disk. Notifiers that already have this message (pending, delivered or
     * failed) are skipped.
     *
     * @param message the stored message, with its transcript if there is one
     * @return how many new items were written
     * @throws ModemVoiceException   if an item cannot be written (earlier ones stay)
     * @throws IllegalStateException if the outbox is closed
     */
    @Override
    public int enqueue(VoicemailMessage message) {
        Objects.requireNonNull(message, "message");
        Notification n = Notification.of(message);
        Instant now = clock.instant();
        int created = 0;
        lock.lock();
        try {
            ensureOpen();
            for (String name : notifiers.keySet().stream().sorted().toList()) {
                Item item = new Item(n.messageId(), name, now, 0, now, Optional.empty(), Optional.empty(), n);
                String file = item.fileName();
                if (pending.containsKey(file) || Files.exists(deliveredDir.resolve(file))
                        || Files.exists(failedDir.resolve(file))) {
                    continue;
                }
                write(dir.resolve(file), item, null);
                pending.put(file, item);
                created++;
            }
            wakeRequested = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return created;
    }

    /**
     * Attempts every item that is due now by the clock, one after another, in the calling
     * thread. Items of notifiers this outbox does not have stay pending untouched.
     *
     * @return the number of attempts made
     */
    public int runDueNow() {
        synchronized (deliveryLock) {
            Instant now = clock.instant();
            List<Item> due;
            lock.lock();
            try {
                if (closed) {
                    return 0;
                }
                due = pending.values().stream()
                        .filter(i -> !i.nextAttemptAt().isAfter(now))
                        .filter(this::hasNotifier)
                        .sorted(Comparator.comparing(Item::nextAttemptAt).thenComparing(Item::fileName))
                        .toList();
            } finally {
                lock.unlock();
            }
            int attempts = 0;
            for (Item item : due) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                attempt(item);
                attempts++;
            }
            return attempts;
        }
    }

    private boolean hasNotifier(Item i) {
        if (notifiers.containsKey(i.notifier())) {
            return true;
        }
        if (unknownWarned.add(i.notifier())) {
            LOG.warn("outbox {}: items for notifier \"{}\" stay pending: no such notifier is configured", dir, i.notifier());
        }
        return false;
    }

    private void attempt(Item item) {
        if (!Files.exists(dir.resolve(item.fileName()))) {
            // its message was deleted ({@link #forget}): nothing to tell anyone about any more
            LOG.debug("outbox: {} was removed; dropped", item.fileName());
            remove(item.fileName());
            return;
        }
        Notifier notifier = notifiers.get(item.notifier());
        Retries.Outcome o = Retries.attempt(item.notifier(), () -> notifier.deliver(item.notification()));
        switch (o.state()) {
            case DELIVERED -> delivered(item);
            case FAILED -> failedAttempt(item, o.error(), o.retryable(), o.httpStatus());
            case INTERRUPTED -> {
                // shutdown: the item stays as it is and is tried again after the restart
            }
        }
    }

    private void delivered(Item item) {
        Instant now = clock.instant();
        Item done = new Item(item.messageId(), item.notifier(), item.createdAt(), item.attempts() + 1, item.nextAttemptAt(),
                Optional.of(now), item.lastError(), item.notification());
        String file = item.fileName();
        try {
            write(deliveredDir.resolve(file), done, o -> o.put("delivered_at", now.toString()));
            Files.deleteIfExists(dir.resolve(file));
            AtomicFiles.syncDirectory(dir);
        } catch (IOException | ModemVoiceException e) {
            LOG.warn("outbox {}: {} was delivered but recording that failed ({}); a restart may deliver it again",
                    dir, file, e.toString());
        }
        LOG.debug("outbox: delivered {} after {} attempt(s)", file, done.attempts());
        remove(file);
    }

    private void failedAttempt(Item item, String error, boolean retryable, java.util.OptionalInt http) {
        Instant now = clock.instant();
        int attempts = item.attempts() + 1;
        String file = item.fileName();
        Optional<String> gaveUp = Retries.giveUp(item.createdAt(), attempts, now, maxAge, retryable, error);
        if (gaveUp.isPresent()) {
            String failure = gaveUp.get();
            Item last = new Item(item.messageId(), item.notifier(), item.createdAt(), attempts, item.nextAttemptAt(),
                    Optional.of(now), Optional.of(error), item.notification());
            try {
                write(failedDir.resolve(file), last, o -> {
                    o.put("failed_at", now.toString());
                    o.put("failure", failure);
                    if (http.isPresent()) {
                        o.put("last_http_status", http.getAsInt());
                    }
                });
                Files.deleteIfExists(dir.resolve(file));
                AtomicFiles.syncDirectory(dir);
            } catch (IOException | ModemVoiceException e) {
                LOG.warn("outbox {}: cannot move {} to {}/: {}", dir, file, FAILED, e.toString());
            }
            LOG.warn("outbox {}: notification {} not delivered, {}", dir, file, failure);
            remove(file);
            return;
        }
        Instant next = Retries.nextAttempt(item.createdAt(), now, maxAge, backoff(attempts));
        Item updated = new Item(item.messageId(), item.notifier(), item.createdAt(), attempts, next, Optional.of(now),
                Optional.of(error), item.notification());
        try {
            write(dir.resolve(file), updated, null);
        } catch (ModemVoiceException e) {
            LOG.warn("outbox {}: cannot record the failed attempt on {} ({}); it will be retried", dir, file, e.toString());
        }
        LOG.warn("outbox: attempt {} of {} failed, next at {}: {}", attempts, file, next, error);
        lock.lock();
        try {
            pending.replace(file, updated);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The delay after the given number of failed attempts (1 = after the first failure). */
    Duration backoff(int failures) {
        return backoff(initialBackoff, backoffFactor, maxBackoff, jitter, random, failures);
    }

    /** Exponential backoff, capped, less up to {@code jitter} of it at random; shared with {@link JdbcOutbox}. */
    static Duration backoff(Duration initial, double factor, Duration max, double jitter, Random random, int failures) {
        double millis = initial.toMillis() * Math.pow(factor, Math.max(0, failures - 1));
        millis = Math.min(millis, max.toMillis());
        if (jitter > 0) {
            millis *= 1 - jitter * random.nextDouble();
        }
        return Duration.ofMillis(Math.max(1, Math.round(millis)));
    }

    private void remove(String file) {
        lock.lock();
        try {
            pending.remove(file);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts the background worker (a daemon thread) that attempts items when they are due.
     * Calling it again does nothing.
     *
     * @throws IllegalStateException if the outbox is closed
     */
    public void start() {
        Locks.run(lock, () -> {
            ensureOpen();
            if (worker != null) {
                return;
            }
            worker = Threads.start("outbox", this::workLoop);
        });
    }

    /** Makes the background worker look for due items now (e.g. after a clock change in tests). */
    public void wakeUp() {
        Locks.change(lock, changed, () -> wakeRequested = true);
    }

    private void workLoop() {
        while (true) {
            try {
                runDueNow();
            } catch (RuntimeException e) {
                LOG.warn("outbox {}: worker failure (continuing): {}", dir, e.toString(), e);
            }
            lock.lock();
            try {
                if (closed || Thread.currentThread().isInterrupted()) {
                    return;
                }
                if (!wakeRequested) {
                    Instant now = clock.instant();
                    Duration wait = pending.values().stream()
                            .filter(i -> notifiers.containsKey(i.notifier()))
                            .map(i -> Duration.between(now, i.nextAttemptAt()))
                            .min(Comparator.naturalOrder())
                            .orElse(MAX_IDLE_WAIT);
                    if (wait.compareTo(MAX_IDLE_WAIT) > 0) {
                        wait = MAX_IDLE_WAIT;
                    }
                    if (!wait.isNegative() && !wait.isZero()) {
                        changed.awaitNanos(wait.toNanos());
                    }
                }
                wakeRequested = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits until nothing is pending (everything delivered or given up), for example before a
     * command-line tool exits.
     *
     * @param timeout the longest wait (real time)
     * @return true when nothing is pending
     */
    public boolean awaitIdle(Duration timeout) {
        return await(i -> true, timeout);
    }

    /**
     * Waits until no notification of one message is pending.
     *
     * @param messageId the message
     * @param timeout   the longest wait (real time)
     * @return true when all of the message's notifications are delivered or given up
     */
    @Override
    public boolean awaitSettled(String messageId, Duration timeout) {
        MessageIds.requireValid(messageId);
        return await(i -> i.messageId().equals(messageId), timeout);
    }

    private boolean await(Predicate<Item> which, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Deadline deadline = Deadline.after(timeout);
        lock.lock();
        try {
            BooleanSupplier settled = () -> pending.values().stream().noneMatch(which);
            return deadline.await(changed, () -> closed || settled.getAsBoolean()) && settled.getAsBoolean();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** @return the pending items, soonest due first */
    public List<Item> pending() {
        lock.lock();
        try {
            return pending.values().stream()
                    .sorted(Comparator.comparing(Item::nextAttemptAt).thenComparing(Item::fileName)).toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param messageId a message id
     * @param notifier  a notifier name
     * @return true when that notification was delivered (by this or an earlier outbox here)
     */
    public boolean isDelivered(String messageId, String notifier) {
        MessageIds.requireValid(messageId);
        Notifier.requireValidName(notifier);
        return Files.exists(deliveredDir.resolve(messageId + "." + notifier + SUFFIX));
    }

    /** @return the items given up on, with their recorded failure as {@link Item#lastError()} */
    public List<Item> failed() {
        List<Item> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(failedDir, "*" + SUFFIX)) {
            for (Path f : files) {
                try {
                    JsonNode o = NotificationJson.MAPPER.readTree(f.toFile());
                    Item i = OutboxItemJson.parse(o);
                    String failure = NotificationJson.optionalText(o, "failure").orElse(i.lastError().orElse(""));
                    out.add(new Item(i.messageId(), i.notifier(), i.createdAt(), i.attempts(), i.nextAttemptAt(),
                            i.lastAttemptAt(), Optional.of(failure), i.notification()));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("outbox {}: unreadable failed item {}: {}", dir, f.getFileName(), e.toString());
                }
            }
        } catch (IOException e) {
            throw new ModemVoiceException(failedDir + ": cannot list: " + e, e);
        }
        out.sort(Comparator.comparing(Item::fileName));
        return out;
    }

    /**
     * Stops the background worker (waiting up to 30 s for a delivery in progress) and releases
     * the directory. Pending items stay on disk for the next outbox. Idempotent.
     */
    @Override
    public void close() {
        Thread w;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            w = worker;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (w != null && w != Thread.currentThread()) {
            try {
                w.join(TimeUnit.SECONDS.toMillis(30));
                if (w.isAlive()) {
                    w.interrupt();
                    w.join(TimeUnit.SECONDS.toMillis(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (deliveryLock) {
            try {
                fileLock.release();
            } catch (IOException e) {
                LOG.warn("outbox {}: cannot release the lock: {}", dir, e.toString());
            }
            closeQuietly(lockChannel);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("outbox " + dir + " is closed");
        }
    }

    private void load() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new ModemVoiceException(dir + ": cannot list the outbox: " + e, e);
        }
        files.sort(Comparator.naturalOrder());
        for (Path f : files) {
            String name = f.getFileName().toString();
            try {
                if (name.startsWith(".") && name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                    Files.deleteIfExists(f); // a write interrupted by a crash; the original is intact
                    continue;
                }
                if (!name.endsWith(SUFFIX) || !Files.isRegularFile(f)) {
                    continue;
                }
                if (Files.exists(deliveredDir.resolve(name)) || Files.exists(failedDir.resolve(name))) {
                    Files.delete(f); // crashed between recording the outcome and removing the pending file
                    continue;
                }
                Item item = OutboxItemJson.parse(NotificationJson.MAPPER.readTree(f.toFile()));
                if (!item.fileName().equals(name)) {
                    throw new IllegalArgumentException("content does not match the file name");
                }
                pending.put(name, item);
            } catch (IOException | RuntimeException e) {
                LOG.warn("outbox {}: ignoring unreadable item {} (left in place): {}", dir, name, e.toString());
            }
        }
        if (!pending.isEmpty()) {
            LOG.info("outbox {}: resuming {} pending notification(s)", dir, pending.size());
        }
    }

    private static void write(Path target, Item item, OutboxItemJson.Extra extra) {
        try {
            AtomicFiles.write(target, OutboxItemJson.encode(item, extra));
        } catch (IOException e) {
            throw new ModemVoiceException(target + ": cannot write outbox item: " + e, e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing useful to do
            }
        }
    }

    /** Builds an {@link Outbox}; settings are validated when set. */
    public static final class Builder extends OutboxSettings<Builder> {
        private final Path directory;
        private double backoffFactor = 2.0;
        private double jitter = 0.2;
        private Random random = new Random();

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /**
         * @param factor the growth of the delay per failure, at least 1 (2 unless set)
         * @return this builder
         */
        public Builder backoffFactor(double factor) {
            if (!(factor >= 1.0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("backoffFactor: must be at least 1, was " + factor);
            }
            this.backoffFactor = factor;
            return this;
        }

        /**
         * @param fraction how much of each delay may randomly be cut, 0 (none) to 1; 0.2 unless set
         * @return this builder
         */
        public Builder jitter(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("jitter: must be between 0 and 1, was " + fraction);
            }
            this.jitter = fraction;
            return this;
        }

        /**
         * @param random the source of jitter
         * @return this builder
         */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Opens the outbox: creates the directory, takes its lock and loads pending items.
         *
         * @return the outbox
         * @throws IllegalArgumentException naming {@code notifier} when none is configured, or
         *                                  {@code maxBackoff} when below the initial backoff
         * @throws IllegalStateException    when another outbox holds the directory
         */
        public Outbox build() {
            validate();
            return new Outbox(this);
        }
    }
}
