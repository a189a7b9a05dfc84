package io.github.modemvoice.audio;

import java.util.Arrays;

/**
 * Minimum-statistics noise floor over 20 ms block energies, after R. Martin, "Noise power
 * spectral density estimation based on optimal smoothing and minimum statistics", IEEE Trans.
 * Speech and Audio Processing 9(5), 2001, pp. 504-512 (doi:10.1109/89.928915), reduced to one
 * band (the whole telephone band) and a fixed smoothing factor.
 *
 * <p>Each block's energy is first smoothed recursively ({@link #SMOOTHING}); the floor is the
 * minimum of the smoothed energy over the last {@link #SUBWINDOWS} sub-windows of
 * {@link #SUBWINDOW_BLOCKS} blocks each ({@value #WINDOW_MS} ms), as Martin splits his search
 * window so that the minimum is updated in O(1) per block and the oldest sub-window simply
 * drops out. The floor therefore falls at once when the line gets quieter and rises, at most one
 * window later, when the noise gets louder; speech cannot raise it as long as the caller pauses
 * (for breath, between phrases: with this smoothing a pause of about 250 ms brings the smoothed
 * energy to within a few dB of the noise) at least once per window. The window is longer than the 1-2 s
 * usual in noise reduction: a caller leaving a message talks on, and keeping a fast talker's
 * speech matters more here than noticing quickly that the noise got louder (which costs at most
 * one window more before the recording ends). Not thread-safe.
 */
final class NoiseFloor {
    /** Recursive smoothing factor per 20 ms block: a time constant of about 70 ms. */
    static final double SMOOTHING = 0.75;
    /** Blocks per sub-window: 320 ms. */
    static final int SUBWINDOW_BLOCKS = 16;
    /** Sub-windows in the search window. */
    static final int SUBWINDOWS = 16;
    /** The search window in milliseconds. */
    static final int WINDOW_MS = SUBWINDOW_BLOCKS * SUBWINDOWS * 20;

    private final double[] subMinima = new double[SUBWINDOWS];
    private int next;
    private double windowMin;
    private double currentMin;
    private int inCurrent;
    private double smoothed;
    private boolean seen;

    /** Sub-windows that start out holding the prior: it stands for the first 2.56 s. */
    static final int PRIOR_SUBWINDOWS = SUBWINDOWS / 2;
    /** How long the prior stands, in milliseconds. */
    static final int PRIOR_MS = PRIOR_SUBWINDOWS * SUBWINDOW_BLOCKS * 20;

    private final double prior;

    /**
     * @param prior the floor assumed before the line was heard, as a block energy: the oldest
     *              {@link #PRIOR_SUBWINDOWS} sub-windows start out holding it, so it stands until
     *              the audio has shown a quieter floor or {@link #PRIOR_MS} ms have passed
     */
    NoiseFloor(double prior) {
        this.prior = prior;
        reset();
    }

    /**
     * Smooths one block's energy and enters it in the search.
     *
     * @param energy the block's energy (sum of squares)
     * @return the smoothed energy of this block
     */
    double add(double energy) {
        smoothed = seen ? SMOOTHING * smoothed + (1 - SMOOTHING) * energy : energy;
        seen = true;
        enter(smoothed);
        return smoothed;
    }

    /**
     * Enters a value in the search without touching the smoothed energy: what a long stretch of
     * digital silence stands for, or positive infinity for a block that only lets time pass.
     *
     * @param energy the stand-in energy
     */
    void enter(double energy) {
        if (energy < currentMin) {
            currentMin = energy;
        }
        if (++inCurrent == SUBWINDOW_BLOCKS) {
            subMinima[next] = currentMin;
            next = (next + 1) % SUBWINDOWS;
            double m = Double.POSITIVE_INFINITY;
            for (double v : subMinima) {
                m = Math.min(m, v);
            }
            windowMin = m;
            currentMin = Double.POSITIVE_INFINITY;
            inCurrent = 0;
        }
    }

    /** @return the floor as a block energy */
    double energy() {
        return Math.min(windowMin, currentMin);
    }

    void reset() {
        Arrays.fill(subMinima, Double.POSITIVE_INFINITY);
        Arrays.fill(subMinima, 0, PRIOR_SUBWINDOWS, prior);
        next = 0;
        windowMin = prior;
        currentMin = Double.POSITIVE_INFINITY;
        inCurrent = 0;
        smoothed = 0;
        seen = false;
    }
}
