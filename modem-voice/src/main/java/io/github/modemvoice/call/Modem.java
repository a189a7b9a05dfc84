package io.github.modemvoice.call;

import io.github.modemvoice.internal.Threads;
import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.ModemLine;
import io.github.modemvoice.transport.Transport;
import io.github.modemvoice.transport.TransportLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A voice modem: initialises it for its dialect, watches for incoming calls and hands each one,
 * on its own thread, to the configured {@link CallHandler}. Tracks the call state
 * (IDLE, RINGING, ACTIVE, ENDED, IDLE).
 *
 * <p>It also keeps the modem in shape between calls. A module that restarts on its own
 * (brown-out, firmware watchdog) announces it ({@link ModemEvent.ModemRestarted}: {@code RDY},
 * {@code SMS DONE}, ...) and comes back with its default settings: once its announcements have
 * been quiet for {@link ModemConfig#restartSettle()}, it is initialised again on the same port; a
 * call that was up ends ({@link CallEndReason#TRANSPORT_LOST}, the recording keeps what it
 * captured). When idle, a watchdog probes the modem every {@link ModemConfig#watchdogInterval()}
 * (the dialect's {@link Dialect#checkHealth}); no answer, or settings lost, leads to the same
 * re-initialisation. When that fails the AT line is closed, so the modem counts as dead
 * ({@link #isAlive()}) and a {@link ModemSupervisor} reopens it.
 *
 * <pre>{@code
 * try (Modem modem = Modem.open(ModemConfig.builder()
 *         .atPort(new SerialTransport(SerialConfig.of("/dev/ttyUSB2")))
 *         .audioPort(new SerialTransport(SerialConfig.of("/dev/ttyUSB4")))
 *         .dialect(new SimcomDialect())
 *         .handler(call -> { try (CallSession s = call.answer()) { s.play(Path.of("greeting.wav")); } })
 *         .build())) {
 *     modem.awaitDead(Duration.ofDays(365));
 * }
 * }</pre>
 *
 * <p>Calls are handed to the handler one at a time: a call's handler starts once the handler of
 * the call before has returned (what it does after the hang-up, such as storing the message),
 * at most {@link #PREVIOUS_HANDLER_WAIT} later; the new call rings on meanwhile.
 *
 * <p>One file on purpose: the event loop (ring, caller id, keys, the call's end) and the upkeep (restart announcements, the idle watchdog probe, re-initialisation) run on the same single event thread, so that a restart never races a ringing call; moving the upkeep into a class of its own that this thread calls is the next split.
 */
public final class Modem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Modem.class);
    /** How often {@link #awaitDead} looks again without being told (see there). */
    private static final long LIVENESS_RECHECK_MS = 5000;
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final ModemConfig config;
    private final Dialect dialect;
    private final ScheduledExecutorService timer;
    /** The modem's own upkeep thread when the configuration brings no scheduler, else null. */
    private final ScheduledExecutorService ownUpkeep;
    private final UpkeepScheduler upkeep;
    /** Guards the upkeep state below. */
    private final Object upkeepLock = new Object();
    /** True from a restart's first announcement until the re-initialisation after it is done. */
    private boolean restartInProgress;
    private UpkeepScheduler.Task settleTask;
    private UpkeepScheduler.Task probeTask;
    /** Set when the upkeep closed the line itself (it logged why): the loss that follows is not news. */
    private volatile boolean closedByUpkeep;
    /** False until the first initialisation is done: announcements before that are the start-up's. */
    private volatile boolean started;
    /** Shared by every modem in the JVM, so call ids stay unique across modems and restarts within a second. */
    private static final AtomicLong callCounter = new AtomicLong();
    private final Object lock = new Object();
    private volatile ModemLine line;
    private CallState state = CallState.IDLE;
    private ModemCall current;
    private volatile boolean closed;
    private boolean closing;
    private final java.util.concurrent.CountDownLatch closeDone = new java.util.concurrent.CountDownLatch(1);
    private final java.util.Set<Thread> handlerThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** How long {@link #close()} waits for running call handlers to finish (store their messages). */
    private static final Duration HANDLER_JOIN = Duration.ofSeconds(15);

    private Modem(ModemConfig config) {
        this.config = config;
        this.dialect = config.dialect();
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.named(config.atPort().name() + "-timer"));
        if (config.upkeepScheduler() != null) {
            this.ownUpkeep = null;
            this.upkeep = config.upkeepScheduler();
        } else {
            this.ownUpkeep = Executors.newSingleThreadScheduledExecutor(Threads.named(config.atPort().name() + "-upkeep"));
            this.upkeep = (task, delay) -> {
                Future<?> f = ownUpkeep.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            };
        }
    }

    /**
     * Opens the ports, initialises the modem and starts watching for calls.
     *
     * @param config the configuration
     * @return the running modem
     * @throws ModemVoiceException (or a subtype) naming the port when the modem cannot be opened
     *                             or initialised; nothing is left open then
     */
    public static Modem open(ModemConfig config) {
        Modem m = new Modem(config);
        try {
            m.start();
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private void start() {
        line = ModemLine.open(dialect, config.atPort(), config.audioPort(), config.commandTimeout(), this::onEvent);
        Transport audio = config.audioPort();
        if (audio != null && !audio.isOpen()) {
            audio.open();
        }
        LOG.info("modem on {} ready ({} dialect)", line.name(), dialect.name());
        started = true;
        scheduleProbe();
    }

    /** @return the current call state */
    public CallState state() {
        synchronized (lock) {
            return state;
        }
    }

    /**
     * @return true until the modem is closed or one of its ports is lost: the AT port, or the
     *         audio port (a modem whose PCM port is gone would answer every caller and record
     *         nothing, so it counts as dead and the application reopens it)
     */
    public boolean isAlive() {
        Transport audio = config.audioPort();
        return !closed && line != null && line.isAlive() && (audio == null || audio.isOpen());
    }

    /** @return the AT port's name, e.g. {@code /dev/ttyUSB2}: what a log line names the modem by */
    public String portName() {
        return config.atPort().name();
    }

    /** @return the dialect in use */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Blocks until the modem is closed or its port is lost.
     *
     * @param timeout the longest wait
     * @return true when it is no longer alive
     */
    public boolean awaitDead(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    // every way the modem dies notifies the lock (the AT line's loss, close(), a
                    // failed re-initialisation), except the PCM port closing on its own: that one
                    // is seen by this re-check, every 5 s, which costs an idle daemon nothing
                    // measurable (BENCHMARKS.md, "Idle footprint")
                    lock.wait(Math.max(1, Math.min(left / 1_000_000, LIVENESS_RECHECK_MS)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** @return the answered call in progress, if any */
    public Optional<CallSession> activeSession() {
        synchronized (lock) {
            return current == null ? Optional.empty() : Optional.ofNullable(current.session);
        }
    }

    // ---------------------------------------------------------------- events (dispatcher thread)

    private void onEvent(ModemEvent event) {
        String portName = config.atPort().name();
        if (event instanceof ModemEvent.Ring) {
            onRing();
        } else if (event instanceof ModemEvent.CallerId) {
            onCallerId((ModemEvent.CallerId) event);
        } else if (event instanceof ModemEvent.Dtmf) {
            onDtmf((ModemEvent.Dtmf) event);
        } else if (event instanceof ModemEvent.MissedCall && currentSession() != null) {
            // a waiting second caller gave up: it is not the end of the call in progress
            LOG.debug("{}: missed call during an active call ignored", portName);
        } else if (event instanceof ModemEvent.CallEnded || event instanceof ModemEvent.MissedCall) {
            onRemoteEnd(event);
        } else if (event instanceof ModemEvent.ModemRestarted) {
            onRestarted((ModemEvent.ModemRestarted) event);
        } else if (event instanceof ModemEvent.TransportLost) {
            onTransportLost(((ModemEvent.TransportLost) event).reason());
        } else if (event instanceof ModemEvent.Unrecognized) {
            LOG.debug("{}: unrecognised line of {} chars", portName, ((ModemEvent.Unrecognized) event).line().length());
        }
    }

    /**
     * A key goes to the session; a key that arrives while the call is being answered (after
     * {@code ATA}, before the audio path is up and the session exists) is kept for the session.
     */
    private void onDtmf(ModemEvent.Dtmf key) {
        ModemCall call;
        synchronized (lock) {
            call = current;
        }
        if (call != null) {
            call.dtmf(key);
        }
    }

    private ModemCallSession currentSession() {
        synchronized (lock) {
            return current == null ? null : current.session;
        }
    }

    private void onRing() {
        ModemCall call;
        synchronized (lock) {
            if (current == null) {
                current = newCall();
            } else if (current.session != null) {
                return; // a RING during an active call (call waiting) is not a new call here
            }
            call = current;
        }
        call.ring();
    }

    private void onCallerId(ModemEvent.CallerId id) {
        ModemCall call;
        synchronized (lock) {
            if (current == null) {
                current = newCall();
            } else if (current.session != null) {
                return;
            }
            call = current;
        }
        call.callerId(CallerInfo.from(id));
    }

    private ModemCall newCall() {
        Instant now = config.clock().instant();
        String id = "call-" + ID_TIME.format(now) + "-" + callCounter.incrementAndGet();
        ModemCall call = new ModemCall(this, id, now);
        state = CallState.RINGING;
        lock.notifyAll();
        call.callerIdTimer = timer.schedule(() -> dispatch(call), config.effectiveCallerIdWait().toMillis(), TimeUnit.MILLISECONDS);
        call.rescheduleRingTimeout();
        LOG.info("{} ringing", id);
        return call;
    }

    private void onRemoteEnd(ModemEvent event) {
        ModemCall call;
        synchronized (lock) {
            call = current;
        }
        if (call == null) {
            return;
        }
        call.remoteEnded(event);
    }

    private void onTransportLost(String reason) {
        ModemCall call;
        synchronized (lock) {
            call = current;
            lock.notifyAll();
        }
        if (call != null) {
            call.transportLost();
        }
        if (closedByUpkeep) {
            LOG.debug("modem on {} closed after a failed re-initialisation: {}", config.atPort().name(), reason);
        } else if (!closed) {
            LOG.warn("modem on {} lost: {}", config.atPort().name(), reason);
        }
    }

    // ------------------------------------------------------------ upkeep: restarts and the watchdog

    /**
     * A boot announcement: the first of a burst logs the restart and ends a call that was up;
     * each one (re)starts the settle timer, so one restart leads to one re-initialisation.
     */
    private void onRestarted(ModemEvent.ModemRestarted event) {
        String portName = config.atPort().name();
        if (!started || closed) {
            LOG.debug("{}: boot announcement {} during start-up; the initialisation covers it", portName,
                    event.announcement());
            return;
        }
        boolean first;
        synchronized (upkeepLock) {
            first = !restartInProgress;
            restartInProgress = true;
            if (settleTask != null) {
                settleTask.cancel();
            }
            settleTask = upkeep.schedule(this::afterRestart, config.restartSettle());
        }
        if (!first) {
            LOG.debug("{}: boot announcement {}", portName, event.announcement());
            return;
        }
        LOG.warn("the modem on {} restarted ({}); initialising it again", portName, event.announcement());
        ModemCall call;
        synchronized (lock) {
            call = current;
        }
        if (call != null) {
            LOG.warn("{}: the modem restarted during the call; the call is over (what was recorded is kept)", call.id);
            call.transportLost();
        }
    }

    /** Upkeep thread: the restart's announcements have been quiet for the settle time. */
    private void afterRestart() {
        synchronized (upkeepLock) {
            settleTask = null;
        }
        if (closed || !line.isAlive()) {
            return;
        }
        if (callUp()) {
            // a call arrived (or the one the restart ended is still being stored): after it
            synchronized (upkeepLock) {
                if (settleTask == null) {
                    settleTask = upkeep.schedule(this::afterRestart, config.restartSettle());
                }
            }
            return;
        }
        reinitialise();
        synchronized (upkeepLock) {
            if (settleTask == null) {
                restartInProgress = false;
            }
        }
    }

    private boolean callUp() {
        synchronized (lock) {
            return current != null;
        }
    }

    private void scheduleProbe() {
        Duration every = config.watchdogInterval();
        if (every.isZero() || closed || !line.isAlive()) {
            return;
        }
        synchronized (upkeepLock) {
            probeTask = upkeep.schedule(this::probe, every);
        }
    }

    /**
     * Upkeep thread: the watchdog's probe, only when idle (no call, no command in flight, no
     * restart being handled). No answer, or settings lost, is a hiccup: initialise again.
     */
    private void probe() {
        try {
            if (closed || !line.isAlive()) {
                return;
            }
            boolean restarting;
            synchronized (upkeepLock) {
                restarting = restartInProgress;
            }
            if (restarting || callUp() || line.isBusy()) {
                return;
            }
            String problem;
            try {
                problem = line.checkHealth().orElse(null);
            } catch (TransportLostException e) {
                return; // the loss is reported as its own event
            }
            if (problem != null) {
                if (callUp()) {
                    LOG.debug("{}: watchdog: {}; a call has started meanwhile, not re-initialising",
                            config.atPort().name(), problem);
                    return;
                }
                LOG.warn("the modem on {} is not well: {}; initialising it again", config.atPort().name(), problem);
                reinitialise();
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: the watchdog's probe failed", config.atPort().name(), e);
        } finally {
            scheduleProbe();
        }
    }

    /**
     * Runs the dialect's initialisation again on the same line; when that fails the line is
     * closed, so the modem counts as dead and a supervisor reopens it.
     */
    private void reinitialise() {
        String portName = config.atPort().name();
        try {
            line.reinitialize();
            LOG.info("the modem on {} is initialised again", portName);
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            LOG.warn("the modem on {} could not be initialised again ({}); closing it, it counts as lost", portName,
                    e.getMessage());
            closedByUpkeep = true;
            line.close();
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    void callFinished(ModemCall call) {
        synchronized (lock) {
            if (current == call) {
                state = CallState.ENDED;
                current = null;
                state = CallState.IDLE;
                lock.notifyAll();
            }
        }
    }

    void dispatch(ModemCall call) {
        synchronized (call) {
            if (call.dispatched || call.ended) {
                return;
            }
            call.dispatched = true;
            if (call.callerIdTimer != null) {
                call.callerIdTimer.cancel(false);
            }
        }
        // one call at a time: the handler of the call before (storing its message after the
        // hang-up) finishes first, so its steps are told, and its disk use counted, before this
        // call's begin; this call rings on meanwhile
        List<Thread> earlier = List.copyOf(handlerThreads);
        Thread t = config.threadFactory().newThread(() -> {
            try {
                awaitEarlierHandlers(earlier, call);
                if (closed) {
                    LOG.debug("{}: the modem was closed while the call waited for the one before; not handed over", call.id);
                    return;
                }
                runHandler(call);
            } finally {
                handlerThreads.remove(Thread.currentThread());
            }
        });
        t.setName("modem-voice-" + call.id + "-handler");
        handlerThreads.add(t);
        t.start();
    }

    /** How long a new call waits for the previous call's handler to return before its own starts. */
    public static final Duration PREVIOUS_HANDLER_WAIT = Duration.ofSeconds(5);

    private void awaitEarlierHandlers(List<Thread> earlier, ModemCall call) {
        long deadline = System.nanoTime() + PREVIOUS_HANDLER_WAIT.toNanos();
        for (Thread previous : earlier) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                previous.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (previous.isAlive()) {
                LOG.warn("{}: the handler of the call before still runs after {} s; handing this call over anyway",
                        call.id, PREVIOUS_HANDLER_WAIT.toSeconds());
            }
        }
    }

    private void runHandler(ModemCall call) {
        boolean threw = false;
        try {
            call.askForCallerIdIfNone();
            config.handler().onIncomingCall(call);
        } catch (Throwable e) {
            threw = true;
            LOG.warn("{}: call handler failed; ending the call", call.id, e);
            if (e instanceof Error && !(e instanceof AssertionError)) {
                throw (Error) e;
            }
        } finally {
            boolean rejectIt = false;
            ModemCallSession session;
            synchronized (call) {
                if (call.decision == null) {
                    call.decision = threw ? ModemCall.Decision.REJECT : ModemCall.Decision.IGNORE;
                    rejectIt = threw && !call.ended;
                    call.notifyAll();
                }
                session = call.session;
            }
            if (rejectIt) {
                try {
                    line.reject();
                } catch (RuntimeException e) {
                    LOG.warn("{}: rejecting after a handler failure failed: {}", call.id, e.toString());
                }
                call.end();
            }
            if (session != null && session.isActive()) {
                session.hangup();
            }
        }
    }

    /** Stops watching, hangs up a call in progress, and closes the ports. Idempotent. */
    @Override
    public void close() {
        boolean first;
        synchronized (lock) {
            first = !closing;
            closing = true;
        }
        if (!first) {
            // another thread is closing: wait for it (a handler closing its own modem must not wait for itself)
            if (!handlerThreads.contains(Thread.currentThread())) {
                try {
                    closeDone.await(HANDLER_JOIN.toMillis() + 5000, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return;
        }
        try {
            ModemCallSession s = currentSession();
            if (s != null && s.isActive()) {
                try {
                    s.hangup();
                } catch (RuntimeException e) {
                    LOG.debug("hangup on close failed: {}", e.toString());
                }
            }
            closed = true;
            timer.shutdownNow();
            synchronized (upkeepLock) {
                if (settleTask != null) {
                    settleTask.cancel();
                }
                if (probeTask != null) {
                    probeTask.cancel();
                }
            }
            if (ownUpkeep != null) {
                ownUpkeep.shutdownNow();
            }
            if (line != null) {
                line.close();
            } else {
                config.atPort().close();
            }
            if (config.audioPort() != null) {
                config.audioPort().close();
            }
            synchronized (lock) {
                lock.notifyAll();
            }
            // let call handlers finish storing what they captured (the message must not be lost
            // because the application shuts down right after close())
            long deadline = System.nanoTime() + HANDLER_JOIN.toNanos();
            for (Thread t : handlerThreads) {
                if (t == Thread.currentThread()) {
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("a call handler is still running {} s after close(); not waiting longer",
                            HANDLER_JOIN.toSeconds());
                    break;
                }
                try {
                    t.join(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            closeDone.countDown();
        }
    }

    // ------------------------------------------------------------ for ModemCall

    Object lock() {
        return lock;
    }

    ModemLine line() {
        return line;
    }

    ModemConfig config() {
        return config;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** The call was answered: the modem's state follows if it is still the current call. */
    void callActive(ModemCall call) {
        synchronized (lock) {
            if (current == call) {
                state = CallState.ACTIVE;
                lock.notifyAll();
            }
        }
    }
}
