package io.github.modemvoice.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaybackPacerTest {
    private static final long MS = 1_000_000L;

    /** The pacer's clock in the tests that start at time zero. */
    private final VirtualMonotonicClock clock = new VirtualMonotonicClock();

    /** @return a pacer with the default frame and lead on {@link #clock}, started */
    private PlaybackPacer startedPacer() {
        PlaybackPacer pacer = new PlaybackPacer(clock);
        pacer.start();
        return pacer;
    }

    @Test
    void deadlinesAreAbsoluteAndLeadIsRespected() throws InterruptedException {
        VirtualMonotonicClock fromOneSecond = new VirtualMonotonicClock(1_000 * MS);
        PlaybackPacer pacer = new PlaybackPacer(fromOneSecond);
        pacer.start();
        List<Long> writeTimes = new ArrayList<>();
        for (int n = 0; n < 3000; n++) {
            pacer.awaitSlot(n);
            writeTimes.add(fromOneSecond.nanoTime());
            fromOneSecond.advance(Duration.ofNanos(123_457)); // the writer takes a little time per frame
        }
        // frames 0..3 go out at once (within the 60 ms lead), then one every 20 ms
        assertThat(writeTimes.get(0)).isEqualTo(1_000 * MS);
        assertThat(writeTimes.get(3)).isEqualTo(1_000 * MS + 3 * 123_457);
        for (int n = 4; n < 3000; n++) {
            assertThat(writeTimes.get(n)).isEqualTo(1_000 * MS + n * 20 * MS - 60 * MS);
        }
        // no drift after 3000 frames (60 s): exactly on the absolute schedule
        assertThat(writeTimes.get(2999)).isEqualTo(1_000 * MS + 2999 * 20 * MS - 60 * MS);
        assertThat(pacer.underruns()).isZero();
        assertThat(pacer.maxLateness()).isZero();
    }

    @Test
    void neverMoreThanTheLeadAhead() throws InterruptedException {
        PlaybackPacer pacer = new PlaybackPacer(clock, Duration.ofMillis(20), Duration.ofMillis(60));
        pacer.start();
        for (int n = 0; n < 500; n++) {
            pacer.awaitSlot(n);
            long now = clock.nanoTime();
            long playTime = pacer.startNanos() + n * 20 * MS;
            assertThat(playTime - now).isBetween(0L, 60 * MS);
        }
    }

    @Test
    void slowWriterCausesCountedUnderrunsAndScheduleReanchors() throws InterruptedException {
        PlaybackPacer pacer = startedPacer();
        for (int n = 0; n < 10; n++) {
            pacer.awaitSlot(n);
        }
        // frame 9 went out at 120 ms; the writer then stalls for 200 ms, until 320 ms.
        // Frame 10 should have been written at 140 ms and plays at 200 ms: 120 ms late.
        assertThat(clock.nanoTime()).isEqualTo(120 * MS);
        clock.advance(Duration.ofMillis(200));
        Duration late = pacer.awaitSlot(10);
        assertThat(clock.nanoTime()).isEqualTo(320 * MS);
        assertThat(late).isEqualTo(Duration.ofMillis(120));
        assertThat(pacer.underruns()).isEqualTo(1);
        // re-anchored: frame 10 plays now, the following frames rebuild the lead without sleeping
        long sleepsBefore = clock.sleepCalls();
        pacer.awaitSlot(11);
        pacer.awaitSlot(12);
        pacer.awaitSlot(13);
        assertThat(clock.nanoTime()).isEqualTo(320 * MS);
        assertThat(clock.sleepCalls()).isEqualTo(sleepsBefore);
        pacer.awaitSlot(14);
        assertThat(clock.nanoTime()).isEqualTo(320 * MS + 20 * MS);
        assertThat(pacer.underruns()).isEqualTo(1);
    }

    @Test
    void consistentlySlowWriterUnderrunsEveryFrame() throws InterruptedException {
        PlaybackPacer pacer = startedPacer();
        for (int n = 0; n < 100; n++) {
            pacer.awaitSlot(n);
            clock.advance(Duration.ofMillis(25)); // each frame takes longer than it plays
        }
        // the lead absorbs the first frames, then nearly every frame is late
        assertThat(pacer.underruns()).isBetween(85L, 99L);
        assertThat(pacer.maxLateness()).isLessThanOrEqualTo(Duration.ofMillis(5));
    }

    @Test
    void zeroLeadWritesAtPlayTime() throws InterruptedException {
        PlaybackPacer pacer = new PlaybackPacer(clock, Duration.ofMillis(20), Duration.ZERO);
        for (int n = 0; n < 5; n++) {
            pacer.awaitSlot(n); // first call starts the pacer
            assertThat(clock.nanoTime()).isEqualTo(n * 20 * MS);
        }
        assertThat(pacer.underruns()).isZero();
    }

    @Test
    void interruptionIsHonoured() {
        PlaybackPacer pacer = startedPacer();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> pacer.awaitSlot(100)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void systemClockSleepsUntilDeadlineAndHonoursInterruption() throws InterruptedException {
        MonotonicClock c = MonotonicClock.system();
        long deadline = c.nanoTime() + 2 * MS;
        c.sleepUntil(deadline);
        assertThat(c.nanoTime()).isGreaterThanOrEqualTo(deadline);
        c.sleepUntil(deadline - 1_000 * MS); // past deadline: returns at once
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> c.sleepUntil(c.nanoTime() + 10_000 * MS))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void virtualClockAdvancesAndValidates() throws InterruptedException {
        VirtualMonotonicClock c = new VirtualMonotonicClock(5);
        c.advance(Duration.ofNanos(10));
        assertThat(c.nanoTime()).isEqualTo(15);
        c.sleepUntil(10); // in the past: no change
        assertThat(c.nanoTime()).isEqualTo(15);
        c.sleepUntil(100);
        assertThat(c.nanoTime()).isEqualTo(100);
        assertThatThrownBy(() -> c.advance(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validatesConfiguration() {
        VirtualMonotonicClock c = new VirtualMonotonicClock();
        assertThatThrownBy(() -> new PlaybackPacer(c, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("frame");
        assertThatThrownBy(() -> new PlaybackPacer(c, Duration.ofMillis(20), Duration.ofMillis(-1)))
                .hasMessageContaining("lead");
    }
}
