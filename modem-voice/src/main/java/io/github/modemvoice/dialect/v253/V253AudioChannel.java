package io.github.modemvoice.dialect.v253;

import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtCommandException;
import io.github.modemvoice.at.AtResponse;
import io.github.modemvoice.at.AtTimeoutException;
import io.github.modemvoice.at.DataSink;
import io.github.modemvoice.at.FinalResult;
import io.github.modemvoice.dialect.AudioChannel;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.internal.Locks;
import io.github.modemvoice.internal.PcmQueue;
import io.github.modemvoice.transport.TransportLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Half-duplex voice on the AT port of a V.253 modem, DLE-shielded, in the model's 8-bit
 * format, converted to and from the library's 16-bit PCM.
 *
 * <ul>
 * <li><b>Playback</b>: {@code AT+VTX}, {@code CONNECT}; each {@link #write} converts the PCM to
 * 8-bit samples, doubles every {@code 0x10} byte ({@code DLE DLE}) and writes them;
 * {@link #finishPlayback()} sends {@code DLE ETX} and waits (bounded) for the {@code OK} or
 * {@code VCON} the modem sends when it has played its buffer and is back in command mode.
 * While transmitting, the modem sends only DLE event codes; they are published at once.</li>
 * <li><b>Recording</b>: {@code AT+VRX}, {@code CONNECT}; the modem's stream is un-shielded
 * ({@code DLE DLE} is a data {@code 0x10}, {@code DLE ETX} ends it), converted and queued for
 * {@link #read} (bounded: 10 s by default; a consumer that falls further behind loses the oldest
 * audio, logged once). DLE event codes inside the stream (DTMF, busy tone, ...) are kept in
 * order with the audio and published when {@link #read} reaches them, so a recording holds
 * exactly the audio that preceded a key or a busy tone. {@link #finishRecording()} sends the
 * model's stop code ({@code DLE !}) and waits (bounded) for {@code DLE ETX} and the final result;
 * events still queued then are published, audio is dropped. If the modem ends the receive phase
 * on its own, {@link #read} returns -1 once the queue is drained.</li>
 * <li>{@link #close()} leaves whatever phase is open: a transmit is cut short with
 * {@code DLE CAN DLE ETX} (buffered audio discarded), a receive is stopped as above.</li>
 * </ul>
 *
 * <p>The final result codes after {@code DLE ETX} and {@code DLE !} are awaited through
 * {@link AtChannel#executeRaw(byte[], String, Duration)}. If they do not come in time the
 * channel is forced back to line mode and the failure is logged at WARN.
 */
public final class V253AudioChannel implements AudioChannel {
    private static final Logger LOG = LoggerFactory.getLogger(V253AudioChannel.class);
    private static final byte DLE = 0x10;
    private static final byte ETX = 0x03;
    private static final byte SUB = 0x1A;
    private static final byte CAN = 0x18;
    private static final int DEFAULT_MAX_QUEUED_BYTES = 8000 * 2 * 10;

    private enum Phase { IDLE, TRANSMIT, RECEIVE }

    private final AtChannel at;
    private final V253Model model;
    private final Consumer<ModemEvent> publish;
    private final DleEventDecoder dleEvents = new DleEventDecoder();
    private final Duration commandTimeout;
    private final Duration phaseEndTimeout;
    private final Runnable onClose;

    // phase state: guarded by phaseLock, never taken by the reader or event threads
    private final ReentrantLock phaseLock = new ReentrantLock();
    private Phase phase = Phase.IDLE;
    private RxSink rxSink;
    private byte[] encoded = new byte[0];
    private byte[] shielded = new byte[0];

    // receive queue: guarded by queueLock
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition available = queueLock.newCondition();
    private final PcmQueue queue; // PCM chunks and ModemEvents as markers
    private boolean receiveEnded;
    /** Set on the reader thread when the modem reports busy or dial tone; read by any thread. */
    private volatile boolean lineDropped;
    private boolean ended;
    private boolean closed;

    /**
     * @param at              the AT channel of the modem
     * @param model           the modem model (sample format, stop code)
     * @param publish         delivers in-band events in order with the channel's own
     * @param commandTimeout  how long {@code AT+VTX} / {@code AT+VRX} may take to answer
     * @param phaseEndTimeout how long to wait for the final result after ending a phase
     * @param onClose         run once after {@link #close()}; may be null
     */
    public V253AudioChannel(AtChannel at, V253Model model, Consumer<ModemEvent> publish, Duration commandTimeout,
                            Duration phaseEndTimeout, Runnable onClose) {
        this(at, model, publish, commandTimeout, phaseEndTimeout, onClose, DEFAULT_MAX_QUEUED_BYTES);
    }

    V253AudioChannel(AtChannel at, V253Model model, Consumer<ModemEvent> publish, Duration commandTimeout,
                     Duration phaseEndTimeout, Runnable onClose, int maxQueuedBytes) {
        this.at = Objects.requireNonNull(at, "at");
        this.model = Objects.requireNonNull(model, "model");
        Objects.requireNonNull(publish, "publish");
        this.publish = e -> {
            if (e instanceof ModemEvent.CallEnded) {
                lineDropped = true;
            }
            publish.accept(e);
        };
        this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
        this.phaseEndTimeout = Objects.requireNonNull(phaseEndTimeout, "phaseEndTimeout");
        this.onClose = onClose;
        this.queue = new PcmQueue(maxQueuedBytes);
    }

    // ------------------------------------------------------------------ playback

    @Override
    public void startPlayback() {
        Locks.run(phaseLock, () -> {
            requireIdle("start playback");
            AtResponse r = at.execute("AT+VTX", commandTimeout, new TxSink());
            requireConnect(r);
            phase = Phase.TRANSMIT;
        });
    }

    @Override
    public void write(byte[] pcm, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, pcm.length);
        if ((length & 1) != 0) {
            throw new IllegalArgumentException("length must be even (16-bit samples), was " + length);
        }
        Locks.run(phaseLock, () -> {
            if (phase != Phase.TRANSMIT) {
                if (isEndedOrClosed()) {
                    return; // the call is over; the caller notices on its own
                }
                throw new IllegalStateException("write outside the playback phase (call startPlayback first)");
            }
            int samples = length / 2;
            if (encoded.length < samples) {
                encoded = new byte[samples];
                shielded = new byte[samples * 2];
            }
            model.format().encode(pcm, offset, encoded, 0, samples);
            int n = shield(encoded, samples, shielded);
            at.writeRaw(shielded, 0, n);
        });
    }

    /**
     * Doubles every DLE byte (DLE shielding of voice data; also used by the simulated modem).
     *
     * @param src   the data
     * @param count how many bytes of {@code src}
     * @param dst   at least {@code 2 * count} bytes
     * @return the number of bytes written to {@code dst}
     */
    public static int shield(byte[] src, int count, byte[] dst) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            byte b = src[i];
            dst[n++] = b;
            if (b == DLE) {
                dst[n++] = DLE;
            }
        }
        return n;
    }

    @Override
    public void finishPlayback() {
        Locks.run(phaseLock, () -> {
            if (phase == Phase.TRANSMIT) {
                endTransmit(false);
            }
        });
    }

    private void endTransmit(boolean discard) {
        try {
            byte[] seq = discard ? new byte[] {DLE, CAN, DLE, ETX} : new byte[] {DLE, ETX};
            awaitPhaseEnd(seq, discard ? "<DLE><CAN><DLE><ETX>" : "<DLE><ETX>");
        } finally {
            phase = Phase.IDLE;
        }
    }

    // ------------------------------------------------------------------ recording

    @Override
    public void startRecording() {
        Locks.run(phaseLock, () -> {
            requireIdle("start recording");
            Locks.run(queueLock, () -> {
                queue.clear();
                receiveEnded = false;
            });
            RxSink sink = new RxSink();
            AtResponse r = at.execute("AT+VRX", commandTimeout, sink);
            requireConnect(r);
            rxSink = sink;
            phase = Phase.RECEIVE;
        });
    }

    @Override
    public int read(byte[] pcm, int offset, int length, Duration timeout) {
        Objects.checkFromIndexSize(offset, length, pcm.length);
        long deadline = System.nanoTime() + timeout.toNanos();
        int want = length & ~1;
        int n = 0;
        queueLock.lock();
        try {
            while (n < want) {
                if (queue.isEmpty()) {
                    if (n > 0) {
                        break;
                    }
                    if (ended || closed || receiveEnded) {
                        return -1;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        available.awaitNanos(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    continue;
                }
                if (queue.peekMarker() != null) {
                    if (n > 0) {
                        break; // the audio before the event first
                    }
                    publish.accept((ModemEvent) queue.pollMarker()); // non-blocking: queued for the dispatcher
                    continue;
                }
                n += queue.readAudio(pcm, offset + n, want - n);
            }
            return n;
        } finally {
            queueLock.unlock();
        }
    }

    @Override
    public void finishRecording() {
        Locks.run(phaseLock, () -> {
            if (phase == Phase.RECEIVE) {
                endReceive();
            }
        });
    }

    private void endReceive() {
        RxSink sink = rxSink;
        try {
            if (sink != null && !sink.isDone()) {
                char code = model.receiveStopCode();
                awaitPhaseEnd(new byte[] {DLE, (byte) code}, "<DLE>" + code);
            }
        } finally {
            phase = Phase.IDLE;
            rxSink = null;
            publishLeftoverEvents();
        }
    }

    private void publishLeftoverEvents() {
        Locks.run(queueLock, () -> {
            for (Object o : queue.clear()) {
                publish.accept((ModemEvent) o);
            }
        });
    }

    // ------------------------------------------------------------------ common

    private void awaitPhaseEnd(byte[] sequence, String label) {
        if (!at.isAlive()) {
            return;
        }
        try {
            AtResponse r = at.executeRaw(sequence, label, phaseEndTimeout);
            if (!r.isSuccess()) {
                LOG.warn("{}: the modem answered {} to {}", at.name(), r.finalLine(), label);
            }
        } catch (AtTimeoutException e) {
            LOG.warn("{}: no result code within {} ms after {}; forcing the channel back to command mode",
                    at.name(), phaseEndTimeout.toMillis(), label);
            at.enterDataMode(EndedSink.INSTANCE);
        }
    }

    private void requireIdle(String what) {
        if (phase != Phase.IDLE) {
            throw new IllegalStateException("cannot " + what + " while in the " + phase.name().toLowerCase()
                    + " phase (the V.253 audio channel is half duplex)");
        }
        Locks.run(queueLock, () -> {
            if (closed) {
                throw new IllegalStateException("audio channel is closed");
            }
        });
    }

    private void requireConnect(AtResponse r) {
        r.requireSuccess();
        if (r.result() != FinalResult.CONNECT) {
            throw new ModemVoiceException("modem on " + at.name() + " answered " + r.finalLine() + " to "
                    + r.command() + " instead of CONNECT", new AtCommandException(r));
        }
    }

    private boolean isEndedOrClosed() {
        return Locks.test(queueLock, () -> ended || closed);
    }

    /**
     * Leaves an open playback or recording phase (for a hangup), without closing the channel.
     * Tolerant of a lost port.
     */
    void leavePhase() {
        phaseLock.lock();
        try {
            if (phase == Phase.TRANSMIT) {
                endTransmit(true);
            } else if (phase == Phase.RECEIVE) {
                endReceive();
            }
        } catch (TransportLostException e) {
            LOG.debug("{}: port gone while leaving the {} phase", at.name(), phase);
            phase = Phase.IDLE;
        } finally {
            phaseLock.unlock();
        }
    }

    @Override
    public void callEnded() {
        Locks.change(queueLock, available, () -> {
            ended = true;
        });
    }

    /**
     * True once a busy or dial tone was reported inside this channel's voice data or, through
     * {@link #noteLineDropped()}, in command mode while it was open.
     */
    @Override
    public boolean lineDropped() {
        return lineDropped;
    }

    /** The dialect saw the far end go (a DLE event in command mode) while this channel was open. */
    void noteLineDropped() {
        lineDropped = true;
    }

    @Override
    public boolean isOpen() {
        return !isEndedOrClosed() && at.isAlive();
    }

    @Override
    public void close() {
        if (Locks.test(queueLock, () -> closed)) {
            return;
        }
        try {
            leavePhase();
        } finally {
            Locks.change(queueLock, available, () -> {
                closed = true;
                ended = true;
            });
            if (onClose != null) {
                onClose.run();
            }
        }
    }

    // ------------------------------------------------------------------ reader-thread sinks

    /** During {@code AT+VTX} the modem sends only DLE event codes; any other byte is the result code. */
    private final class TxSink implements DataSink {
        private boolean pendingDle;
        private volatile boolean done;

        @Override
        public int accept(byte[] data, int offset, int length) {
            for (int i = 0; i < length; i++) {
                byte b = data[offset + i];
                if (pendingDle) {
                    pendingDle = false;
                    dleEvents.accept(b & 0xFF).ifPresent(publish);
                } else if (b == DLE) {
                    pendingDle = true;
                } else if (b == 0x11 || b == 0x13) {
                    continue; // XON / XOFF
                } else {
                    done = true; // text: the final result after DLE ETX (or an abort); line mode parses it
                    return i;
                }
            }
            return length;
        }

        @Override
        public boolean isDone() {
            return done;
        }
    }

    /** Un-shields the receive stream, converts the audio and queues it in order with the events. */
    private final class RxSink implements DataSink {
        private boolean pendingDle;
        private volatile boolean done;
        private byte[] raw = new byte[0];
        private int rawCount;

        @Override
        public int accept(byte[] data, int offset, int length) {
            if (raw.length < length + 1) { // + 1: a DLE SUB split across reads gives two bytes for one
                raw = new byte[Math.max(length + 1, 1024)];
            }
            rawCount = 0;
            for (int i = 0; i < length; i++) {
                byte b = data[offset + i];
                if (pendingDle) {
                    pendingDle = false;
                    if (b == DLE) {
                        raw[rawCount++] = DLE;
                    } else if (b == SUB) {
                        // ITU-T V.253: DLE SUB stands for two data bytes 0x10 0x10 (vgetty IS_101.c
                        // un-shields it the same way); two input bytes, two output bytes: fits in raw
                        raw[rawCount++] = DLE;
                        raw[rawCount++] = DLE;
                    } else if (b == ETX) {
                        flushAudio();
                        endReceive();
                        return i + 1;
                    } else {
                        flushAudio();
                        dleEvents.accept(b & 0xFF).ifPresent(this::enqueueEvent);
                    }
                } else if (b == DLE) {
                    pendingDle = true;
                } else {
                    raw[rawCount++] = b;
                }
            }
            flushAudio();
            return length;
        }

        private void flushAudio() {
            if (rawCount == 0) {
                return;
            }
            byte[] pcm = new byte[rawCount * 2];
            model.format().decode(raw, 0, pcm, 0, rawCount);
            rawCount = 0;
            Locks.change(queueLock, available, () -> {
                if (queue.addAudio(pcm)) {
                    LOG.warn("{}: recording consumer is too slow; dropping the oldest audio", at.name());
                }
            });
        }

        private void enqueueEvent(ModemEvent e) {
            if (e instanceof ModemEvent.CallEnded) {
                lineDropped = true; // known now, published in order with the audio
            }
            Locks.change(queueLock, available, () -> {
                queue.addMarker(e);
            });
        }

        @Override
        public boolean isDone() {
            return done;
        }

        @Override
        public void transportLost(String reason) {
            endReceive();
        }

        /** The receive stream is over (DLE ETX, or the port is gone): wakes the readers. */
        private void endReceive() {
            done = true;
            Locks.change(queueLock, available, () -> {
                receiveEnded = true;
            });
        }
    }

    /** Installed to force the channel back to line mode: takes nothing, done at once. */
    private enum EndedSink implements DataSink {
        INSTANCE;

        @Override
        public int accept(byte[] data, int offset, int length) {
            return 0;
        }

        @Override
        public boolean isDone() {
            return true;
        }
    }
}
