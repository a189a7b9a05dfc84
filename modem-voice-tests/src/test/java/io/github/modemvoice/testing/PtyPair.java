package io.github.modemvoice.testing;

import io.github.modemvoice.testing.PtyBridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A socat pseudo-terminal pair in its own temporary directory, for tests: {@link #a()} and
 * {@link #b()} are the two ends. A thin test wrapper around the main code's {@link PtyBridge},
 * which owns socat's start-up (bounded, polling for readiness) and shutdown.
 */
public final class PtyPair implements AutoCloseable {
    private final Path dir;
    private final PtyBridge bridge;

    private PtyPair(Path dir, PtyBridge bridge) {
        this.dir = dir;
        this.bridge = bridge;
    }

    /** @return true when socat is installed */
    public static boolean socatAvailable() {
        return PtyBridge.socatAvailable();
    }

    /** @return a running pair */
    public static PtyPair start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("modemvoice-pty");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new PtyPair(dir, PtyBridge.start(dir, "a"));
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /** @return one end (what a host opens) */
    public Path a() {
        return bridge.hostEnd();
    }

    /** @return the other end (the peer) */
    public Path b() {
        return bridge.modemEnd();
    }

    /** Kills socat (SIGKILL): both ends see the peer vanish. */
    public void killPeer() {
        bridge.kill();
    }

    @Override
    public void close() {
        try {
            bridge.close();
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }

    @Override
    public String toString() {
        return "PtyPair[" + a() + " <-> " + b() + "]";
    }
}
