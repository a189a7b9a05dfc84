package io.github.modemvoice.voicemail;

import io.github.modemvoice.audio.AudioStorageException;
import io.github.modemvoice.audio.MonotonicClock;
import io.github.modemvoice.audio.WavWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Can a message of the maximum length be kept right now? A call that cannot be kept should not
 * be answered: the caller would hear the greeting and be cut off at the beep.
 *
 * <p>{@link #probeDirectory(Path, long)} is the check for a directory (the
 * {@link DirectoryMessageStore}'s, the JDBC store's spool directory): the directory exists or
 * can be created 0700; it is private (see {@link #makePrivate(Path)}); a probe file can be
 * created, written and fsynced there (then removed); the usable space covers the message
 * ({@link #bytesFor(Duration)}: 8000 Hz x 2 bytes x seconds + the 44-byte WAV header) plus
 * {@link #MARGIN_BYTES} for the metadata, the in-progress sidecar, the outbox entries and the
 * file system's own overhead.
 *
 * <p>An instance ({@link #of(MessageStore, Duration)}) checks one store through
 * {@link MessageStore#checkStorage(long)}, caches the result for a short while (the default
 * {@link #DEFAULT_CACHE}: a probe costs a file creation and an fsync, and a busy line must not
 * pay it on every call), and logs an ERROR naming the location and the reason when the storage
 * becomes unusable and an INFO when it is usable again: once per change of state, not once per
 * call. Thread-safe.
 */
public final class StorageCheck {
    private static final Logger LOG = LoggerFactory.getLogger(StorageCheck.class);

    /**
     * Free space required beyond the longest message: 1 MiB. The metadata and the in-progress
     * sidecar take one 4 KiB block each, a notification's outbox entry a few more; the rest
     * absorbs file system overhead (indirect blocks, a journal commit) and a second call
     * starting at the same moment on another line.
     */
    public static final long MARGIN_BYTES = 1L << 20;
    /** How long a result is reused by {@link #check()} unless told otherwise: 3 s. */
    public static final Duration DEFAULT_CACHE = Duration.ofSeconds(3);
    private static final int PROBE_BYTES = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    /**
     * The outcome of a check.
     *
     * @param ok       whether a message can be stored
     * @param location the directory or database checked
     * @param reason   why not (empty when ok)
     */
    public record Result(boolean ok, String location, String reason) {
        /** Validates. */
        public Result {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * @param location what was checked
         * @return a usable result
         */
        public static Result usable(String location) {
            return new Result(true, location, "");
        }

        /**
         * @param location what was checked
         * @param reason why it cannot be used
         * @return an unusable result
         */
        public static Result unusable(String location, String reason) {
            return new Result(false, location, reason);
        }

        @Override
        public String toString() {
            return ok ? location + ": usable" : location + ": " + reason;
        }
    }

    private final MessageStore store;
    private final long messageBytes;
    private final long keepFreeBytes;
    private final long cacheNanos;
    private final MonotonicClock clock;
    private Result last;
    private long lastAt;
    private boolean everChecked;

    private StorageCheck(MessageStore store, long messageBytes, long keepFreeBytes, Duration cacheFor, MonotonicClock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.messageBytes = messageBytes;
        if (keepFreeBytes < 0) {
            throw new IllegalArgumentException("keepFreeBytes: must not be negative, was " + keepFreeBytes);
        }
        this.keepFreeBytes = keepFreeBytes;
        if (cacheFor == null || cacheFor.isNegative()) {
            throw new IllegalArgumentException("cacheFor: must be zero or positive, was " + cacheFor);
        }
        this.cacheNanos = cacheFor.toNanos();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param store       the store to check
     * @param maxDuration the longest message
     * @return a check caching results for {@link #DEFAULT_CACHE} on the system's monotonic clock
     */
    public static StorageCheck of(MessageStore store, Duration maxDuration) {
        return of(store, maxDuration, DEFAULT_CACHE, MonotonicClock.system());
    }

    /**
     * @param store       the store to check
     * @param maxDuration the longest message
     * @param cacheFor    how long a result is reused (zero: probe every time)
     * @param clock       the clock measuring that
     * @return a check
     */
    public static StorageCheck of(MessageStore store, Duration maxDuration, Duration cacheFor, MonotonicClock clock) {
        return of(store, maxDuration, 0, cacheFor, clock);
    }

    /**
     * @param store         the store to check
     * @param maxDuration   the longest message
     * @param keepFreeBytes space that must stay free besides the message and the margin (for the
     *                      rest of a shared disk, e.g. an SD card that also holds the system)
     * @param cacheFor      how long a result is reused (zero: probe every time)
     * @param clock         the clock measuring that
     * @return a check
     */
    public static StorageCheck of(MessageStore store, Duration maxDuration, long keepFreeBytes, Duration cacheFor,
                                  MonotonicClock clock) {
        return new StorageCheck(store, bytesFor(maxDuration), keepFreeBytes, cacheFor, clock);
    }

    /**
     * @param maxDuration the longest message
     * @return the size of its WAV file: 16,000 bytes a second plus the 44-byte header
     */
    public static long bytesFor(Duration maxDuration) {
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxDuration.isNegative()) {
            throw new IllegalArgumentException("maxDuration: must not be negative, was " + maxDuration);
        }
        return maxDuration.toMillis() * 16 + WavWriter.HEADER_BYTES;
    }

    /** @return the bytes one message of the maximum length takes (without the margin) */
    public long messageBytes() {
        return messageBytes;
    }

    /**
     * The cached result, re-probing when it is older than the cache time. Logs a change of state.
     *
     * @return whether a message can be stored now
     */
    public synchronized Result check() {
        if (everChecked && clock.nanoTime() - lastAt < cacheNanos) {
            return last;
        }
        return checkNow();
    }

    /**
     * Probes now, whatever the cache holds. Logs a change of state.
     *
     * @return whether a message can be stored now
     */
    public synchronized Result checkNow() {
        Result r;
        try {
            r = store.checkStorage(messageBytes + keepFreeBytes);
            if (!r.ok() && keepFreeBytes > 0) {
                r = Result.unusable(r.location(), r.reason() + " (" + size(keepFreeBytes) + " of that is kept free by "
                        + "configuration)");
            }
        } catch (RuntimeException e) {
            r = Result.unusable(store.toString(), "the check failed: " + describe(e));
        }
        if (!r.ok() && (!everChecked || last.ok())) {
            LOG.error("cannot store messages in {}: {}; calls are not answered until this is fixed", r.location(),
                    r.reason());
        } else if (r.ok() && everChecked && !last.ok()) {
            LOG.info("message storage {} is usable again; answering calls", r.location());
        }
        last = r;
        lastAt = clock.nanoTime();
        everChecked = true;
        return r;
    }

    /** Forgets the cached result: the next {@link #check()} probes (e.g. after a disk error). */
    public synchronized void invalidate() {
        if (everChecked) {
            lastAt = clock.nanoTime() - cacheNanos;
        }
    }

    // ------------------------------------------------------------------ the directory probe

    /**
     * Checks that a directory can take one message of {@code messageBytes} now (see the class
     * description). Creates the directory (0700) when it is missing and makes an existing one
     * private ({@link #makePrivate(Path)}).
     *
     * @param directory    the directory
     * @param messageBytes the size of the longest message ({@link #bytesFor(Duration)})
     * @return usable, or the reason naming what failed
     */
    public static Result probeDirectory(Path directory, long messageBytes) {
        Path dir = directory.toAbsolutePath().normalize();
        String where = dir.toString();
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    createPrivateDirectory(dir);
                } catch (IOException e) {
                    return Result.unusable(where, "does not exist and cannot be created: " + describe(e));
                }
            }
            if (!Files.isDirectory(dir)) {
                return Result.unusable(where, "exists and is not a directory");
            }
            Optional<String> refused = makePrivate(dir);
            if (refused.isPresent()) {
                return Result.unusable(where, refused.get());
            }
            Path probe = dir.resolve(".storage-probe-" + token() + ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(probe, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        privateFileAttributes(dir))) {
                    ByteBuffer b = ByteBuffer.allocate(PROBE_BYTES);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    ch.force(true);
                }
            } catch (IOException e) {
                return Result.unusable(where, AudioStorageException.isNoSpace(e) ? "the disk is full (a 4 KiB probe file"
                        + " could not be written)" : "a probe file cannot be written and synced: " + describe(e));
            } finally {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException e) {
                    LOG.warn("{}: cannot remove the storage probe file: {}", probe, e.toString());
                }
            }
            long usable = Files.getFileStore(dir).getUsableSpace();
            long needed = messageBytes + MARGIN_BYTES;
            if (usable < needed) {
                return Result.unusable(where, "only " + size(usable) + " free; a message of the maximum length needs "
                        + size(messageBytes) + " plus a margin of " + size(MARGIN_BYTES));
            }
            return Result.usable(where);
        } catch (IOException | RuntimeException e) {
            return Result.unusable(where, describe(e));
        }
    }

    /**
     * Makes a message directory private. A directory that its group or others may read, write
     * or search (e.g. mode 0777 or 0755) gets mode 0700 and a WARN naming the old mode; when
     * that is impossible (another user owns it) the directory is refused. Non-POSIX file systems
     * are left alone.
     *
     * @param dir an existing directory
     * @return empty when the directory is (now) private, otherwise why it is refused
     */
    public static Optional<String> makePrivate(Path dir) {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Optional.empty();
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(dir);
        } catch (IOException e) {
            return Optional.of("cannot read its permissions: " + describe(e));
        }
        Set<PosixFilePermission> open = EnumSet.copyOf(perms);
        open.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        if (open.isEmpty()) {
            return Optional.empty();
        }
        String was = PosixFilePermissions.toString(perms);
        try {
            Files.setPosixFilePermissions(dir, PRIVATE_DIR);
        } catch (IOException e) {
            return Optional.of("others may access it (mode " + was + ") and its mode cannot be changed to rwx------: "
                    + describe(e));
        }
        LOG.warn("message directory {} was accessible to others (mode {}); changed it to rwx------ (0700)", dir, was);
        return Optional.empty();
    }

    static void createPrivateDirectory(Path dir) throws IOException {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        boolean posix = existing != null && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
                // the umask may have narrowed the mode; make it exactly 0700
                Files.setPosixFilePermissions(dir, PRIVATE_DIR);
            } else {
                Files.createDirectories(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    private static FileAttribute<?>[] privateFileAttributes(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static String token() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String size(long bytes) {
        if (bytes < 10 * 1024) {
            return bytes + " bytes";
        }
        if (bytes < 10L * 1024 * 1024) {
            return bytes / 1024 + " KiB";
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static String describe(Throwable e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + e.getMessage() + ")";
        }
        if (AudioStorageException.isNoSpace(e)) {
            return "the disk is full (" + e.getMessage() + ")";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
