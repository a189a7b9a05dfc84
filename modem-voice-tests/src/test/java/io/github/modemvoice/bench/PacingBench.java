package io.github.modemvoice.bench;

import io.github.modemvoice.audio.MonotonicClock;
import io.github.modemvoice.audio.PlaybackPacer;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Playback pacing drift over a prompt of N seconds (default 60): {@link PlaybackPacer} on
 * {@link MonotonicClock#system()} against a naive loop (write a frame, then
 * {@code Thread.sleep(20)}). The sink records {@link System#nanoTime()} of every 20 ms frame
 * write.
 *
 * <p>The modem is modelled as a player without slack: it starts playing frame 0 when it
 * arrives and plays frames back to back; a frame that arrives after the previous one finished
 * playing is an <em>underrun</em> (the modem ran dry), and it plays when it arrives. Then:
 * <ul>
 * <li>drift = (actual playing time - nominal N s) / N s: how much the prompt was stretched;</li>
 * <li>write-rate drift = the mean interval between frame writes after the initial lead burst
 *     against 20 ms (for the pacer this is what absolute deadlines keep at zero);</li>
 * <li>max lateness = the longest a frame arrived after the modem ran dry;</li>
 * <li>min headroom = the least audio the modem still had queued when a frame arrived, after
 *     the initial burst that builds the lead (negative: it had run dry). For the pacer this is
 *     the 60 ms lead minus the worst wake-up delay.</li>
 * </ul>
 * Both loops run at the same time on two threads (they sleep almost all the time), so the
 * default run takes N seconds, not 2N.
 */
final class PacingBench {
    private static final long FRAME_NANOS = 20_000_000L;

    private PacingBench() {
    }

    /** Per-frame write times of one loop and what they mean. */
    record Result(String label, long[] writes, long pacerUnderruns, long leadFrames) {
        long frames() {
            return writes.length;
        }

        /** Simulated playing time, underruns and max lateness. */
        long[] playout() {
            long end = writes[0] + FRAME_NANOS;
            long underruns = 0;
            long maxLate = 0;
            long minHeadroom = Long.MAX_VALUE;
            for (int n = 1; n < writes.length; n++) {
                long late = writes[n] - end;
                if (n >= leadFrames) { // frames 1 .. lead-1 are the initial burst that builds the lead
                    minHeadroom = Math.min(minHeadroom, -late);
                }
                if (late > 0) {
                    underruns++;
                    maxLate = Math.max(maxLate, late);
                    end = writes[n];
                }
                end += FRAME_NANOS;
            }
            return new long[] {end - writes[0], underruns, maxLate, minHeadroom};
        }

        double driftPercent() {
            double nominal = frames() * (double) FRAME_NANOS;
            return (playout()[0] - nominal) / nominal * 100;
        }

        double writeRateDriftPercent() {
            int k = (int) leadFrames;
            double nominal = (frames() - 1 - k) * (double) FRAME_NANOS;
            return ((writes[writes.length - 1] - writes[k]) - nominal) / nominal * 100;
        }

        String report() {
            long[] p = playout();
            return String.format(Locale.ROOT,
                    "%-34s frames %,d  playing time %.4f s (nominal %.4f s)  drift %+.4f %%  write-rate drift %+.4f %%"
                            + "  underruns %d%s  max lateness %.3f ms  min headroom %.3f ms",
                    label, frames(), p[0] / 1e9, frames() * FRAME_NANOS / 1e9, driftPercent(), writeRateDriftPercent(),
                    p[1], pacerUnderruns >= 0 ? " (pacer's own count " + pacerUnderruns + ")" : "", p[2] / 1e6, p[3] / 1e6);
        }
    }

    static void run(Options o) throws Exception {
        int seconds = o.intValue("seconds", 60);
        int frames = seconds * 50;
        System.out.printf("== pacing: a %d s prompt, 20 ms frames (%,d), pacer lead %d ms; both loops concurrently%n",
                seconds, frames, PlaybackPacer.DEFAULT_LEAD.toMillis());
        CompletableFuture<Result> paced = CompletableFuture.supplyAsync(() -> paced(frames), PacingBench::thread);
        CompletableFuture<Result> naive = CompletableFuture.supplyAsync(() -> naive(frames), PacingBench::thread);
        Result p = paced.get();
        Result n = naive.get();
        System.out.println(p.report());
        System.out.println(n.report());
        System.out.printf(Locale.ROOT, "goal: drift <= 0.05 %% and 0 underruns -> PlaybackPacer %s%n",
                Math.abs(p.driftPercent()) <= 0.05 && p.playout()[1] == 0 ? "MET" : "NOT MET");
    }

    private static void thread(Runnable r) {
        Thread t = new Thread(r, "bench-pacing");
        t.setDaemon(true);
        t.start();
    }

    static Result paced(int frames) {
        PlaybackPacer pacer = new PlaybackPacer(MonotonicClock.system());
        long[] writes = new long[frames];
        try {
            pacer.start();
            for (int n = 0; n < frames; n++) {
                pacer.awaitSlot(n);
                writes[n] = System.nanoTime(); // the sink: the frame is handed to the modem now
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long lead = PlaybackPacer.DEFAULT_LEAD.toNanos() / FRAME_NANOS;
        return new Result("PlaybackPacer (absolute deadlines)", writes, pacer.underruns(), lead);
    }

    static Result naive(int frames) {
        long[] writes = new long[frames];
        try {
            for (int n = 0; n < frames; n++) {
                writes[n] = System.nanoTime();
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Result("naive write + Thread.sleep(20)", writes, -1, 0);
    }
}
