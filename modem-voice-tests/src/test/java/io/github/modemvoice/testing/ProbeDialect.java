package io.github.modemvoice.testing;

import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.UrcParser;
import io.github.modemvoice.dialect.AudioChannel;
import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.transport.Transport;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * A test-side decorator of a real {@link Dialect}: everything is delegated unchanged, and the
 * call's {@link AudioChannel} is wrapped so that a test can observe, whatever the dialect,
 * what the session played (PCM per playback phase), when the recording phase is open, and how
 * much caller audio the recorder has consumed. It adds no behaviour of its own beyond an
 * optional hook on playback writes.
 */
public final class ProbeDialect extends ForwardingDialect {
    private final Object lock = new Object();
    private final List<ByteArrayOutputStream> phases = new ArrayList<>();
    private final List<String> timeline = new ArrayList<>();
    private ByteArrayOutputStream current;
    private long consumed;
    private boolean recording;
    private boolean closed;
    private volatile IntConsumer playbackWriteHook;

    public ProbeDialect(Dialect delegate) {
        super(delegate);
    }

    /** @param hook called before each playback write with the frame's index in its phase (phase 0 counts from 0) */
    public void onPlaybackWrite(IntConsumer hook) {
        this.playbackWriteHook = hook;
    }

    /** @return the PCM the session wrote, one entry per startPlayback..finishPlayback */
    public List<byte[]> playedPhases() {
        synchronized (lock) {
            List<byte[]> out = new ArrayList<>();
            for (ByteArrayOutputStream p : phases) {
                out.add(p.toByteArray());
            }
            return out;
        }
    }

    /** @return "play" and "record" in the order the phases were opened */
    public List<String> timeline() {
        synchronized (lock) {
            return List.copyOf(timeline);
        }
    }

    /** @return how many phase has been started so far */
    public int playbackPhases() {
        synchronized (lock) {
            return phases.size();
        }
    }

    /** Waits until a recording phase is open (the dialect's startRecording returned). */
    public void awaitRecording(Duration timeout) {
        awaitCondition(timeout, () -> recording, "the recording phase never opened");
    }

    /** Waits until the recorder has read at least this many PCM bytes. */
    public void awaitConsumed(long bytes, Duration timeout) {
        awaitCondition(timeout, () -> consumed >= bytes, "the recorder never consumed " + bytes + " bytes");
    }

    /** Waits until the call's audio channel was closed (its close() returned). */
    public void awaitClosed(Duration timeout) {
        awaitCondition(timeout, () -> closed, "the audio channel was never closed");
    }

    /** @return PCM bytes handed to the recorder so far */
    public long consumed() {
        synchronized (lock) {
            return consumed;
        }
    }

    private void awaitCondition(Duration timeout, java.util.function.BooleanSupplier done, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(failure + " within " + timeout.toMillis() + " ms (consumed " + consumed
                            + ", timeline " + timeline + ")");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }




    @Override
    public Duration callerIdWait() {
        return delegate.callerIdWait();
    }

    @Override
    public void attach(AtChannel at, java.util.function.Consumer<ModemEvent> publish) {
        delegate.attach(at, publish);
    }

    @Override
    public java.util.Optional<String> checkHealth(AtChannel at) {
        return delegate.checkHealth(at);
    }







    @Override
    public AudioChannel openAudio(AtChannel at, Transport audioPort) {
        return new Probe(delegate.openAudio(at, audioPort));
    }

    private final class Probe implements AudioChannel {
        private final AudioChannel a;
        private int frameInPhase;

        Probe(AudioChannel a) {
            this.a = a;
        }

        @Override
        public void startPlayback() {
            a.startPlayback();
            synchronized (lock) {
                current = new ByteArrayOutputStream();
                phases.add(current);
                timeline.add("play");
                frameInPhase = 0;
                lock.notifyAll();
            }
        }

        @Override
        public void write(byte[] pcm, int offset, int length) {
            IntConsumer hook = playbackWriteHook;
            int index;
            synchronized (lock) {
                index = phases.size() == 1 ? frameInPhase : -1;
                frameInPhase++;
            }
            if (hook != null && index >= 0) {
                hook.accept(index);
            }
            a.write(pcm, offset, length);
            synchronized (lock) {
                if (current != null) {
                    current.write(pcm, offset, length);
                }
            }
        }

        @Override
        public void finishPlayback() {
            a.finishPlayback();
            synchronized (lock) {
                current = null;
            }
        }

        @Override
        public void startRecording() {
            a.startRecording();
            synchronized (lock) {
                recording = true;
                timeline.add("record");
                lock.notifyAll();
            }
        }

        @Override
        public int read(byte[] pcm, int offset, int length, Duration timeout) {
            int n = a.read(pcm, offset, length, timeout);
            if (n > 0) {
                synchronized (lock) {
                    consumed += n;
                    lock.notifyAll();
                }
            }
            return n;
        }

        @Override
        public void finishRecording() {
            a.finishRecording();
        }

        @Override
        public void callEnded() {
            a.callEnded();
        }

        @Override
        public boolean isOpen() {
            return a.isOpen();
        }

        @Override
        public void close() {
            try {
                a.close();
            } finally {
                synchronized (lock) {
                    closed = true;
                    lock.notifyAll();
                }
            }
        }
    }
}
