package io.github.modemvoice.audio;

import java.util.Objects;

/**
 * How a {@link SilenceDetector} tells speech from silence: against the line's own noise floor
 * ({@link #adaptive()}, the default) or against one fixed level ({@link #fixed(double)}, the
 * behaviour before adaptive detection existed). Levels are RMS over a 20 ms block in dBFS
 * relative to a full-scale square wave.
 *
 * @param mode       adaptive or fixed
 * @param levelDbfs  {@link Mode#FIXED}: the threshold a block must reach to be loud;
 *                   {@link Mode#ADAPTIVE}: the absolute floor a block must reach whatever the
 *                   noise; between -96 and 0
 * @param marginDb   {@link Mode#ADAPTIVE}: how far above the estimated noise floor a block must
 *                   be, in dB, between 1 and 40; {@link Mode#FIXED}: 0
 */
public record SilenceDetection(Mode mode, double levelDbfs, double marginDb) {
    /** Default margin above the noise floor in the adaptive mode, in dB. */
    public static final double DEFAULT_MARGIN_DB = 8.0;
    /** Default absolute floor in the adaptive mode, in dBFS: nothing quieter is speech. */
    public static final double DEFAULT_FLOOR_DBFS = -55.0;
    /** The fixed threshold of the fixed mode before adaptive detection existed, in dBFS. */
    public static final double DEFAULT_FIXED_DBFS = -40.0;

    /** The two ways of deciding. */
    public enum Mode {
        /** Loud: at least the margin above the tracked noise floor and at least the absolute floor. */
        ADAPTIVE,
        /** Loud: at least one fixed level. */
        FIXED
    }

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the value out of range
     */
    public SilenceDetection {
        Objects.requireNonNull(mode, "mode");
        String level = mode == Mode.FIXED ? "thresholdDbfs" : "floorDbfs";
        if (!(levelDbfs >= -96 && levelDbfs <= 0)) {
            throw new IllegalArgumentException(level + " must be between -96 and 0 dBFS, was " + levelDbfs);
        }
        if (mode == Mode.FIXED && marginDb != 0) {
            throw new IllegalArgumentException("marginDb must be 0 for a fixed threshold, was " + marginDb);
        }
        if (mode == Mode.ADAPTIVE && !(marginDb >= 1 && marginDb <= 40)) {
            throw new IllegalArgumentException("marginDb must be between 1 and 40 dB, was " + marginDb);
        }
    }

    /** @return adaptive detection with {@value #DEFAULT_MARGIN_DB} dB margin and a {@value #DEFAULT_FLOOR_DBFS} dBFS floor */
    public static SilenceDetection adaptive() {
        return new SilenceDetection(Mode.ADAPTIVE, DEFAULT_FLOOR_DBFS, DEFAULT_MARGIN_DB);
    }

    /**
     * @param marginDb  how far above the noise floor speech must be, 1 to 40 dB
     * @param floorDbfs the absolute level speech must reach, -96 to 0 dBFS
     * @return adaptive detection
     * @throws IllegalArgumentException naming {@code marginDb} or {@code floorDbfs}
     */
    public static SilenceDetection adaptive(double marginDb, double floorDbfs) {
        return new SilenceDetection(Mode.ADAPTIVE, floorDbfs, marginDb);
    }

    /**
     * @param thresholdDbfs the level at or above which a block is loud, -96 to 0 dBFS
     * @return fixed-threshold detection, as before adaptive detection existed
     * @throws IllegalArgumentException naming {@code thresholdDbfs}
     */
    public static SilenceDetection fixed(double thresholdDbfs) {
        return new SilenceDetection(Mode.FIXED, thresholdDbfs, 0);
    }

    /** @return whether the threshold follows the noise floor */
    public boolean isAdaptive() {
        return mode == Mode.ADAPTIVE;
    }

    @Override
    public String toString() {
        return mode == Mode.FIXED ? "fixed " + levelDbfs + " dBFS"
                : "adaptive (noise floor + " + marginDb + " dB, at least " + levelDbfs + " dBFS)";
    }
}
