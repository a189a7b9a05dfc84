package io.github.modemvoice.voicemail;

import io.github.modemvoice.audio.AudioStorageException;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.internal.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded message store: one directory holding, per message, {@code <id>.wav} and its
 * metadata {@code <id>.json} (format in {@code docs/VOICEMAIL.md}).
 *
 * <ul>
 *   <li>The directory is created on first write (not when the store is constructed), with mode
 *       0700 where POSIX permissions exist; every file is created 0600.</li>
 *   <li>A recording in progress is {@code <id>.wav.part}, with {@code <id>.part.json} beside it
 *       holding the call id, the caller (as the privacy policy allows) and the start time. The
 *       in-progress sidecar is locked while the recording runs, so {@link #recover()} in another
 *       process leaves a live recording alone.</li>
 *   <li>{@link #store} renames the finished WAV to {@code <id>.wav} (atomic move), then writes
 *       {@code <id>.json} to a temporary file in the same directory, forces it to disk, renames
 *       it into place atomically and forces the directory. A reader never sees half a file.</li>
 *   <li>When the metadata cannot be written the WAV is kept and {@link #store} throws a
 *       {@link MessageStoreException}; {@link #recover()} later completes such a message.</li>
 * </ul>
 *
 * <p>Thread-safe; several stores (in one or several processes) may share a directory. File names
 * hold only the message id, never any part of a caller's number.
 *
 * <p>One file on purpose: recording, storing and reading share the per-id stripes and the in-progress sidecar locks; crash recovery is already apart ({@code DirectoryRecovery}).
 */
public final class DirectoryMessageStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryMessageStore.class);

    /** Suffix of a recording in progress. */
    public static final String PART_SUFFIX = ".wav.part";
    /** Suffix of the sidecar of a recording in progress. */
    public static final String PART_META_SUFFIX = ".part.json";
    static final String WAV = ".wav";
    static final String JSON = ".json";
    private static final String TMP = ".tmp";
    private static final Duration STALE_TMP = Duration.ofMinutes(10);
    /**
     * The in-progress sidecar is padded to this size, so that on a full disk the final metadata
     * can be written over it in place (no new block needed) and renamed to {@code <id>.json}.
     */
    static final int SIDECAR_RESERVE = 4096;
    static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** In-progress sidecars held (locked) by this JVM, by absolute path: recovery skips them. */
    static final Map<Path, FileChannel> HELD = new ConcurrentHashMap<>();
    private static final Object[] STRIPES = new Object[64];

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = new Object();
        }
    }

    private final Path directory;
    private final boolean posix;
    private final Set<Path> mine = ConcurrentHashMap.newKeySet();
    /**
     * Recordings this store started, with a read handle on their audio: if the directory is
     * removed during the call, the audio still held open is written back into a recreated one.
     */
    private final Map<String, OpenRecording> open = new ConcurrentHashMap<>();
    private volatile boolean madePrivate;

    private record OpenRecording(FileChannel audio, RecordingInProgress info) {
    }

    /**
     * @param directory where messages live; created (0700) on first write
     * @throws IllegalArgumentException when the path exists and is not a directory
     */
    public DirectoryMessageStore(Path directory) {
        Objects.requireNonNull(directory, "directory");
        this.directory = directory.toAbsolutePath().normalize();
        if (Files.exists(this.directory) && !Files.isDirectory(this.directory)) {
            throw new IllegalArgumentException("directory: " + directory + " exists and is not a directory");
        }
        Path probe = this.directory;
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        this.posix = probe != null && probe.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** @return the directory */
    public Path directory() {
        return directory;
    }

    // ------------------------------------------------------------------ recording

    @Override
    public Path recordingFile(String id) {
        MessageIds.requireValid(id);
        ensureDirectory();
        Path part = directory.resolve(id + PART_SUFFIX);
        try {
            createPrivateFile(part);
        } catch (FileAlreadyExistsException e) {
            // the box may ask again for the same recording
        } catch (IOException e) {
            throw new MessageStoreException(part, "cannot create the recording file: " + e, e);
        }
        return part;
    }

    @Override
    public Path beginRecording(RecordingInProgress info) {
        Objects.requireNonNull(info, "info");
        String id = info.id();
        ensureDirectory();
        Path part = directory.resolve(id + PART_SUFFIX);
        Path partMeta = directory.resolve(id + PART_META_SUFFIX);
        try {
            createPrivateFile(part);
        } catch (IOException e) {
            throw new MessageStoreException(part, "cannot create the recording file: " + e, e);
        }
        writeAtomically(partMeta, reserved(MessageJson.encodeInProgress(info)));
        holdSidecar(partMeta);
        try {
            OpenRecording previous = open.put(id, new OpenRecording(FileChannel.open(part, StandardOpenOption.READ), info));
            if (previous != null) {
                closeQuietly(previous.audio());
            }
        } catch (IOException e) {
            LOG.warn("{}: could not keep a read handle on the recording: {}", part.getFileName(), e.toString());
        }
        return part;
    }

    /** Locks an in-progress sidecar for the life of its recording (recover() elsewhere skips it). */
    private void holdSidecar(Path partMeta) {
        try {
            FileChannel ch = FileChannel.open(partMeta, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    LOG.warn("{}: could not lock the in-progress sidecar", partMeta.getFileName());
                }
            } catch (IOException | OverlappingFileLockException e) {
                LOG.warn("{}: could not lock the in-progress sidecar: {}", partMeta.getFileName(), e.toString());
            }
            closeQuietly(HELD.put(partMeta, ch));
            mine.add(partMeta);
        } catch (IOException e) {
            LOG.warn("{}: could not open the in-progress sidecar for locking: {}", partMeta.getFileName(), e.toString());
        }
    }

    /** Pads JSON with blanks (still valid JSON) to {@link #SIDECAR_RESERVE} bytes. */
    private static byte[] reserved(byte[] json) {
        if (json.length >= SIDECAR_RESERVE) {
            return json;
        }
        byte[] padded = java.util.Arrays.copyOf(json, SIDECAR_RESERVE);
        java.util.Arrays.fill(padded, json.length, SIDECAR_RESERVE - 1, (byte) ' ');
        padded[SIDECAR_RESERVE - 1] = '\n';
        return padded;
    }

    @Override
    public VoicemailMessage store(VoicemailMessage message, Path recording) {
        Objects.requireNonNull(message, "message");
        String id = MessageIds.requireValid(message.id());
        Path wav = directory.resolve(id + WAV);
        Path json = directory.resolve(id + JSON);
        synchronized (stripe(json)) {
            long size;
            try {
                if (recording != null && !Files.exists(recording, LinkOption.NOFOLLOW_LINKS)
                        && !Files.exists(wav, LinkOption.NOFOLLOW_LINKS)) {
                    writeBack(id, recording);
                }
                ensureDirectory();
                if (recording != null && Files.exists(recording, LinkOption.NOFOLLOW_LINKS)
                        && !recording.toAbsolutePath().normalize().equals(wav)) {
                    moveIntoPlace(recording, wav);
                } else if (!Files.exists(wav, LinkOption.NOFOLLOW_LINKS)) {
                    throw new MessageStoreException(wav, "no audio to store for message " + id);
                }
                try {
                    size = Files.size(wav);
                } catch (IOException e) {
                    throw new MessageStoreException(wav, "cannot read the recording: " + e, e);
                }
            } catch (MessageStoreException e) {
                // the recording is over: unlock its sidecar (and close the channel) so that
                // recover() in this process can finish it later; otherwise it stays skipped as
                // "recording right now" and its file descriptor leaks for the life of the store
                releaseInProgress(id, false);
                throw e;
            }
            VoicemailMessage stored = message.toBuilder().schemaVersion(VoicemailMessage.SCHEMA_VERSION)
                    .audioPath(Optional.of(wav)).metadataPath(Optional.of(json)).sizeBytes(size).build();
            byte[] metadata = MessageJson.encode(stored);
            try {
                writeAtomically(json, metadata);
            } catch (MessageStoreException e) {
                if (AudioStorageException.isNoSpace(e) && publishThroughSidecar(id, json, metadata, e)) {
                    LOG.warn("message {}: the disk is full; its metadata was written into the space its in-progress"
                            + " sidecar reserved", id);
                } else {
                    // no longer in progress: unlock so recover() may finish it; the sidecar keeps the caller
                    releaseInProgress(id, false);
                    throw new MessageStoreException(json, "cannot write the metadata; the audio is kept in "
                            + wav.getFileName() + " and recover() completes the message: " + e.getMessage(), e);
                }
            }
            releaseInProgress(id, true);
            LOG.info("message {} stored ({} bytes, {})", id, size, stored.terminationReason());
            return stored;
        }
    }

    @Override
    public void discardRecording(String id) {
        MessageIds.requireValid(id);
        Path part = directory.resolve(id + PART_SUFFIX);
        OpenRecording o = open.get(id);
        if (o != null && !Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
            try {
                long bytes = Math.max(0, o.audio().size() - WavWriter.HEADER_BYTES);
                if (bytes > 0) {
                    LOG.error("message {}: LOST {} of audio from caller {} started at {}: its file disappeared (with the"
                            + " message directory?) and the recording is being discarded", id, lengthOf(bytes),
                            o.info().callerRedacted(), o.info().startedAt());
                }
            } catch (IOException e) {
                LOG.debug("size of the discarded recording {}: {}", id, e.toString());
            }
        }
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            throw new MessageStoreException(part, "cannot discard the recording: " + e, e);
        }
        releaseInProgress(id, true);
    }

    // ------------------------------------------------------------------ reading

    @Override
    public List<VoicemailMessage> list() {
        List<VoicemailMessage> out = new ArrayList<>();
        for (String id : idsWithSuffix(JSON)) {
            try {
                read(id).ifPresent(out::add);
            } catch (MessageStoreException e) {
                LOG.warn("skipping an unreadable message: {}", e.getMessage());
            }
        }
        out.sort(Comparator.comparing(VoicemailMessage::startedAt).thenComparing(VoicemailMessage::id).reversed());
        return out;
    }

    @Override
    public Optional<VoicemailMessage> get(String id) {
        MessageIds.requireValid(id);
        return read(id);
    }

    @Override
    public InputStream openAudio(String id) {
        MessageIds.requireValid(id);
        if (read(id).isEmpty()) {
            throw new NoSuchElementException("no message " + id);
        }
        Path wav = directory.resolve(id + WAV);
        try {
            return Files.newInputStream(wav, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new NoSuchElementException("message " + id + " has no audio");
        } catch (IOException e) {
            throw new MessageStoreException(wav, "cannot open: " + e, e);
        }
    }

    @Override
    public VoicemailMessage markHeard(String id, boolean heard) {
        return update(id, m -> m.withHeard(heard));
    }

    @Override
    public VoicemailMessage updateTranscript(String id, String transcript, Optional<String> error) {
        Objects.requireNonNull(transcript, "transcript");
        Objects.requireNonNull(error, "error");
        return update(id, m -> m.withTranscript(transcript, error));
    }

    @Override
    public boolean delete(String id) {
        MessageIds.requireValid(id);
        Path json = directory.resolve(id + JSON);
        Path wav = directory.resolve(id + WAV);
        synchronized (stripe(json)) {
            try {
                // metadata first: a crash in between leaves a WAV that recover() restores rather
                // than a message whose audio is gone
                boolean any = Files.deleteIfExists(json);
                any |= Files.deleteIfExists(wav);
                if (any) {
                    AtomicFiles.syncDirectory(directory);
                    LOG.info("message {} deleted", id);
                }
                return any;
            } catch (IOException e) {
                throw new MessageStoreException(json, "cannot delete message " + id + ": " + e, e);
            }
        }
    }

    // ------------------------------------------------------------------ recovery

    @Override
    public List<VoicemailMessage> recover() {
        return new DirectoryRecovery(this).recover();
    }

    /**
     * Ids of recordings that are not complete messages and not being recorded by this process:
     * what {@link #recover()} could not finish (yet), e.g. because the disk is full. Recordings
     * in progress in another process (their sidecar is locked) are not listed.
     *
     * @return the ids, newest first
     */
    public List<String> unfinished() {
        return new DirectoryRecovery(this).unfinished();
    }

    /** Releases resources: the locks of recordings this store started (their files stay for recovery). */
    @Override
    public void close() {
        for (Path p : mine) {
            FileChannel ch = HELD.remove(p);
            closeQuietly(ch);
        }
        mine.clear();
        for (OpenRecording o : open.values()) {
            closeQuietly(o.audio());
        }
        open.clear();
    }

    @Override
    public StorageCheck.Result checkStorage(long messageBytes) {
        return StorageCheck.probeDirectory(directory, messageBytes);
    }

    @Override
    public String toString() {
        return "DirectoryMessageStore[" + directory + "]";
    }

    // ------------------------------------------------------------------ internals

    private Optional<VoicemailMessage> read(String id) {
        Path json = directory.resolve(id + JSON);
        if (!Files.exists(json, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = readBounded(json);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new MessageStoreException(json, "cannot read: " + e, e);
        }
        return Optional.of(MessageJson.decode(json, bytes, id, directory.resolve(id + WAV)));
    }

    static byte[] readBounded(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new MessageStoreException(file, "not a regular file");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MessageJson.MAX_BYTES + 1);
            if (bytes.length > MessageJson.MAX_BYTES) {
                throw new MessageStoreException(file, "metadata larger than " + MessageJson.MAX_BYTES + " bytes");
            }
            return bytes;
        }
    }

    private VoicemailMessage update(String id, java.util.function.UnaryOperator<VoicemailMessage> change) {
        MessageIds.requireValid(id);
        Path json = directory.resolve(id + JSON);
        synchronized (stripe(json)) {
            VoicemailMessage current = read(id).orElseThrow(() -> new NoSuchElementException("no message " + id));
            VoicemailMessage updated = change.apply(current);
            writeAtomically(json, MessageJson.encode(updated));
            return updated;
        }
    }

    List<String> idsWithSuffix(String suffix) {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(suffix)) {
                    String id = name.substring(0, name.length() - suffix.length());
                    if (MessageIds.isValid(id) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        ids.add(id);
                    }
                }
            }
        } catch (IOException e) {
            throw new MessageStoreException(directory, "cannot list: " + e, e);
        }
        ids.sort(Comparator.reverseOrder());
        return ids;
    }

    void deleteStaleTemporaries() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + TMP)) {
            Instant limit = Instant.now().minus(STALE_TMP);
            for (Path f : files) {
                FileTime t = Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS);
                if (t.toInstant().isBefore(limit) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot clean up temporary files: {}", directory, e.toString());
        }
    }

    private void releaseInProgress(String id, boolean deleteSidecar) {
        OpenRecording o = open.remove(id);
        if (o != null) {
            closeQuietly(o.audio());
        }
        Path partMeta = directory.resolve(id + PART_META_SUFFIX);
        FileChannel ch = HELD.remove(partMeta);
        mine.remove(partMeta);
        if (deleteSidecar) {
            try {
                // delete while still holding the lock, so recover() elsewhere never sees it unlocked
                Files.deleteIfExists(partMeta);
            } catch (IOException e) {
                LOG.warn("{}: cannot delete: {}", partMeta.getFileName(), e.toString());
            }
        }
        closeQuietly(ch);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing a sidecar lock failed: {}", e.toString());
            }
        }
    }

    private void moveIntoPlace(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                // another file system: copy to a temporary beside the target, force, then rename
                Path tmp = temporaryFor(to);
                try {
                    createPrivateFile(tmp);
                    Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
                    force(tmp);
                    Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                Files.delete(from);
            }
            AtomicFiles.syncDirectory(directory);
        } catch (IOException e) {
            throw new MessageStoreException(to, "cannot move the recording into place: " + e, e);
        }
    }

    /** {@link AtomicFiles#write}, failures as {@link MessageStoreException}. */
    private static void writeAtomically(Path target, byte[] bytes) {
        try {
            AtomicFiles.write(target, bytes);
        } catch (IOException e) {
            throw new MessageStoreException(target, "cannot write: " + e, e);
        }
    }

    private static Path temporaryFor(Path target) {
        byte[] token = new byte[6];
        RANDOM.nextBytes(token);
        return target.resolveSibling(target.getFileName() + "." + HexFormat.of().formatHex(token) + TMP);
    }

    private void createPrivateFile(Path file) throws IOException {
        if (posix) {
            FileAttribute<Set<PosixFilePermission>> attr =
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            Files.createFile(file, attr);
        } else {
            Files.createFile(file);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private void ensureDirectory() {
        if (Files.isDirectory(directory)) {
            if (!madePrivate) {
                // an existing directory others can read or write is made 0700 (with a WARN) or refused
                Optional<String> refused = StorageCheck.makePrivate(directory);
                if (refused.isPresent()) {
                    throw new MessageStoreException(directory, refused.get());
                }
                madePrivate = true;
            }
            return;
        }
        try {
            StorageCheck.createPrivateDirectory(directory);
            madePrivate = true;
            LOG.info("created message directory {}", directory);
        } catch (FileAlreadyExistsException e) {
            throw new MessageStoreException(directory, "exists and is not a directory", e);
        } catch (IOException e) {
            throw new MessageStoreException(directory, "cannot create the message directory: " + e, e);
        }
    }

    /**
     * The recording's file is gone (the directory was removed during the call): writes the audio
     * still held open back into a recreated directory, with its in-progress sidecar, or says in
     * the log exactly what was lost.
     */
    private void writeBack(String id, Path recording) {
        OpenRecording o = open.get(id);
        if (o == null) {
            return; // nothing held open: store() reports the missing audio
        }
        Path part = directory.resolve(id + PART_SUFFIX);
        long size = -1;
        try {
            size = o.audio().size();
            madePrivate = false;
            ensureDirectory();
            createPrivateFile(part);
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                long at = 0;
                while (at < size) {
                    long n = o.audio().transferTo(at, size - at, out);
                    if (n <= 0) {
                        break;
                    }
                    at += n;
                }
                out.force(true);
            }
            Path partMeta = directory.resolve(id + PART_META_SUFFIX);
            writeAtomically(partMeta, reserved(MessageJson.encodeInProgress(o.info())));
            holdSidecar(partMeta);
            if (!recording.toAbsolutePath().normalize().equals(part)) {
                throw new MessageStoreException(recording, "the recording was not in the message directory");
            }
            LOG.warn("message {}: its file disappeared during the recording (the message directory {} was removed?);"
                    + " recreated the directory and wrote back the {} still held open", id, directory,
                    lengthOf(Math.max(0, size - WavWriter.HEADER_BYTES)));
        } catch (IOException | RuntimeException e) {
            String lost = size < 0 ? "all its audio" : lengthOf(Math.max(0, size - WavWriter.HEADER_BYTES)) + " of audio";
            LOG.error("message {}: LOST {} from caller {} started at {}: its file disappeared during the recording and"
                    + " cannot be written back to {}: {}", id, lost, o.info().callerRedacted(), o.info().startedAt(),
                    directory, e.toString());
            throw new MessageStoreException(recording, "the recording's file disappeared during the call and "
                    + lost + " could not be written back: " + e.getMessage(), e);
        }
    }

    /**
     * On a full disk: writes the final metadata over the in-progress sidecar, which reserved
     * {@link #SIDECAR_RESERVE} bytes when the recording began (overwriting allocated blocks needs
     * no free space on ext4, xfs and tmpfs; copy-on-write file systems may still refuse), forces
     * it and renames it to {@code <id>.json}. A crash between the two leaves a sidecar holding the
     * final metadata, which recovery reads like any in-progress sidecar.
     *
     * @return true when the metadata is in place
     */
    private boolean publishThroughSidecar(String id, Path json, byte[] metadata, Exception failure) {
        Path partMeta = directory.resolve(id + PART_META_SUFFIX);
        FileChannel held = HELD.get(partMeta);
        try (FileChannel own = held == null && Files.isRegularFile(partMeta, LinkOption.NOFOLLOW_LINKS)
                ? FileChannel.open(partMeta, StandardOpenOption.READ, StandardOpenOption.WRITE) : null) {
            FileChannel ch = held != null ? held : own;
            if (ch == null) {
                return false;
            }
            long size = ch.size();
            if (metadata.length > size) {
                return false;
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            buf.put(metadata);
            while (buf.position() < size - 1) {
                buf.put((byte) ' ');
            }
            if (buf.hasRemaining()) {
                buf.put((byte) '\n');
            }
            buf.flip();
            long at = 0;
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            ch.force(true);
            Files.move(partMeta, json, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(directory);
            return true;
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    private static String lengthOf(long pcmBytes) {
        return String.format(java.util.Locale.ROOT, "%.1f s (%d bytes)", pcmBytes / 16000.0, pcmBytes);
    }

    static Object stripe(Path p) {
        return STRIPES[Math.floorMod(p.hashCode(), STRIPES.length)];
    }
}
