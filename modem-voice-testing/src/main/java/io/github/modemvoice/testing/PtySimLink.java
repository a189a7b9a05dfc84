package io.github.modemvoice.testing;

import io.github.modemvoice.internal.Threads;
import io.github.modemvoice.transport.SerialConfig;
import io.github.modemvoice.transport.SerialTransport;
import io.github.modemvoice.transport.Transport;
import io.github.modemvoice.transport.TransportLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Over socat pseudo-terminal pairs (AT, and PCM for the GSM variants); reader threads on the
 * modem ends.
 */
final class PtySimLink implements SimLink {
    private static final Logger LOG = LoggerFactory.getLogger(PtySimLink.class);

    private final SimulatedModem sim;
    private final Path dir;
    private final PtyBridge atBridge;
    private final PtyBridge pcmBridge; // null for V.253
    private final SerialTransport at;
    private final SerialTransport pcm; // null for V.253
    private final Thread atReader;
    private final Thread pcmReader; // null for V.253
    private volatile boolean ended;

    PtySimLink(SimulatedModem sim) {
        this.sim = sim;
        PtyBridge a = null;
        PtyBridge p = null;
        SerialTransport t1 = null;
        SerialTransport t2 = null;
        try {
            dir = Files.createTempDirectory("modem-voice-sim-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the pseudo-terminals", e);
        }
        try {
            a = PtyBridge.start(dir, "at");
            t1 = new SerialTransport(SerialConfig.of(a.modemEnd().toString()));
            t1.open();
            if (sim.persona().needsAudioPort()) {
                p = PtyBridge.start(dir, "pcm");
                t2 = new SerialTransport(SerialConfig.of(p.modemEnd().toString()));
                t2.open();
            }
        } catch (RuntimeException e) {
            for (AutoCloseable c : new AutoCloseable[] {t2, t1, p, a}) {
                SimulatedModem.closeQuietly(c);
            }
            PtyBridge.deleteTree(dir);
            throw e;
        }
        atBridge = a;
        pcmBridge = p;
        at = t1;
        pcm = t2;
        atReader = Threads.daemon("sim-at-reader", this::readCommands);
        if (pcm != null) {
            pcmReader = Threads.daemon("sim-pcm-reader", this::readAudio);
        } else {
            pcmReader = null;
        }
        LOG.info("simulated {} modem on pseudo-terminals: {}", sim.persona(), this);
    }

    void startReaders() {
        atReader.start();
        if (pcmReader != null) {
            pcmReader.start();
        }
    }

    private void readCommands() {
        byte[] buf = new byte[512];
        try {
            while (!ended) {
                int n = at.read(buf, 0, buf.length, Duration.ofMillis(200));
                sim.feedHostBytes(buf, 0, n);
            }
        } catch (TransportLostException e) {
            lineLost(e);
        }
    }

    private void readAudio() {
        byte[] buf = new byte[4096];
        try {
            while (!ended) {
                int n = pcm.read(buf, 0, buf.length, Duration.ofMillis(200));
                if (n > 0) {
                    sim.hostAudioLog().append(buf, 0, n, System.nanoTime());
                }
            }
        } catch (TransportLostException e) {
            lineLost(e);
        }
    }

    /** The pseudo-terminals went away without us (socat died): the line is dropped. */
    private void lineLost(TransportLostException e) {
        if (ended) {
            return;
        }
        ended = true;
        LOG.warn("simulated modem: pseudo-terminal lost: {}", e.getMessage());
        sim.lineLostUnderneath();
    }

    @Override
    public Transport hostAt() {
        return new SerialTransport(SerialConfig.of(atBridge.hostEnd().toString()));
    }

    @Override
    public Transport hostAudio() {
        return pcmBridge == null ? null : new SerialTransport(SerialConfig.of(pcmBridge.hostEnd().toString()));
    }

    @Override
    public Optional<Path> hostAtPath() {
        return Optional.of(atBridge.hostEnd());
    }

    @Override
    public Optional<Path> hostAudioPath() {
        return pcmBridge == null ? Optional.empty() : Optional.of(pcmBridge.hostEnd());
    }

    @Override
    public void sendAt(byte[] bytes) {
        write(at, bytes);
    }

    @Override
    public void sendAudio(byte[] frame) {
        TransportLostException lost = write(pcm, frame);
        if (lost != null) {
            throw new SimulatedModem.LineLost(lost);
        }
    }

    /**
     * Writes unless the line has ended; a lost port ends the line.
     *
     * @return the loss, or null when written (or nothing to write to any more)
     */
    private TransportLostException write(SerialTransport port, byte[] bytes) {
        try {
            if (!ended) {
                port.write(bytes);
            }
            return null;
        } catch (TransportLostException e) {
            lineLost(e);
            return e;
        }
    }

    @Override
    public void awaitAudioRoom() {
        // a pseudo-terminal write blocks when the host does not read
    }

    @Override
    public void drainAudio() {
        // written bytes are with the kernel and socat; the host reads them as they come
    }

    @Override
    public void syncHostAudio() {
        // the reader threads append as the host writes
    }

    @Override
    public void settleHostAudio() {
        // let the reader pick up what the host wrote just before the end (quiet for 100 ms, at most 1 s)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!ended && System.nanoTime() - deadline < 0
                && System.nanoTime() - sim.hostAudioLog().lastNanos() < TimeUnit.MILLISECONDS.toNanos(100)) {
            try {
                Thread.sleep(20); // polls the reader's progress, bounded
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void forgetHistory() {
        // nothing logged here beyond the simulator's own host audio log
    }

    @Override
    public void drop() {
        ended = true;
        atBridge.kill();
        if (pcmBridge != null) {
            pcmBridge.kill();
        }
        at.close();
        if (pcm != null) {
            pcm.close();
        }
    }

    @Override
    public void close() {
        ended = true;
        for (AutoCloseable c : new AutoCloseable[] {at, pcm, atBridge, pcmBridge}) {
            SimulatedModem.closeQuietly(c);
        }
        SimulatedModem.joinQuietly(atReader);
        if (pcmReader != null) {
            SimulatedModem.joinQuietly(pcmReader);
        }
        PtyBridge.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "pseudo-terminals AT " + atBridge.hostEnd() + (pcmBridge == null ? "" : ", PCM " + pcmBridge.hostEnd());
    }
}
