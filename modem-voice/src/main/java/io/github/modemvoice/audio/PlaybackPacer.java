package io.github.modemvoice.audio;

import java.time.Duration;
import java.util.Objects;

/**
 * Paces audio written to a modem in real time, against absolute deadlines so that errors do
 * not accumulate, and a little ahead of real time (the lead) so the modem's buffer never runs
 * dry.
 *
 * <p>Usage: call {@link #start()} (or let the first {@link #awaitSlot(long)} do it), then
 * before writing frame {@code n} (counting from 0) call {@code awaitSlot(n)}. Frame {@code n}
 * plays at {@code t0 + n * frame}; it is written no earlier than that minus the lead. A frame
 * written after its play time is late: the modem has run dry in between (an underrun). Late
 * frames are counted, and the schedule is re-anchored so that frame plays now, since a modem
 * resumes playing when data arrives; the frames after it are then written at once until the
 * lead is rebuilt, instead of being burst out to make up the lost time.
 *
 * <p>Defaults: 20 ms frames (the 320-byte frames of the internal format) and a 60 ms lead, three
 * frames: enough to ride out scheduling jitter of a loaded machine, small enough that a barge-in
 * or hang-up stops the audio promptly. Not thread-safe: one playing thread owns a pacer.
 */
public final class PlaybackPacer {
    /** Default frame duration. */
    public static final Duration DEFAULT_FRAME = Duration.ofMillis(20);
    /** Default lead over real time. */
    public static final Duration DEFAULT_LEAD = Duration.ofMillis(60);

    private final MonotonicClock clock;
    private final long frameNanos;
    private final long leadNanos;
    private boolean started;
    private long t0;
    private long underruns;
    private long maxLateNanos;

    /**
     * @param clock the time source
     */
    public PlaybackPacer(MonotonicClock clock) {
        this(clock, DEFAULT_FRAME, DEFAULT_LEAD);
    }

    /**
     * @param clock the time source
     * @param frame duration of one frame, positive
     * @param lead  how far ahead of real time to stay, zero or positive
     * @throws IllegalArgumentException if frame or lead is out of range, naming it
     */
    public PlaybackPacer(MonotonicClock clock, Duration frame, Duration lead) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(lead, "lead");
        if (frame.isNegative() || frame.isZero()) {
            throw new IllegalArgumentException("frame must be positive, was " + frame);
        }
        if (lead.isNegative()) {
            throw new IllegalArgumentException("lead must not be negative, was " + lead);
        }
        this.frameNanos = frame.toNanos();
        this.leadNanos = lead.toNanos();
    }

    /** Records the start time t0: frame 0 plays now. Restarts the schedule if called again. */
    public void start() {
        t0 = clock.nanoTime();
        started = true;
        underruns = 0;
        maxLateNanos = 0;
    }

    /**
     * Waits until frame {@code framesWrittenSoFar} may be written: until
     * {@code t0 + framesWrittenSoFar * frame - lead}.
     *
     * @param framesWrittenSoFar number of frames already written, i.e. the index of the next frame
     * @return how late the frame is: zero if on time, else the time since its play time
     * @throws InterruptedException if interrupted while waiting
     */
    public Duration awaitSlot(long framesWrittenSoFar) throws InterruptedException {
        if (framesWrittenSoFar < 0) {
            throw new IllegalArgumentException("framesWrittenSoFar must not be negative");
        }
        if (!started) {
            start();
        }
        long playTime = t0 + framesWrittenSoFar * frameNanos;
        long deadline = playTime - leadNanos;
        if (clock.nanoTime() - deadline < 0) {
            clock.sleepUntil(deadline);
        }
        long late = clock.nanoTime() - playTime;
        if (late > 0 && framesWrittenSoFar > 0) {
            underruns++;
            maxLateNanos = Math.max(maxLateNanos, late);
            t0 += late; // the modem resumes playing when this frame arrives
            return Duration.ofNanos(late);
        }
        return Duration.ZERO;
    }

    /**
     * @param frameIndex index of a frame, from 0
     * @return the earliest time it is written, in clock nanoseconds: {@code t0 + n * frame - lead}
     */
    public long deadlineOf(long frameIndex) {
        return t0 + frameIndex * frameNanos - leadNanos;
    }

    /** @return t0, the clock reading at which frame 0 plays (moved later by underruns) */
    public long startNanos() {
        return t0;
    }

    /** @return number of frames written after their play time since {@link #start()} */
    public long underruns() {
        return underruns;
    }

    /** @return the largest lateness seen since {@link #start()} */
    public Duration maxLateness() {
        return Duration.ofNanos(maxLateNanos);
    }

    /** @return the frame duration */
    public Duration frame() {
        return Duration.ofNanos(frameNanos);
    }

    /** @return the lead */
    public Duration lead() {
        return Duration.ofNanos(leadNanos);
    }
}
