package io.github.modemvoice.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two connected pseudo-terminals made by socat, for tests that need a real serial-like device:
 * whatever is written to {@link #a()} can be read from {@link #b()} and the other way round.
 * Both ends are in raw mode without echo.
 *
 * <pre>{@code
 * assumeTrue(PtyPair.socatAvailable(), "socat not installed: apt-get install socat");
 * try (PtyPair pty = PtyPair.start()) {
 *     SerialTransport host = new SerialTransport(SerialConfig.of(pty.a().toString()));
 *     // ... the simulated modem talks on pty.b()
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops socat gracefully; {@link #killPeer()} kills it with SIGKILL, as a
 * crash or an unplugged device would, so that both ends see end of file / EIO.
 */
public final class PtyPair implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    private final Process socat;
    private final Path dir;
    private final Path a;
    private final Path b;
    private final Path log;

    private PtyPair(Process socat, Path dir) {
        this.socat = socat;
        this.dir = dir;
        this.a = dir.resolve("a");
        this.b = dir.resolve("b");
        this.log = dir.resolve("socat.log");
    }

    /** @return true when a {@code socat} executable is on the {@code PATH} */
    public static boolean socatAvailable() {
        String pathVar = System.getenv("PATH");
        if (pathVar == null) {
            return false;
        }
        for (String entry : pathVar.split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "socat"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts socat and waits (at most 5 s, by polling) until both links exist and socat is
     * passing data.
     *
     * @return the running pair
     * @throws IllegalStateException when socat exits or is not ready in time; the message holds
     *                               its log
     */
    public static PtyPair start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("ptypair-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path logFile = dir.resolve("socat.log");
        ProcessBuilder pb = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + dir.resolve("a"),
                "pty,raw,echo=0,link=" + dir.resolve("b"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(logFile.toFile())
                .redirectErrorStream(true);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            deleteTree(dir);
            throw new IllegalStateException("cannot start socat (apt-get install socat): " + e.getMessage(), e);
        }
        PtyPair pair = new PtyPair(process, dir);
        try {
            pair.awaitReady();
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (Files.exists(a) && Files.exists(b) && logText().contains("starting data transfer loop")) {
                return;
            }
            if (!socat.isAlive()) {
                throw new IllegalStateException("socat exited with " + socat.exitValue() + ": " + logText());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("socat not ready after " + START_TIMEOUT + ": " + logText());
            }
            sleepMillis(10);
        }
    }

    /** @return the path of the first end (a symbolic link to a {@code /dev/pts/N}) */
    public Path a() {
        return a;
    }

    /** @return the path of the second end (a symbolic link to a {@code /dev/pts/N}) */
    public Path b() {
        return b;
    }

    /** @return whether socat is still running */
    public boolean isAlive() {
        return socat.isAlive();
    }

    /** @return what socat has logged so far */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Kills socat with SIGKILL and waits for it to be gone, leaving both ends dead. */
    public void killPeer() {
        socat.destroyForcibly();
        awaitExit(STOP_TIMEOUT);
    }

    /** Stops socat (SIGTERM, then SIGKILL after 2 s) and deletes the temporary directory. */
    @Override
    public void close() {
        if (socat.isAlive()) {
            socat.destroy();
            if (!awaitExit(STOP_TIMEOUT)) {
                socat.destroyForcibly();
                awaitExit(STOP_TIMEOUT);
            }
        }
        deleteTree(dir);
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return socat.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !socat.isAlive();
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for socat", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a temporary directory left behind is harmless
        }
    }

    @Override
    public String toString() {
        return "PtyPair[" + a + " <-> " + b + (isAlive() ? "" : ", dead") + "]";
    }
}
