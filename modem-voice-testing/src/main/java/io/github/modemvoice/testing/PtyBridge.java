package io.github.modemvoice.testing;

import io.github.modemvoice.ModemVoiceException;

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
 * Two connected pseudo-terminals made by {@code socat}: a host end, which looks like a modem's
 * serial device to whoever opens it (the library's {@code SerialTransport}, another process),
 * and a modem end, which the {@link SimulatedModem} opens. Both ends are raw, without echo;
 * both paths are symbolic links to {@code /dev/pts/N} in a private temporary directory.
 *
 * <p>{@link #close()} stops socat and removes the links; {@link #kill()} kills socat with
 * SIGKILL, as an unplugged device would, so that both ends see an I/O error.
 */
public final class PtyBridge implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    private final Process socat;
    private final Path dir;
    private final Path hostEnd;
    private final Path modemEnd;
    private final Path log;

    private PtyBridge(Process socat, Path dir, String name) {
        this.socat = socat;
        this.dir = dir;
        this.hostEnd = dir.resolve(name);
        this.modemEnd = dir.resolve(name + "-modem");
        this.log = dir.resolve(name + "-socat.log");
    }

    /** @return true when a {@code socat} executable is on the {@code PATH} */
    public static boolean socatAvailable() {
        return findSocat() != null;
    }

    private static Path findSocat() {
        String pathVar = System.getenv("PATH");
        if (pathVar == null) {
            return null;
        }
        for (String entry : pathVar.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                Path p = Path.of(entry, "socat");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * Starts socat and waits (at most 5 s) until both ends exist and it is passing data.
     *
     * @param dir  the directory for the links (it must exist; keep it private)
     * @param name the host end's file name, e.g. {@code "at"}; the modem end is
     *             {@code name + "-modem"}
     * @return the running bridge
     * @throws ModemVoiceException when socat is not installed (with the command to install it),
     *                             exits or is not ready in time (with its log)
     */
    public static PtyBridge start(Path dir, String name) {
        Path socat = findSocat();
        if (socat == null) {
            throw new ModemVoiceException("socat not found on the PATH; the simulated modem needs it to make"
                    + " pseudo-terminals: install it (e.g. apt-get install socat, brew install socat)"
                    + " or use the simulator over MockTransports");
        }
        Path host = dir.resolve(name);
        Path modem = dir.resolve(name + "-modem");
        Path logFile = dir.resolve(name + "-socat.log");
        ProcessBuilder pb = new ProcessBuilder(socat.toString(), "-d", "-d",
                "pty,raw,echo=0,link=" + host,
                "pty,raw,echo=0,link=" + modem)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(logFile.toFile())
                .redirectErrorStream(true);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new ModemVoiceException("cannot start socat (" + socat + "): " + e.getMessage(), e);
        }
        PtyBridge bridge = new PtyBridge(process, dir, name);
        try {
            bridge.awaitReady();
        } catch (RuntimeException e) {
            bridge.close();
            throw e;
        }
        return bridge;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (Files.exists(hostEnd) && Files.exists(modemEnd) && logText().contains("starting data transfer loop")) {
                return;
            }
            if (!socat.isAlive()) {
                throw new ModemVoiceException("socat exited with " + socat.exitValue() + ": " + logText());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ModemVoiceException("socat not ready after " + START_TIMEOUT.toSeconds() + " s: " + logText());
            }
            try {
                Thread.sleep(10); // polls for socat's links and log line, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModemVoiceException("interrupted while waiting for socat", e);
            }
        }
    }

    /** @return the end the host opens, as if it were the modem's device */
    public Path hostEnd() {
        return hostEnd;
    }

    /** @return the end the simulated modem opens */
    public Path modemEnd() {
        return modemEnd;
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

    /** Kills socat with SIGKILL and waits (bounded) for it to be gone: both ends are dead. */
    public void kill() {
        socat.destroyForcibly();
        awaitExit();
    }

    /** Stops socat (SIGTERM, then SIGKILL after 2 s) and deletes its links and log. Idempotent. */
    @Override
    public void close() {
        if (socat.isAlive()) {
            socat.destroy();
            if (!awaitExit()) {
                socat.destroyForcibly();
                awaitExit();
            }
        }
        for (Path p : List.of(hostEnd, modemEnd, log)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // best effort: a link left in a temporary directory is harmless
            }
        }
    }

    private boolean awaitExit() {
        try {
            return socat.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !socat.isAlive();
        }
    }

    /** Deletes a directory tree, best effort. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "PtyBridge[" + hostEnd + " <-> " + modemEnd + (isAlive() ? "" : ", dead") + "]";
    }
}
