package io.github.modemvoice.web;

import io.github.modemvoice.internal.AtomicFiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The web mailbox's password: either plain text or a PBKDF2 hash made by {@link #hash(char[])}
 * ({@code modem-voice hash-password}). A hash reads
 * {@code pbkdf2-sha256$<iterations>$<base64 salt>$<base64 key>}: PBKDF2WithHmacSHA256 from the
 * JDK, 16 random bytes of salt, a 256-bit key. {@value #DEFAULT_ITERATIONS} iterations is
 * OWASP's 2023 figure for this function (Password Storage Cheat Sheet). Checks run in time
 * independent of where the candidate differs.
 */
public final class Passwords {
    private static final Logger LOG = LoggerFactory.getLogger(Passwords.class);
    /** The prefix of a hashed password. */
    public static final String PREFIX = "pbkdf2-sha256$";
    /** Iterations used by {@link #hash(char[])}. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final int MIN_ITERATIONS = 1_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;
    private static final int MAX_FILE_BYTES = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] plainDigest;
    private final int iterations;
    private final byte[] salt;
    private final byte[] key;

    private Passwords(byte[] plainDigest, int iterations, byte[] salt, byte[] key) {
        this.plainDigest = plainDigest;
        this.iterations = iterations;
        this.salt = salt;
        this.key = key;
    }

    /**
     * @param password the password
     * @return a hash string with {@value #DEFAULT_ITERATIONS} iterations and a new salt
     */
    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /**
     * @param password   the password, not empty
     * @param iterations PBKDF2 iterations, 1,000 to 10,000,000
     * @return a hash string with a new salt
     */
    public static String hash(char[] password, int iterations) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("password: must not be empty");
        }
        checkIterations(iterations);
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(password, salt, iterations));
    }

    /**
     * @param text a plain password or a hash from {@link #hash(char[])}
     * @return a checker
     * @throws IllegalArgumentException naming what is wrong with a malformed hash or an empty password
     */
    public static Passwords of(String text) {
        Objects.requireNonNull(text, "password");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("password: must not be empty");
        }
        if (!text.startsWith(PREFIX)) {
            return new Passwords(sha256(text.getBytes(StandardCharsets.UTF_8)), 0, null, null);
        }
        String[] parts = text.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("password hash: expected " + PREFIX + "<iterations>$<salt>$<key>");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("password hash: iterations must be a number");
        }
        checkIterations(iterations);
        byte[] salt;
        byte[] key;
        try {
            salt = Base64.getDecoder().decode(parts[1]);
            key = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("password hash: salt or key is not base64");
        }
        if (salt.length < 8 || key.length != KEY_BITS / 8) {
            throw new IllegalArgumentException("password hash: salt of at least 8 bytes and a 32-byte key expected");
        }
        return new Passwords(null, iterations, salt, key);
    }

    /**
     * Reads a password file: its first line is the plain password or a hash. Logs a warning
     * (naming the file and its mode) when group or others may read it.
     *
     * @param file the file
     * @return a checker
     * @throws IllegalArgumentException naming the file when it is missing, unreadable, too large or empty
     */
    public static Passwords fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("--password-file: " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--password-file: cannot read " + file + ": " + AtomicFiles.describe(e), e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String line = (nl >= 0 ? text.substring(0, nl) : text);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            throw new IllegalArgumentException("--password-file: " + file + " is empty (its first line is the password)");
        }
        Passwords p;
        try {
            p = of(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--password-file: " + file + ": " + e.getMessage(), e);
        }
        permissionWarning(file).ifPresent(LOG::warn);
        return p;
    }

    /**
     * @param file a password file
     * @return a warning when group or others have any access to it (POSIX file systems only)
     */
    static java.util.Optional<String> permissionWarning(Path file) {
        try {
            if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return java.util.Optional.empty();
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> open = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);
            open.retainAll(perms);
            if (!open.isEmpty()) {
                return java.util.Optional.of("password file " + file + " has mode "
                        + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                        + ": other users may read it; run chmod 600 " + file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return java.util.Optional.of("cannot check the permissions of password file " + file + ": " + e);
        }
        return java.util.Optional.empty();
    }

    /** @return true when the password was given as a hash */
    public boolean hashed() {
        return key != null;
    }

    /**
     * @param candidate what was typed
     * @return true when it is the password
     */
    public boolean matches(char[] candidate) {
        Objects.requireNonNull(candidate, "candidate");
        if (key == null) {
            // digests first: equal length, so the comparison says nothing about the password's length
            return MessageDigest.isEqual(plainDigest, sha256(new String(candidate).getBytes(StandardCharsets.UTF_8)));
        }
        if (candidate.length == 0) {
            return false;
        }
        return MessageDigest.isEqual(key, pbkdf2(candidate, salt, iterations));
    }

    private static void checkIterations(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("password hash: iterations must be " + MIN_ITERATIONS + " to "
                    + MAX_ITERATIONS + ", was " + iterations);
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }
}
