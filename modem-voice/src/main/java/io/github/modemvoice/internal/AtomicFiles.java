package io.github.modemvoice.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Crash-safe replacement of small files: a reader sees the old content or the new, never a part.
 * Not API: the library's stores and the answering machine share it.
 */
public final class AtomicFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Suffix of the temporary files this class writes; their names start with a dot. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** @return attributes that make a new file 0600 where POSIX permissions exist */
    public static FileAttribute<?>[] privateFile() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    /**
     * Replaces {@code target} with {@code data}: writes a 0600 temporary file beside it, fsyncs
     * it, renames it over the target and fsyncs the directory.
     *
     * @param target the file
     * @param data   its new content
     * @throws IOException when any step fails; the target is then unchanged and no temporary file is left
     */
    public static void write(Path target, byte[] data) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        byte[] token = new byte[6];
        RANDOM.nextBytes(token);
        Path tmp = dir.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(token) + TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), privateFile())) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /**
     * Creates a new file, 0600 where POSIX permissions exist, with {@code data}, synced.
     *
     * @param target the file, which must not exist
     * @param data   its content
     * @throws java.nio.file.FileAlreadyExistsException when it exists (nothing is changed)
     * @throws IOException                             when it cannot be written (a file it created is removed)
     */
    public static void createPrivate(Path target, byte[] data) throws IOException {
        FileChannel ch = FileChannel.open(target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), privateFile());
        try (ch) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            // created here and not complete (a full disk): not left to block the next try as "exists"
            Files.deleteIfExists(target);
            throw e;
        }
    }

    /**
     * An I/O failure in words, without repeating the path that {@code java.nio} puts in the
     * message of its file-system exceptions: "no such file", "permission denied", "already
     * exists", "not a directory", "is a directory", else the exception's reason.
     *
     * @param e the failure
     * @return the reason, for a message that already names the file
     */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException fse) {
            return fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Forces a directory's entries to disk where the platform allows it (not on Windows).
     *
     * @param dir the directory
     */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform: the rename itself is still atomic
        }
    }
}
