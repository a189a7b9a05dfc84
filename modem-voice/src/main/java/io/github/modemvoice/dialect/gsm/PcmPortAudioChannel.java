package io.github.modemvoice.dialect.gsm;

import io.github.modemvoice.internal.Threads;
import io.github.modemvoice.dialect.AudioChannel;
import io.github.modemvoice.internal.Locks;
import io.github.modemvoice.internal.PcmQueue;
import io.github.modemvoice.transport.Transport;
import io.github.modemvoice.transport.TransportLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Full-duplex 16-bit PCM on a separate serial port, as GSM/LTE modules provide it (SIMCom
 * {@code AT+CPCMREG}, Quectel {@code AT+QPCMV}). A pump thread reads the port continuously so
 * that the modem's buffer never fills; while a recording phase is open, the audio is queued for
 * {@link #read}, otherwise discarded. The queue is bounded (by default 10 s of audio); a
 * consumer that falls that far behind loses the oldest audio, and it is logged.
 */
public class PcmPortAudioChannel implements AudioChannel {
    private static final Logger LOG = LoggerFactory.getLogger(PcmPortAudioChannel.class);

    private final Transport port;
    private final Runnable onClose;
    private final Thread pump;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final PcmQueue queue;
    private boolean recording;
    private boolean ended;
    private long endedAtNanos;
    /** After the call ended, how long audio still in transit on the PCM port is waited for. */
    private static final long TAIL_DRAIN_NANOS = 250_000_000L;
    /**
     * ... but no longer than this after the last audio came (a fixed 250 ms wait held every message,
     * and its notification, back that long). Our choice, not a modem fact: no manual we have says
     * how the SIMCom or Quectel USB audio port paces the end of a call's PCM (docs/MODEM-FACTS.md).
     * 60 ms is three 20 ms frames of 8 kHz audio; a modem that pauses longer in the tail loses at
     * most what came in the rest of the 250 ms, all of it after the caller hung up.
     */
    private static final long TAIL_QUIET_NANOS = 60_000_000L;
    /** When the pump last queued audio (guarded by the lock). */
    private long lastAudioNanos;
    /**
     * The pump's longest read: a whole serial read slice (SerialTransport waits in 100 ms slices and
     * polls below that), so that an idle moment costs one wake-up, not one every 5 ms.
     */
    private static final Duration PUMP_READ_TIMEOUT = Duration.ofMillis(100);
    private boolean closed;
    private byte pendingOddByte;
    private boolean hasOddByte;
    private volatile String lostReason;

    /**
     * @param port    the PCM port, opened here when needed
     * @param onClose run once on {@link #close()} before the port is released (e.g. the
     *                dialect's {@code AT+CPCMREG=0}); may be null
     */
    public PcmPortAudioChannel(Transport port, Runnable onClose) {
        this(port, onClose, 8000 * 2 * 10);
    }

    /**
     * @param port           the PCM port
     * @param onClose        run once on close; may be null
     * @param maxQueuedBytes the bound of the receive queue
     */
    public PcmPortAudioChannel(Transport port, Runnable onClose, int maxQueuedBytes) {
        this.port = Objects.requireNonNull(port, "port");
        this.onClose = onClose;
        this.queue = new PcmQueue(maxQueuedBytes);
        if (!port.isOpen()) {
            port.open();
        }
        this.pump = Threads.daemon(port.name() + "-pcm", this::pumpLoop);
        this.pump.start();
    }

    private void pumpLoop() {
        byte[] buf = new byte[3200];
        try {
            while (true) {
                if (Locks.test(lock, () -> closed)) {
                    return;
                }
                int n = port.read(buf, 0, buf.length, PUMP_READ_TIMEOUT);
                if (n > 0) {
                    offer(buf, n);
                }
            }
        } catch (TransportLostException e) {
            Locks.change(lock, available, () -> {
                if (!closed) {
                    lostReason = e.getMessage();
                    LOG.warn("{}: PCM port lost: {}", port.name(), e.getMessage());
                }
                ended = true;
            });
        }
    }

    private void offer(byte[] buf, int n) {
        lock.lock();
        try {
            if (!recording) {
                return;
            }
            // keep sample alignment even when the port delivers odd byte counts
            int start = 0;
            byte[] chunk;
            if (hasOddByte) {
                chunk = new byte[n + 1];
                chunk[0] = pendingOddByte;
                System.arraycopy(buf, 0, chunk, 1, n);
                hasOddByte = false;
            } else {
                chunk = java.util.Arrays.copyOf(buf, n);
            }
            if ((chunk.length & 1) == 1) {
                pendingOddByte = chunk[chunk.length - 1];
                hasOddByte = true;
                chunk = java.util.Arrays.copyOf(chunk, chunk.length - 1);
            }
            if (chunk.length == start) {
                return;
            }
            lastAudioNanos = System.nanoTime();
            if (queue.addAudio(chunk)) {
                LOG.warn("{}: recording consumer is too slow; dropping the oldest audio", port.name());
            }
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void startPlayback() {
        // full duplex: nothing to switch
    }

    @Override
    public void write(byte[] pcm, int offset, int length) {
        port.write(pcm, offset, length);
    }

    @Override
    public void finishPlayback() {
        // full duplex: nothing to switch
    }

    @Override
    public void startRecording() {
        Locks.run(lock, () -> {
            queue.clear();
            hasOddByte = false;
            recording = true;
        });
    }

    @Override
    public int read(byte[] pcm, int offset, int length, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int want = length & ~1;
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closed || lostReason != null) {
                    return -1;
                }
                long left = deadline - System.nanoTime();
                if (ended) {
                    // the end of the call is reported on the AT port, often before the last PCM
                    // has come through the audio port: keep reading a short while for that tail
                    long drainEnd = Math.min(endedAtNanos + TAIL_DRAIN_NANOS,
                            Math.max(endedAtNanos, lastAudioNanos) + TAIL_QUIET_NANOS);
                    long drainLeft = drainEnd - System.nanoTime();
                    if (drainLeft <= 0) {
                        return -1;
                    }
                    left = Math.min(Math.max(left, 0), drainLeft);
                    if (left == 0) {
                        return 0;
                    }
                }
                if (left <= 0) {
                    return 0;
                }
                try {
                    available.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
            return queue.readAudio(pcm, offset, want);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void finishRecording() {
        Locks.run(lock, () -> {
            recording = false;
            queue.clear();
        });
    }

    @Override
    public void callEnded() {
        Locks.change(lock, available, () -> {
            if (!ended) {
                endedAtNanos = System.nanoTime();
            }
            ended = true;
        });
    }

    @Override
    public boolean isOpen() {
        return Locks.test(lock, () -> !closed && !ended && lostReason == null);
    }

    /** @return why the PCM port was lost, or null */
    public String lostReason() {
        return lostReason;
    }

    @Override
    public void close() {
        if (!Locks.changeUnless(lock, available, () -> closed, () -> {
            closed = true;
            ended = true;
        })) {
            return;
        }
        if (onClose != null) {
            try {
                onClose.run();
            } catch (RuntimeException e) {
                LOG.debug("{}: closing the audio path failed: {}", port.name(), e.toString());
            }
        }
        // No join: the pump sees 'closed' after its read in progress (at most one 100 ms read) and
        // ends; whatever that read brings is dropped (not recording). Joining here held the call's
        // hangup back by up to that read, ~100 ms after the caller's finish key. The next call's
        // audio cannot reach the port before its own audio command, seconds later.
    }
}
