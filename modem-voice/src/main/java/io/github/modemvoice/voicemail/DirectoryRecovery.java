package io.github.modemvoice.voicemail;

import io.github.modemvoice.PhoneNumbers;
import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.internal.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static io.github.modemvoice.voicemail.DirectoryMessageStore.HELD;
import static io.github.modemvoice.voicemail.DirectoryMessageStore.ID_TIME;
import static io.github.modemvoice.voicemail.DirectoryMessageStore.JSON;
import static io.github.modemvoice.voicemail.DirectoryMessageStore.PART_META_SUFFIX;
import static io.github.modemvoice.voicemail.DirectoryMessageStore.PART_SUFFIX;
import static io.github.modemvoice.voicemail.DirectoryMessageStore.WAV;
import static io.github.modemvoice.voicemail.DirectoryMessageStore.readBounded;
import static io.github.modemvoice.voicemail.DirectoryMessageStore.stripe;

/**
 * Crash recovery of a {@link DirectoryMessageStore}: finishes recordings a crash interrupted
 * (repairs the WAV header, restores the caller from the in-progress sidecar, stores the message
 * as {@link TerminationReason#INTERRUPTED}), lists what it cannot finish yet and removes sidecars
 * left with nothing to finish. Recordings live in this JVM or locked by another process are skipped.
 */
final class DirectoryRecovery {
    /** Logs as the store, so that one logger setting covers both. */
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryMessageStore.class);

    private final DirectoryMessageStore store;
    private final Path directory;

    DirectoryRecovery(DirectoryMessageStore store) {
        this.store = store;
        this.directory = store.directory();
    }

    /** @return what {@link DirectoryMessageStore#recover()} returns */
    List<VoicemailMessage> recover() {
        List<VoicemailMessage> recovered = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return recovered;
        }
        store.deleteStaleTemporaries();
        for (String id : store.idsWithSuffix(PART_SUFFIX)) {
            recoverOne(id, directory.resolve(id + PART_SUFFIX)).ifPresent(recovered::add);
        }
        for (String id : store.idsWithSuffix(WAV)) {
            if (!Files.exists(directory.resolve(id + JSON))) {
                recoverOne(id, directory.resolve(id + WAV)).ifPresent(recovered::add);
            }
        }
        removeLeftoverSidecars();
        return recovered;
    }

    /** @return what {@link DirectoryMessageStore#unfinished()} returns */
    List<String> unfinished() {
        List<String> ids = new ArrayList<>();
        for (String id : store.idsWithSuffix(PART_SUFFIX)) {
            ids.add(id);
        }
        for (String id : store.idsWithSuffix(WAV)) {
            if (!Files.exists(directory.resolve(id + JSON)) && !ids.contains(id)) {
                ids.add(id);
            }
        }
        ids.removeIf(id -> recordingNow(directory.resolve(id + PART_META_SUFFIX)));
        ids.sort(Comparator.reverseOrder());
        return ids;
    }

    /** @return true when this JVM or another process holds the sidecar's lock (a live recording) */
    private static boolean recordingNow(Path partMeta) {
        if (HELD.containsKey(partMeta)) {
            return true;
        }
        try (FileChannel ch = FileChannel.open(partMeta, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            try (FileLock lock = ch.tryLock()) {
                return lock == null;
            } catch (OverlappingFileLockException e) {
                return true;
            }
        } catch (IOException e) {
            return false; // no sidecar (or unreadable): nobody is recording it
        }
    }

    /**
     * An in-progress sidecar whose recording is gone or already a complete message (a crash
     * between writing the metadata and removing the sidecar, between discarding the audio and
     * the sidecar, ...) holds nothing to finish, only the caller (the full number under the
     * FULL policy): it is removed. Sidecars of recordings still unfinished stay with them.
     */
    private void removeLeftoverSidecars() {
        for (String id : store.idsWithSuffix(PART_META_SUFFIX)) {
            Path partMeta = directory.resolve(id + PART_META_SUFFIX);
            if (HELD.containsKey(partMeta) || Files.exists(directory.resolve(id + PART_SUFFIX), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            boolean complete = Files.exists(directory.resolve(id + JSON), LinkOption.NOFOLLOW_LINKS);
            if (!complete && Files.exists(directory.resolve(id + WAV), LinkOption.NOFOLLOW_LINKS)) {
                continue; // audio not finished yet (recovery failed): the sidecar still names its caller
            }
            synchronized (stripe(directory.resolve(id + JSON))) {
                try (FileChannel ch = FileChannel.open(partMeta, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    if (tryLock(ch) == null) {
                        continue; // another process is between two steps of this recording
                    }
                    Files.deleteIfExists(partMeta);
                    AtomicFiles.syncDirectory(directory);
                    LOG.info("{}: removed a leftover in-progress sidecar ({})", partMeta.getFileName(),
                            complete ? "its message is complete" : "its recording holds no audio any more");
                } catch (NoSuchFileException e) {
                    // removed meanwhile
                } catch (IOException e) {
                    LOG.warn("{}: cannot remove the leftover in-progress sidecar: {}", partMeta.getFileName(), e.toString());
                }
            }
        }
    }

    /**
     * @return the sidecar's lock, held until {@code ch} closes, or null when another process
     *         (or another channel in this JVM) holds it
     */
    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private Optional<VoicemailMessage> recoverOne(String id, Path audio) {
        Path partMeta = directory.resolve(id + PART_META_SUFFIX);
        if (HELD.containsKey(partMeta)) {
            return Optional.empty(); // recording right now in this JVM
        }
        synchronized (stripe(directory.resolve(id + JSON))) {
            if (!Files.exists(audio) || Files.exists(directory.resolve(id + JSON)) && audio.toString().endsWith(WAV)) {
                return Optional.empty();
            }
            try (FileChannel ch = Files.exists(partMeta)
                    ? FileChannel.open(partMeta, StandardOpenOption.READ, StandardOpenOption.WRITE) : null) {
                if (ch != null) {
                    if (tryLock(ch) == null) {
                        LOG.info("recording {} is in progress in another process; not recovering it", id);
                        return Optional.empty();
                    }
                }
                return Optional.ofNullable(finishInterrupted(id, audio, partMeta));
            } catch (IOException e) {
                LOG.warn("cannot recover recording {}: {}", id, e.toString());
                return Optional.empty();
            } catch (RuntimeException e) {
                LOG.warn("cannot recover recording {}: {}", id, e.getMessage());
                return Optional.empty();
            }
        }
    }

    private VoicemailMessage finishInterrupted(String id, Path audio, Path partMeta) throws IOException {
        long fileSize = Files.size(audio);
        if (fileSize <= WavWriter.HEADER_BYTES) {
            LOG.info("recording {} left by a crash holds no audio; removing it", id);
            Files.deleteIfExists(audio);
            Files.deleteIfExists(partMeta);
            return null;
        }
        WavInfo info = WavWriter.repair(audio);
        if (info.dataLength() == 0) {
            LOG.info("recording {} left by a crash holds no audio; removing it", id);
            Files.deleteIfExists(audio);
            Files.deleteIfExists(partMeta);
            return null;
        }
        RecordingInProgress known = null;
        if (Files.exists(partMeta)) {
            try {
                known = MessageJson.decodeInProgress(partMeta, readBounded(partMeta), id);
            } catch (MessageStoreException e) {
                LOG.warn("recording {}: its in-progress sidecar is unusable ({}); the caller is unknown", id, e.getMessage());
            }
        }
        Instant startedAt = known != null ? known.startedAt() : timeOf(id);
        Duration length = info.duration();
        VoicemailMessage m = VoicemailMessage.builder().id(id).callId(known != null ? known.callId() : "")
                .caller(known != null ? known.caller() : Optional.empty())
                .callerRedacted(known != null ? known.callerRedacted() : PhoneNumbers.redact(null))
                .callerPolicy(known != null ? known.callerPolicy() : CallerPrivacy.Policy.REDACTED)
                .startedAt(startedAt).endedAt(startedAt.plus(length)).duration(length).sizeBytes(fileSize)
                .sampleRate(info.sampleRate()).terminationReason(TerminationReason.INTERRUPTED)
                .line(known != null ? known.line() : Optional.empty()).build();
        VoicemailMessage stored = store.store(m, audio);
        LOG.warn("recovered message {} interrupted by a crash ({} s of audio)", id,
                String.format(java.util.Locale.ROOT, "%.1f", stored.durationSeconds()));
        return stored;
    }

    private static Instant timeOf(String id) {
        return LocalDateTime.parse(id.substring(0, 16), ID_TIME).toInstant(ZoneOffset.UTC);
    }
}
