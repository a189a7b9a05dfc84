package io.github.modemvoice.call;

import io.github.modemvoice.audio.CallProgressTone;
import io.github.modemvoice.audio.MonotonicClock;
import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.internal.Durations;
import io.github.modemvoice.transport.Transport;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * Everything a {@link Modem} needs, validated by {@link Builder#build()} with an
 * {@link IllegalArgumentException} naming the field.
 *
 * @param atPort          the AT command port
 * @param audioPort       the PCM port for dialects that need one, else null
 * @param dialect         the modem family
 * @param handler         receives incoming calls
 * @param commandTimeout  the default AT command timeout
 * @param callerIdWait    how long after the first ring to wait for caller id (null: the dialect's)
 * @param ringTimeout     how long without a ring before a ringing, unanswered call counts as gone
 * @param clock           wall clock for time stamps
 * @param monotonicClock  the clock that paces playback
 * @param threadFactory   makes the per-call handler threads (e.g. virtual threads on Java 21)
 * @param inBandDtmf      whether to detect DTMF keys in the caller's audio as well (see
 *                        {@link Builder#inBandDtmf(boolean)})
 * @param watchdogInterval how often an idle modem is probed ({@link Builder#watchdogInterval});
 *                         zero: never
 * @param restartSettle    how long a restarted modem's announcements must have been quiet before
 *                         it is initialised again ({@link Builder#restartSettle})
 * @param upkeepScheduler  runs the watchdog and the re-initialisation after a restart; null: a
 *                         thread of the modem's own
 * @param callProgressTones the tone plans whose busy, congestion, dial and special information
 *                         tones, heard while recording, end the call as the caller's hang-up
 *                         ({@link Builder#callProgressTones}); empty: off
 */
public record ModemConfig(Transport atPort, Transport audioPort, Dialect dialect, CallHandler handler,
                          Duration commandTimeout, Duration callerIdWait, Duration ringTimeout, Clock clock,
                          MonotonicClock monotonicClock, ThreadFactory threadFactory, boolean inBandDtmf,
                          Duration watchdogInterval, Duration restartSettle, UpkeepScheduler upkeepScheduler,
                          Set<CallProgressTone.Plan> callProgressTones) {

    /** The default {@link #watchdogInterval()}. */
    public static final Duration DEFAULT_WATCHDOG_INTERVAL = Duration.ofSeconds(30);
    /** The default {@link #restartSettle()}. */
    public static final Duration DEFAULT_RESTART_SETTLE = Duration.ofSeconds(2);

    /** Validates. */
    public ModemConfig {
        if (atPort == null) {
            throw new IllegalArgumentException("atPort is required");
        }
        if (dialect == null) {
            throw new IllegalArgumentException("dialect is required");
        }
        if (dialect.needsAudioPort() && audioPort == null) {
            throw new IllegalArgumentException("audioPort is required for the " + dialect.name()
                    + " dialect (PCM audio travels on a separate serial port)");
        }
        if (handler == null) {
            throw new IllegalArgumentException("handler is required");
        }
        positive("commandTimeout", commandTimeout);
        if (callerIdWait != null && callerIdWait.isNegative()) {
            throw new IllegalArgumentException("callerIdWait must not be negative, was " + callerIdWait);
        }
        positive("ringTimeout", ringTimeout);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(monotonicClock, "monotonicClock");
        Objects.requireNonNull(threadFactory, "threadFactory");
        if (watchdogInterval == null || watchdogInterval.isNegative()) {
            throw new IllegalArgumentException("watchdogInterval must be zero (off) or positive, was " + watchdogInterval);
        }
        positive("restartSettle", restartSettle);
        callProgressTones = Set.copyOf(Objects.requireNonNull(callProgressTones, "callProgressTones"));
    }

    /**
     * The configuration with the default watchdog (30 s) and restart settle time (2 s), on the
     * modem's own upkeep thread.
     *
     * @param atPort         the AT command port
     * @param audioPort      the PCM port, or null
     * @param dialect        the modem family
     * @param handler        receives incoming calls
     * @param commandTimeout the default AT command timeout
     * @param callerIdWait   the caller-id wait, or null for the dialect's
     * @param ringTimeout    silence between rings after which a ringing call counts as gone
     * @param clock          wall clock
     * @param monotonicClock playback pacing clock
     * @param threadFactory  makes handler threads
     * @param inBandDtmf     whether to detect DTMF keys in the caller's audio as well
     */
    public ModemConfig(Transport atPort, Transport audioPort, Dialect dialect, CallHandler handler,
                       Duration commandTimeout, Duration callerIdWait, Duration ringTimeout, Clock clock,
                       MonotonicClock monotonicClock, ThreadFactory threadFactory, boolean inBandDtmf) {
        this(atPort, audioPort, dialect, handler, commandTimeout, callerIdWait, ringTimeout, clock, monotonicClock,
                threadFactory, inBandDtmf, DEFAULT_WATCHDOG_INTERVAL, DEFAULT_RESTART_SETTLE, null,
                EnumSet.allOf(CallProgressTone.Plan.class));
    }

    /**
     * The configuration without in-band DTMF detection (the form before that option existed).
     *
     * @param atPort         the AT command port
     * @param audioPort      the PCM port, or null
     * @param dialect        the modem family
     * @param handler        receives incoming calls
     * @param commandTimeout the default AT command timeout
     * @param callerIdWait   the caller-id wait, or null for the dialect's
     * @param ringTimeout    silence between rings after which a ringing call counts as gone
     * @param clock          wall clock
     * @param monotonicClock playback pacing clock
     * @param threadFactory  makes handler threads
     */
    public ModemConfig(Transport atPort, Transport audioPort, Dialect dialect, CallHandler handler,
                       Duration commandTimeout, Duration callerIdWait, Duration ringTimeout, Clock clock,
                       MonotonicClock monotonicClock, ThreadFactory threadFactory) {
        this(atPort, audioPort, dialect, handler, commandTimeout, callerIdWait, ringTimeout, clock, monotonicClock,
                threadFactory, false);
    }

    private static void positive(String field, Duration d) {
        Durations.requirePositive(field, d);
    }

    /** @return the caller-id wait in effect */
    public Duration effectiveCallerIdWait() {
        return callerIdWait != null ? callerIdWait : dialect.callerIdWait();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ModemConfig}. */
    public static final class Builder {
        private Transport atPort;
        private Transport audioPort;
        private Dialect dialect;
        private CallHandler handler;
        private Duration commandTimeout = Duration.ofSeconds(5);
        private Duration callerIdWait;
        private Duration ringTimeout = Duration.ofSeconds(8);
        private Clock clock = Clock.systemUTC();
        private MonotonicClock monotonicClock = MonotonicClock.system();
        private ThreadFactory threadFactory = r -> {
            Thread t = new Thread(r);
            t.setDaemon(false);
            return t;
        };
        private boolean inBandDtmf;
        private Set<CallProgressTone.Plan> callProgressTones = EnumSet.allOf(CallProgressTone.Plan.class);
        private Duration watchdogInterval = DEFAULT_WATCHDOG_INTERVAL;
        private Duration restartSettle = DEFAULT_RESTART_SETTLE;
        private UpkeepScheduler upkeepScheduler;

        private Builder() {
        }

        /**
         * @param t the AT port
         * @return this
         */
        public Builder atPort(Transport t) {
            this.atPort = t;
            return this;
        }

        /**
         * @param t the PCM audio port
         * @return this
         */
        public Builder audioPort(Transport t) {
            this.audioPort = t;
            return this;
        }

        /**
         * @param d the modem family
         * @return this
         */
        public Builder dialect(Dialect d) {
            this.dialect = d;
            return this;
        }

        /**
         * @param h receives incoming calls
         * @return this
         */
        public Builder handler(CallHandler h) {
            this.handler = h;
            return this;
        }

        /**
         * @param d default AT command timeout
         * @return this
         */
        public Builder commandTimeout(Duration d) {
            this.commandTimeout = d;
            return this;
        }

        /**
         * @param d wait for caller id after the first ring
         * @return this
         */
        public Builder callerIdWait(Duration d) {
            this.callerIdWait = d;
            return this;
        }

        /**
         * @param d silence between rings after which a ringing call counts as gone
         * @return this
         */
        public Builder ringTimeout(Duration d) {
            this.ringTimeout = d;
            return this;
        }

        /**
         * @param c wall clock
         * @return this
         */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /**
         * @param c playback pacing clock
         * @return this
         */
        public Builder monotonicClock(MonotonicClock c) {
            this.monotonicClock = c;
            return this;
        }

        /**
         * @param f makes handler threads
         * @return this
         */
        public Builder threadFactory(ThreadFactory f) {
            this.threadFactory = f;
            return this;
        }

        /**
         * Detects DTMF keys in the caller's audio too (default off), for modems whose own DTMF
         * reports are off, late or missing. While {@link CallSession#record} reads the caller's
         * audio, a Goertzel detector ({@link io.github.modemvoice.audio.DtmfDetector}, ITU-T
         * Q.24 limits) runs on it, and every key it hears joins the modem's keys in the same
         * queue: it can end the recording as a finish key (its tone is cut at the detected
         * start) and is seen by later {@code collectDtmf} calls. A key reported both in-band
         * and by the modem within one second counts
         * once. Keys pressed while no audio is being read (during {@code play} and
         * {@code collectDtmf}, where no dialect reads the caller's audio) still come only from
         * the modem. Works with every dialect.
         *
         * @param on true to detect keys in-band
         * @return this
         */
        public Builder inBandDtmf(boolean on) {
            this.inBandDtmf = on;
            return this;
        }

        /**
         * How often an idle modem is probed (default 30 s; {@link Duration#ZERO} turns the
         * watchdog off). The probe is the dialect's {@link Dialect#checkHealth}: {@code AT} by
         * default, a query that also proves the settings are still in force where the dialect
         * has one ({@code AT+CLIP?} for GSM modules, {@code AT+FCLASS?} for V.253 modems). It is
         * never sent while a call is up or a command is in flight. No answer within the command
         * timeout, or settings lost, is a hiccup: the modem is initialised again, and if that
         * fails its line is closed, so that {@link Modem#isAlive()} turns false (a
         * {@link ModemSupervisor} then reopens it).
         *
         * @param d the interval, zero for off
         * @return this
         */
        public Builder watchdogInterval(Duration d) {
            this.watchdogInterval = d;
            return this;
        }

        /**
         * How long a restarted modem's boot announcements ({@code RDY}, {@code +CPIN: READY},
         * {@code SMS DONE}, ...) must have been quiet before it is initialised again (default
         * 2 s), so that the few lines of one restart cause one re-initialisation.
         *
         * @param d the settle time, positive
         * @return this
         */
        public Builder restartSettle(Duration d) {
            this.restartSettle = d;
            return this;
        }

        /**
         * Which exchange tones heard while recording mean the caller has gone (default: every
         * plan). On analog lines the hang-up often never reaches the modem: the exchange plays
         * busy, congestion or dial tone into the line. When one of these plans' tones is heard,
         * the call ends as the caller's hang-up and the tone is cut off the recording (see
         * {@link io.github.modemvoice.audio.CallProgressDetector}). Works on any dialect, on the
         * PCM itself.
         *
         * @param plans the plans; empty: off
         * @return this
         */
        public Builder callProgressTones(Set<CallProgressTone.Plan> plans) {
            this.callProgressTones = Set.copyOf(Objects.requireNonNull(plans, "plans"));
            return this;
        }

        /**
         * Runs the watchdog and the re-initialisation after a restart (default: a thread of the
         * modem's own). Tests pass a manual scheduler to run the timing deterministically.
         *
         * @param s the scheduler, or null for the default
         * @return this
         */
        public Builder upkeepScheduler(UpkeepScheduler s) {
            this.upkeepScheduler = s;
            return this;
        }

        /** @return the validated configuration */
        public ModemConfig build() {
            return new ModemConfig(atPort, audioPort, dialect, handler, commandTimeout, callerIdWait, ringTimeout,
                    clock, monotonicClock, threadFactory, inBandDtmf, watchdogInterval, restartSettle, upkeepScheduler,
                    callProgressTones);
        }
    }
}
