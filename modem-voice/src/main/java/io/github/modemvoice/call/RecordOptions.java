package io.github.modemvoice.call;

import io.github.modemvoice.audio.SilenceDetection;
import io.github.modemvoice.internal.DtmfKeys;
import io.github.modemvoice.internal.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link CallSession#record(RecordOptions)} records: where, how long, and what ends it.
 * Built with {@link #builder(Path)}; every value is validated by {@link Builder#build()}.
 *
 * @param target          the WAV file to write (created or replaced)
 * @param maxDuration     the length limit
 * @param finishKeys      DTMF keys that end the recording; empty: none
 * @param silenceTimeout  silence after speech that ends the recording; zero: off
 * @param silenceDetection how speech is told from silence, for the timeout and for trimming:
 *                        {@link SilenceDetection#adaptive()} (the default) or a fixed level
 * @param discardEarlierKeys whether keys pressed before the recording starts are forgotten
 * @param keyToneTrim     how much audio before a finish key is cut (the key's own tone)
 * @param trimSilence     whether trailing silence is cut (keeping {@code silenceTail})
 * @param silenceTail     how much silence is kept after the last speech when trimming
 * @param syncInterval    how often the file is forced to disk (a crash loses at most this much)
 * @param listener        follows the recording (start, progress)
 */
public record RecordOptions(Path target, Duration maxDuration, String finishKeys, Duration silenceTimeout,
                            SilenceDetection silenceDetection, boolean discardEarlierKeys, Duration keyToneTrim,
                            boolean trimSilence, Duration silenceTail, Duration syncInterval,
                            RecordListener listener) {

    /** Validates. */
    public RecordOptions {
        Objects.requireNonNull(target, "target");
        requirePositive("maxDuration", maxDuration);
        Objects.requireNonNull(finishKeys, "finishKeys");
        for (char c : finishKeys.toCharArray()) {
            DtmfKeys.requireKey("finishKeys", c);
        }
        requireNotNegative("silenceTimeout", silenceTimeout);
        if (silenceDetection == null) {
            throw new IllegalArgumentException("silenceDetection must be given, was null");
        }
        requireNotNegative("keyToneTrim", keyToneTrim);
        requireNotNegative("silenceTail", silenceTail);
        requirePositive("syncInterval", syncInterval);
        Objects.requireNonNull(listener, "listener");
    }

    /**
     * The constructor before adaptive silence detection: a fixed threshold, as it always was.
     *
     * @param target               the WAV file to write
     * @param maxDuration          the length limit
     * @param finishKeys           DTMF keys that end the recording
     * @param silenceTimeout       silence after speech that ends the recording; zero: off
     * @param silenceThresholdDbfs the fixed level below which audio counts as silence; negative,
     *                             at least -96
     * @param discardEarlierKeys   whether keys pressed before the recording starts are forgotten
     * @param keyToneTrim          how much audio before a finish key is cut
     * @param trimSilence          whether trailing silence is cut
     * @param silenceTail          how much silence is kept after the last speech when trimming
     * @param syncInterval         how often the file is forced to disk
     * @param listener             follows the recording
     * @deprecated give a {@link SilenceDetection} ({@link SilenceDetection#fixed(double)} for
     *             this behaviour), or use the {@link #builder(Path) builder}
     */
    @Deprecated
    public RecordOptions(Path target, Duration maxDuration, String finishKeys, Duration silenceTimeout,
                         double silenceThresholdDbfs, boolean discardEarlierKeys, Duration keyToneTrim,
                         boolean trimSilence, Duration silenceTail, Duration syncInterval, RecordListener listener) {
        this(target, maxDuration, finishKeys, silenceTimeout, fixedThreshold(silenceThresholdDbfs),
                discardEarlierKeys, keyToneTrim, trimSilence, silenceTail, syncInterval, listener);
    }

    /**
     * @return the fixed threshold in dBFS, or in the adaptive mode the absolute floor below
     *         which audio is always silence
     */
    public double silenceThresholdDbfs() {
        return silenceDetection.levelDbfs();
    }

    private static SilenceDetection fixedThreshold(double dbfs) {
        if (!(dbfs < 0 && dbfs >= -96)) {
            throw new IllegalArgumentException("silenceThresholdDbfs must be negative and at least -96, was " + dbfs);
        }
        return SilenceDetection.fixed(dbfs);
    }

    private static void requirePositive(String field, Duration d) {
        Durations.requirePositive(field, d);
    }

    private static void requireNotNegative(String field, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(field + " must be zero or positive, was " + d);
        }
    }

    /**
     * @param target the WAV file to write
     * @return a builder with the defaults: 120 s, finish key {@code #}, 5 s silence measured
     *         against the line's noise floor ({@link SilenceDetection#adaptive()}),
     *         earlier keys discarded, 250 ms key-tone trim, silence trimmed to a 300 ms tail, sync
     *         every second
     */
    public static Builder builder(Path target) {
        return new Builder(target);
    }

    /** Builds {@link RecordOptions}. */
    public static final class Builder {
        private final Path target;
        private Duration maxDuration = Duration.ofSeconds(120);
        private String finishKeys = "#";
        private Duration silenceTimeout = Duration.ofSeconds(5);
        private SilenceDetection silenceDetection = SilenceDetection.adaptive();
        private boolean fixedAsked;
        private double fixedThresholdDbfs;
        private boolean discardEarlierKeys = true;
        private Duration keyToneTrim = Duration.ofMillis(250);
        private boolean trimSilence = true;
        private Duration silenceTail = Duration.ofMillis(300);
        private Duration syncInterval = Duration.ofSeconds(1);
        private RecordListener listener = RecordListener.NONE;

        private Builder(Path target) {
            this.target = target;
        }

        /**
         * @param d the length limit
         * @return this
         */
        public Builder maxDuration(Duration d) {
            this.maxDuration = d;
            return this;
        }

        /**
         * @param keys keys that end the recording, empty for none
         * @return this
         */
        public Builder finishKeys(String keys) {
            this.finishKeys = keys;
            return this;
        }

        /**
         * @param d silence after speech that ends the recording, zero for off
         * @return this
         */
        public Builder silenceTimeout(Duration d) {
            this.silenceTimeout = d;
            return this;
        }

        /**
         * A fixed threshold, as before adaptive detection: audio below {@code dbfs} is silence
         * whatever the line's noise. Replaces an earlier {@link #silenceDetection}.
         *
         * @param dbfs the silence threshold in dBFS, negative and at least -96 (checked by
         *             {@link #build()}, naming {@code silenceThresholdDbfs})
         * @return this
         */
        public Builder silenceThresholdDbfs(double dbfs) {
            this.fixedThresholdDbfs = dbfs;
            this.fixedAsked = true;
            return this;
        }

        /**
         * @param detection how speech is told from silence ({@link SilenceDetection#adaptive()}
         *                  by default); replaces an earlier {@link #silenceThresholdDbfs}
         * @return this
         */
        public Builder silenceDetection(SilenceDetection detection) {
            this.silenceDetection = detection;
            this.fixedAsked = false;
            return this;
        }

        /**
         * @param discard whether keys pressed before the recording are forgotten
         * @return this
         */
        public Builder discardEarlierKeys(boolean discard) {
            this.discardEarlierKeys = discard;
            return this;
        }

        /**
         * @param d audio cut before a finish key
         * @return this
         */
        public Builder keyToneTrim(Duration d) {
            this.keyToneTrim = d;
            return this;
        }

        /**
         * @param trim whether trailing silence is cut
         * @return this
         */
        public Builder trimSilence(boolean trim) {
            this.trimSilence = trim;
            return this;
        }

        /**
         * @param d silence kept after the last speech
         * @return this
         */
        public Builder silenceTail(Duration d) {
            this.silenceTail = d;
            return this;
        }

        /**
         * @param d how often the file is forced to disk
         * @return this
         */
        public Builder syncInterval(Duration d) {
            this.syncInterval = d;
            return this;
        }

        /**
         * @param l follows the recording
         * @return this
         */
        public Builder listener(RecordListener l) {
            this.listener = l;
            return this;
        }

        /** @return validated options */
        public RecordOptions build() {
            SilenceDetection detection = fixedAsked ? fixedThreshold(fixedThresholdDbfs) : silenceDetection;
            return new RecordOptions(target, maxDuration, finishKeys, silenceTimeout, detection,
                    discardEarlierKeys, keyToneTrim, trimSilence, silenceTail, syncInterval, listener);
        }
    }
}
