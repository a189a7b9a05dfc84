package io.github.modemvoice.call;

import io.github.modemvoice.internal.Threads;
import io.github.modemvoice.ModemVoiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Keeps a {@link Modem} answering for months: when its port is lost (a USB modem re-enumerates,
 * a cable is pulled, the module reboots and its ports vanish) it closes everything, reopens the
 * ports with capped exponential backoff (1 s doubling to 30 s by default), initialises the modem
 * again and goes on answering with the same handler.
 *
 * <p>The configuration is a factory, called for every open: build new transports in it from the
 * port <em>paths</em>, so that a stable {@code /dev/serial/by-id/...} name is resolved again
 * each time (after re-enumeration it may point at another {@code /dev/ttyUSBn}).
 *
 * <pre>{@code
 * try (ModemSupervisor modem = ModemSupervisor.builder(() -> ModemConfig.builder()
 *                 .atPort(new SerialTransport(SerialConfig.of("/dev/serial/by-id/usb-SimTech-if02-port0")))
 *                 .audioPort(new SerialTransport(SerialConfig.of("/dev/serial/by-id/usb-SimTech-if04-port0")))
 *                 .dialect(new SimcomDialect())
 *                 .handler(handler)
 *                 .build())
 *         .listener((from, to, cause) -> metrics.modemState(to))
 *         .start()) {
 *     modem.awaitStopped(Duration.ofDays(365));
 * }
 * }</pre>
 *
 * <p>A recording in progress when the link drops is kept as a plain {@code Modem} keeps it: the
 * call handler ends with what it captured, and the old modem is closed only after that
 * ({@link Modem#close()} waits for its call handlers). Logging is one WARN when the modem goes
 * away and one INFO when it is back, with how long it was gone; each failed attempt is DEBUG.
 *
 * <p>The first open happens in {@link Builder#start()} and its failure is thrown to the caller
 * (a modem that never worked is a configuration problem, not a hiccup); every later loss is
 * retried until {@link #close()}. {@link Builder#startRetrying()} retries the first open too
 * (for an application serving several modems, where one absent modem must not stop the rest).
 */
public final class ModemSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModemSupervisor.class);

    /** Where the supervised modem is. */
    public enum State {
        /** Opening the modem for the first time ({@link Builder#start()}). */
        STARTING,
        /** Open, initialised and answering. */
        UP,
        /** Lost; the old modem is being closed (its call, if any, is being stored). */
        DOWN,
        /** Trying to open and initialise the modem again. */
        RECONNECTING,
        /** Closed by the application; nothing more will happen. */
        STOPPED
    }

    /** Observes state changes (called on the supervisor's thread, or the caller's for {@code STOPPED}). */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param from  the state before
         * @param to    the state now
         * @param cause why the modem went down or an attempt failed, when known
         */
        void stateChanged(State from, State to, Optional<Throwable> cause);
    }

    /** Waits between attempts; tests replace it to run backoff schedules instantly. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * @param duration how long
         * @throws InterruptedException when the supervisor is closed meanwhile
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Supplier<ModemConfig> configs;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration livenessPoll;
    private final Sleeper sleeper;
    private final Clock clock;
    private final List<Listener> listeners;
    private final Object lock = new Object();
    private State state = State.STARTING;
    private Modem modem;
    private Thread thread;
    private volatile boolean stopping;
    private long reconnects;
    private Instant since;

    private ModemSupervisor(Builder b) {
        this.configs = b.configs;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.livenessPoll = b.livenessPoll;
        this.sleeper = b.sleeper;
        this.clock = b.clock;
        this.listeners = new CopyOnWriteArrayList<>(b.listeners);
        this.since = clock.instant();
    }

    /**
     * @param configs builds a fresh configuration (with new, unopened transports) for every open
     * @return a builder
     */
    public static Builder builder(Supplier<ModemConfig> configs) {
        return new Builder(configs);
    }

    /** @return the current state */
    public State state() {
        synchronized (lock) {
            return state;
        }
    }

    /** @return when the current state began */
    public Instant since() {
        synchronized (lock) {
            return since;
        }
    }

    /** @return how often the modem came back after a loss */
    public long reconnects() {
        synchronized (lock) {
            return reconnects;
        }
    }

    /** @return the modem while it is up */
    public Optional<Modem> modem() {
        synchronized (lock) {
            return state == State.UP ? Optional.of(modem) : Optional.empty();
        }
    }

    /**
     * Waits for a state.
     *
     * @param wanted  the state
     * @param timeout the longest wait
     * @return true when it was reached
     * @throws InterruptedException when interrupted
     */
    public boolean awaitState(State wanted, Duration timeout) throws InterruptedException {
        // saturated: a timeout of centuries (longer than a long of nanoseconds) means "until it happens"
        long nanos = timeout.compareTo(Duration.ofDays(365L * 100)) > 0 ? Duration.ofDays(365L * 100).toNanos() : timeout.toNanos();
        long deadline = System.nanoTime() + nanos;
        synchronized (lock) {
            while (state != wanted) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * Blocks until {@link #close()} stopped the supervisor.
     *
     * @param timeout the longest wait
     * @return true when stopped
     * @throws InterruptedException when interrupted
     */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return awaitState(State.STOPPED, timeout);
    }

    private void open() {
        Modem m = Modem.open(configs.get());
        synchronized (lock) {
            modem = m;
        }
    }

    private void run() {
        boolean opened;
        synchronized (lock) {
            opened = modem != null;
        }
        if (!opened && !firstOpen()) {
            return;
        }
        while (!stopping) {
            Modem current;
            synchronized (lock) {
                current = modem;
            }
            if (current.isAlive()) {
                current.awaitDead(livenessPoll);
                continue;
            }
            if (stopping) {
                return;
            }
            Instant lostAt = clock.instant();
            LOG.warn("the modem on {} ({}) was lost; reconnecting (retrying with backoff up to {} s)",
                    current.portName(), current.dialect().name(), maxBackoff.toSeconds());
            transition(State.DOWN, Optional.empty());
            current.close(); // waits for a call handler still storing what it captured
            if (!reconnect(lostAt)) {
                return;
            }
        }
    }

    /**
     * {@link Builder#startRetrying()}: the first open, at once, then with backoff until it works.
     *
     * @return false when stopped before the modem opened
     */
    private boolean firstOpen() {
        try {
            open();
            transition(State.UP, Optional.empty());
            return true;
        } catch (ModemVoiceException | IllegalStateException e) {
            LOG.warn("cannot open the modem yet ({}); retrying with backoff up to {} s", e.getMessage(), maxBackoff.toSeconds());
            notifyFailure(e);
        }
        return reconnect(clock.instant(), false);
    }

    /** @return false when stopped while reconnecting */
    private boolean reconnect(Instant lostAt) {
        return reconnect(lostAt, true);
    }

    /**
     * @param lostAt  when the modem went away (or the first attempt failed)
     * @param counted whether success counts as a reconnect (not for a first open)
     * @return false when stopped while reconnecting
     */
    private boolean reconnect(Instant lostAt, boolean counted) {
        Duration backoff = initialBackoff;
        int attempts = 0;
        while (!stopping) {
            transition(State.RECONNECTING, Optional.empty());
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                return false;
            }
            if (stopping) {
                return false;
            }
            attempts++;
            try {
                open();
                String port;
                synchronized (lock) {
                    if (counted) {
                        reconnects++;
                    }
                    port = modem.portName();
                }
                Duration gone = Duration.between(lostAt, clock.instant());
                LOG.info("the modem on {} is back after {} s ({} attempt{})", port, String.format(Locale.ROOT, "%.1f",
                        gone.toMillis() / 1000.0), attempts, attempts == 1 ? "" : "s");
                transition(State.UP, Optional.empty());
                return true;
            } catch (ModemVoiceException | IllegalStateException e) {
                LOG.debug("reconnect attempt {} failed: {}", attempts, e.getMessage());
                notifyFailure(e);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
        return false;
    }

    private void notifyFailure(Throwable cause) {
        for (Listener l : listeners) {
            try {
                l.stateChanged(State.RECONNECTING, State.RECONNECTING, Optional.of(cause));
            } catch (RuntimeException e) {
                LOG.warn("a supervisor listener failed: {}", e.toString());
            }
        }
    }

    private void transition(State to, Optional<Throwable> cause) {
        State from;
        synchronized (lock) {
            from = state;
            if (from == to || from == State.STOPPED) {
                return;
            }
            state = to;
            since = clock.instant();
            lock.notifyAll();
        }
        for (Listener l : listeners) {
            try {
                l.stateChanged(from, to, cause);
            } catch (RuntimeException e) {
                LOG.warn("a supervisor listener failed: {}", e.toString());
            }
        }
    }

    /**
     * Stops supervising and closes the modem: a call in progress is hung up and its recording
     * stored first ({@link Modem#close()} waits for the handler).
     */
    @Override
    public void close() {
        Thread t;
        Modem m;
        synchronized (lock) {
            if (state == State.STOPPED) {
                return;
            }
            stopping = true;
            t = thread;
            m = modem;
        }
        if (m != null) {
            m.close();
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            m = modem; // a reconnect may have opened one just before it saw the stop
        }
        if (m != null) {
            m.close();
        }
        transition(State.STOPPED, Optional.empty());
    }

    /** Builds and starts a supervisor. */
    public static final class Builder {
        private final Supplier<ModemConfig> configs;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        // Modem.awaitDead wakes at once when the modem dies, so this only bounds a wait: long, so
        // that an idle supervisor does not wake several times a second (BENCHMARKS.md, idle)
        private Duration livenessPoll = Duration.ofSeconds(30);
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        private Clock clock = Clock.systemUTC();
        private final List<Listener> listeners = new java.util.ArrayList<>();

        private Builder(Supplier<ModemConfig> configs) {
            this.configs = Objects.requireNonNull(configs, "configs");
        }

        /**
         * @param initial the first wait after a loss (default 1 s), doubled after each failed attempt
         * @param max     the longest wait between attempts (default 30 s)
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration max) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || initial.isZero()) {
                throw new IllegalArgumentException("backoff initial must be positive, was " + initial);
            }
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff max must be at least initial (" + initial + "), was " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * @param listener observes state changes
         * @return this builder
         */
        public Builder listener(Listener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param sleeper waits between attempts (tests: instant)
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * @param clock tells how long the modem was gone (default: system UTC)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Opens the modem (a failure here is thrown: nothing is retried before the modem worked
         * once) and starts supervising it.
         *
         * @return the running supervisor
         * @throws ModemVoiceException when the first open or initialisation fails
         */
        public ModemSupervisor start() {
            ModemSupervisor s = new ModemSupervisor(this);
            s.open();
            s.transition(State.UP, Optional.empty());
            return s.supervise();
        }

        /**
         * Starts supervising without waiting for the modem: the first open happens on the
         * supervisor's thread, at once and then with the same backoff as a reconnect until it
         * works (state {@code STARTING}, then {@code RECONNECTING} after a failed attempt, whose
         * cause the listeners get, then {@code UP}). For an application serving several modems,
         * where one that is absent at start must not keep the others from answering. The first
         * success does not count as a reconnect.
         *
         * @return the running supervisor
         */
        public ModemSupervisor startRetrying() {
            return new ModemSupervisor(this).supervise();
        }
    }

    private ModemSupervisor supervise() {
        Thread t = Threads.daemon("supervisor", this::run);
        synchronized (lock) {
            thread = t;
        }
        t.start();
        return this;
    }
}
