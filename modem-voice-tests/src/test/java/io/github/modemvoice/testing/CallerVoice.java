package io.github.modemvoice.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A caller who speaks into a mocked audio port: a daemon thread ("caller-voice") that emits one
 * frame of PCM per interval, as a modem streams it (not one burst, so a recording that starts
 * late still hears a voice), until a frame budget is spent, the port goes, or the test stops it.
 */
public final class CallerVoice implements AutoCloseable {
    private final Thread thread;
    private volatile boolean speaking = true;

    private CallerVoice(MockTransport port, byte[] frame, Duration interval, long frames, BooleanSupplier portUp) {
        thread = new Thread(() -> {
            long next = System.nanoTime();
            for (long fed = 0; fed < frames && speaking && portUp.getAsBoolean() && !port.isClosed(); fed++) {
                try {
                    port.emitBytes(frame);
                } catch (IllegalStateException endOfFileEmitted) {
                    return;
                }
                // paced, never catching up in a burst: the recordings count bytes, not time
                next = Math.max(next + interval.toNanos(), System.nanoTime());
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }, "caller-voice");
        thread.setDaemon(true);
    }

    /**
     * Starts speaking.
     *
     * @param port     the host's audio port, as the modem side of it
     * @param frame    the PCM emitted each time
     * @param interval the time between frames (shorter than the frame: faster than real time)
     * @param frames   how many frames at most ({@link Long#MAX_VALUE}: until stopped)
     * @param portUp   checked before each frame besides {@code port.isClosed()}: false ends the voice
     * @return the running voice
     */
    public static CallerVoice start(MockTransport port, byte[] frame, Duration interval, long frames,
                                    BooleanSupplier portUp) {
        CallerVoice voice = new CallerVoice(port, frame, interval, frames, portUp);
        voice.thread.start();
        return voice;
    }

    /** Stops after the current frame, without waiting. */
    public void stop() {
        speaking = false;
    }

    /** Stops and waits (five seconds at most) for the thread to end. */
    @Override
    public void close() throws InterruptedException {
        stop();
        thread.join(Duration.ofSeconds(5).toMillis());
    }
}
