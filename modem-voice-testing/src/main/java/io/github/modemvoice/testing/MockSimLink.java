package io.github.modemvoice.testing;

import io.github.modemvoice.transport.Transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Over MockTransports: every host write on the AT port reaches {@link HostInput} (commands
 * and V.253 voice data alike); a catch-all rule keeps the mock's own command parser content.
 */
final class MockSimLink implements SimLink {
    private static final int MAX_PENDING = 3200; // 100 ms of 16-bit audio not yet read by the host

    private final MockTransport at = MockTransport.commands("sim-at");
    private final MockTransport pcm = MockTransport.raw("sim-pcm");
    /** Where the caller's audio goes: the PCM port, or the AT port on V.253. */
    private final MockTransport voice;
    private final SimulatedModem sim;
    private int seenWrites;
    private volatile boolean ended;

    MockSimLink(SimulatedModem sim) {
        this.sim = sim;
        this.voice = sim.persona().isV253() ? at : pcm;
        at.whenAny().respond((cmd, mock) -> {
            // parsed by HostInput, from the raw bytes
        });
        at.onWrite(b -> sim.feedHostBytes(b, 0, b.length));
    }

    @Override
    public Transport hostAt() {
        return at;
    }

    @Override
    public Transport hostAudio() {
        return sim.persona().needsAudioPort() ? pcm : null;
    }

    @Override
    public Optional<Path> hostAtPath() {
        return Optional.empty();
    }

    @Override
    public Optional<Path> hostAudioPath() {
        return Optional.empty();
    }

    @Override
    public void sendAt(byte[] bytes) {
        if (!ended) {
            at.emitBytes(bytes);
        }
    }

    @Override
    public void sendAudio(byte[] frame) {
        if (!ended) {
            pcm.emitBytes(frame);
        }
    }

    @Override
    public void awaitAudioRoom() {
        if (voice.pendingToHost() > MAX_PENDING && !voice.isClosed()) {
            voice.awaitDrained(Duration.ofMillis(100));
        }
    }

    @Override
    public void drainAudio() {
        // the host has read it all, and gets a moment to process it (as a caller pauses)
        if (voice.awaitDrained(Duration.ofSeconds(2))) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void syncHostAudio() {
        List<MockTransport.Write> writes = pcm.writes();
        for (int i = seenWrites; i < writes.size(); i++) {
            MockTransport.Write w = writes.get(i);
            sim.hostAudioLog().append(w.bytes(), 0, w.bytes().length, w.nanoTime());
        }
        seenWrites = writes.size();
    }

    @Override
    public void settleHostAudio() {
        // mock writes are recorded synchronously
    }

    @Override
    public synchronized void forgetHistory() {
        at.clearLog();
        pcm.clearLog();
        seenWrites = 0;
    }

    @Override
    public void drop() {
        ended = true;
        at.emitEof();
        pcm.emitEof();
    }

    @Override
    public void close() {
        if (!ended) {
            drop();
        }
    }

    @Override
    public String toString() {
        return "mock transports";
    }
}
