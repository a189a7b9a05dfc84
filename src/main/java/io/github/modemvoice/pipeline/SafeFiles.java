package io.github.modemvoice.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Private directories (0700), private files (0600) and crash-safe replacement of files. */
final class SafeFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Suffix of temporary files; names also start with a dot. */
    static final String TEMP_SUFFIX = ".tmp";

    private SafeFiles() {
    }

    /** Creates the directory (and parents) if missing; a directory created here is 0700. */
    static Path privateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
        return dir;
    }

    static FileAttribute<?>[] privateFile() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    /**
     * Replaces {@code target} with {@code data} so that a crash leaves either the old or the new
     * content: write a 0600 temporary file beside it, fsync it, rename it over the target, fsync
     * the directory.
     */
    static void writeAtomically(Path target, byte[] data) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        byte[] token = new byte[6];
        RANDOM.nextBytes(token);
        Path tmp = dir.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(token) + TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), privateFile())) {
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

    /** Forces a directory's entries to disk where the platform allows it (not on Windows). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform: the rename itself is still atomic
        }
    }
}
