package io.github.modemvoice.call;

import io.github.modemvoice.internal.Deadline;

import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.dialect.AudioChannel;
import io.github.modemvoice.dialect.CallGoneException;
import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.ModemLine;
import io.github.modemvoice.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A voice modem: initialises it for its dialect, watches for incoming calls and hands each one,
 * on its own thread, to the configured {@link CallHandler}. Tracks the call state
 * (IDLE, RINGING, ACTIVE, ENDED, IDLE).
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
 */
public final class Modem implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Modem.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final ModemConfig config;
    private final Dialect dialect;
    private final ScheduledExecutorService timer;
    /** Shared by every modem in the JVM, so call ids stay unique across modems and restarts within a second. */
    private static final AtomicLong callCounter = new AtomicLong();
    private final Object lock = new Object();
    private volatile ModemLine line;
    private CallState state = CallState.IDLE;
    private Call current;
    private volatile boolean closed;
    private boolean closing;
    private final java.util.concurrent.CountDownLatch closeDone = new java.util.concurrent.CountDownLatch(1);
    private final java.util.Set<Thread> handlerThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** How long {@link #close()} waits for running call handlers to finish (store their messages). */
    private static final Duration HANDLER_JOIN = Duration.ofSeconds(15);

    private Modem(ModemConfig config) {
        this.config = config;
        this.dialect = config.dialect();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "modem-voice-" + config.atPort().name() + "-timer");
            t.setDaemon(true);
            return t;
        });
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
        log.info("modem on {} ready ({} dialect)", line.name(), dialect.name());
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
                    lock.wait(Math.max(1, Math.min(left / 1_000_000, 500)));
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
            log.debug("{}: missed call during an active call ignored", portName);
        } else if (event instanceof ModemEvent.CallEnded || event instanceof ModemEvent.MissedCall) {
            onRemoteEnd(event);
        } else if (event instanceof ModemEvent.TransportLost) {
            onTransportLost(((ModemEvent.TransportLost) event).reason());
        } else if (event instanceof ModemEvent.Unrecognized) {
            log.debug("{}: unrecognised line of {} chars", portName, ((ModemEvent.Unrecognized) event).line().length());
        }
    }

    /**
     * A key goes to the session; a key that arrives while the call is being answered (after
     * {@code ATA}, before the audio path is up and the session exists) is kept for the session.
     */
    private void onDtmf(ModemEvent.Dtmf key) {
        Call call;
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
        Call call;
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
        Call call;
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

    private Call newCall() {
        Instant now = config.clock().instant();
        String id = "call-" + ID_TIME.format(now) + "-" + callCounter.incrementAndGet();
        Call call = new Call(id, now);
        state = CallState.RINGING;
        lock.notifyAll();
        call.callerIdTimer = timer.schedule(() -> dispatch(call), config.effectiveCallerIdWait().toMillis(), TimeUnit.MILLISECONDS);
        call.rescheduleRingTimeout();
        log.info("{} ringing", id);
        return call;
    }

    private void onRemoteEnd(ModemEvent event) {
        Call call;
        synchronized (lock) {
            call = current;
        }
        if (call == null) {
            return;
        }
        call.remoteEnded(event);
    }

    private void onTransportLost(String reason) {
        Call call;
        synchronized (lock) {
            call = current;
            lock.notifyAll();
        }
        if (call != null) {
            call.transportLost();
        }
        if (!closed) {
            log.warn("modem on {} lost: {}", config.atPort().name(), reason);
        }
    }

    private void callFinished(Call call) {
        synchronized (lock) {
            if (current == call) {
                state = CallState.ENDED;
                current = null;
                state = CallState.IDLE;
                lock.notifyAll();
            }
        }
    }

    private void dispatch(Call call) {
        synchronized (call) {
            if (call.dispatched || call.ended) {
                return;
            }
            call.dispatched = true;
            if (call.callerIdTimer != null) {
                call.callerIdTimer.cancel(false);
            }
        }
        Thread t = config.threadFactory().newThread(() -> {
            try {
                runHandler(call);
            } finally {
                handlerThreads.remove(Thread.currentThread());
            }
        });
        t.setName("modem-voice-" + call.id + "-handler");
        handlerThreads.add(t);
        t.start();
    }

    private void runHandler(Call call) {
        boolean threw = false;
        try {
            config.handler().onIncomingCall(call);
        } catch (Throwable e) {
            threw = true;
            log.warn("{}: call handler failed; ending the call", call.id, e);
            if (e instanceof Error && !(e instanceof AssertionError)) {
                throw (Error) e;
            }
        } finally {
            boolean rejectIt = false;
            ModemCallSession session;
            synchronized (call) {
                if (call.decision == null) {
                    call.decision = threw ? Decision.REJECT : Decision.IGNORE;
                    rejectIt = threw && !call.ended;
                    call.notifyAll();
                }
                session = call.session;
            }
            if (rejectIt) {
                try {
                    line.reject();
                } catch (RuntimeException e) {
                    log.warn("{}: rejecting after a handler failure failed: {}", call.id, e.toString());
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
                    log.debug("hangup on close failed: {}", e.toString());
                }
            }
            closed = true;
            timer.shutdownNow();
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
                    log.warn("a call handler is still running {} s after close(); not waiting longer",
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

    private enum Decision { ANSWER, REJECT, DEFLECT, IGNORE }

    /** One incoming call from first ring to end. Guarded by its own monitor. */
    private final class Call implements IncomingCall {
        final String id;
        final Instant firstRingAt;
        int rings;
        CallerInfo caller = CallerInfo.unknown();
        boolean dispatched;
        boolean ended;
        Decision decision;
        ModemCallSession session;
        ScheduledFuture<?> callerIdTimer;
        ScheduledFuture<?> ringTimer;
        /** Keys that came while the call was being answered, before its session existed. */
        final java.util.List<ModemEvent.Dtmf> earlyKeys = new java.util.ArrayList<>();

        Call(String id, Instant firstRingAt) {
            this.id = id;
            this.firstRingAt = firstRingAt;
        }

        void ring() {
            boolean dispatchNow;
            synchronized (this) {
                rings++;
                notifyAll();
                dispatchNow = rings >= 2 && !dispatched;
                if (session == null) {
                    rescheduleRingTimeout();
                }
            }
            if (dispatchNow) {
                dispatch(this);
            }
        }

        void callerId(CallerInfo info) {
            synchronized (this) {
                caller = info;
                notifyAll();
            }
            log.info("{} caller {}", id, info.redacted());
            dispatch(this);
        }

        void dtmf(ModemEvent.Dtmf key) {
            ModemCallSession s;
            synchronized (this) {
                s = session;
                if (s == null) {
                    if (decision == Decision.ANSWER && !ended) {
                        earlyKeys.add(key);
                    }
                    return;
                }
            }
            s.onDtmf(key);
        }

        synchronized void rescheduleRingTimeout() {
            if (ringTimer != null) {
                ringTimer.cancel(false);
            }
            if (!timer.isShutdown()) {
                ringTimer = timer.schedule(this::ringTimeout, config.ringTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void ringTimeout() {
            synchronized (this) {
                if (session != null || ended || decision == Decision.ANSWER) {
                    return;
                }
            }
            log.info("{} stopped ringing", id);
            end();
        }

        void remoteEnded(ModemEvent event) {
            ModemCallSession s;
            synchronized (this) {
                s = session;
            }
            if (s != null) {
                if (s.markEnded(CallEndReason.REMOTE_HANGUP)) {
                    boolean onHook = event instanceof ModemEvent.CallEnded
                            && (((ModemEvent.CallEnded) event).signal() == ModemEvent.EndSignal.BUSY_TONE
                            || ((ModemEvent.CallEnded) event).signal() == ModemEvent.EndSignal.DIAL_TONE);
                    runCleanup(s, onHook);
                }
                return;
            }
            synchronized (this) {
                if (decision == Decision.ANSWER) {
                    ended = true; // answer() in progress will see it
                    notifyAll();
                    return;
                }
            }
            log.info("{} ended before it was answered", id);
            end();
        }

        void transportLost() {
            ModemCallSession s;
            synchronized (this) {
                s = session;
            }
            if (s != null) {
                if (s.markEnded(CallEndReason.TRANSPORT_LOST)) {
                    runCleanup(s, false);
                }
                return;
            }
            end();
        }

        private void runCleanup(ModemCallSession s, boolean hangUpLine) {
            Thread t = new Thread(() -> s.cleanup(hangUpLine), "modem-voice-" + id + "-cleanup");
            t.setDaemon(true);
            t.start();
        }

        void end() {
            synchronized (this) {
                if (ended && session == null) {
                    callFinished(this);
                    return;
                }
                ended = true;
                if (callerIdTimer != null) {
                    callerIdTimer.cancel(false);
                }
                if (ringTimer != null) {
                    ringTimer.cancel(false);
                }
                notifyAll();
            }
            callFinished(this);
        }

        // ------------------------------------------------ IncomingCall

        @Override
        public String callId() {
            return id;
        }

        @Override
        public synchronized CallerInfo caller() {
            return caller;
        }

        @Override
        public synchronized int ringCount() {
            return rings;
        }

        @Override
        public Instant firstRingAt() {
            return firstRingAt;
        }

        @Override
        public boolean awaitRings(int count, Duration timeout) {
            Deadline deadline = Deadline.after(timeout);
            synchronized (this) {
                try {
                    deadline.await(this, () -> rings >= count || ended);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new io.github.modemvoice.OperationInterruptedException("awaitRings", e);
                }
                return rings >= count && !ended;
            }
        }

        @Override
        public synchronized boolean isRinging() {
            return !ended && decision == null;
        }

        private void decide(Decision d) {
            synchronized (this) {
                if (decision != null) {
                    throw new IllegalStateException(id + ": already decided (" + decision.name().toLowerCase() + ")");
                }
                if (ended) {
                    decision = d;
                    throw new CallEndedException(id + ": the caller hung up before the call was "
                            + (d == Decision.ANSWER ? "answered" : "handled"));
                }
                decision = d;
                if (ringTimer != null && d == Decision.ANSWER) {
                    ringTimer.cancel(false);
                }
            }
        }

        @Override
        public CallSession answer() {
            decide(Decision.ANSWER);
            try {
                line.answer();
            } catch (CallGoneException e) {
                end();
                throw new CallEndedException(id + ": the caller hung up while the call was being answered");
            } catch (RuntimeException e) {
                end();
                throw e;
            }
            AudioChannel audio;
            try {
                audio = line.openAudio();
            } catch (RuntimeException e) {
                try {
                    line.hangup();
                } catch (RuntimeException ignored) {
                    log.debug("{}: hangup after failed audio setup failed", id);
                }
                end();
                throw e;
            }
            ModemCallSession s = new ModemCallSession(id, caller(), line, audio, config.clock(),
                    config.monotonicClock(), config.inBandDtmf(), () -> sessionEnded());
            boolean endedMeanwhile;
            synchronized (this) {
                // keys pressed while the call was being answered, in order, before any later one
                for (ModemEvent.Dtmf k : earlyKeys) {
                    s.onDtmf(k);
                }
                earlyKeys.clear();
                session = s;
                endedMeanwhile = ended;
            }
            synchronized (lock) {
                if (current == this) {
                    state = CallState.ACTIVE;
                    lock.notifyAll();
                }
            }
            log.info("{} answered", id);
            if (endedMeanwhile || !line.isAlive()) {
                if (s.markEnded(line.isAlive() ? CallEndReason.REMOTE_HANGUP : CallEndReason.TRANSPORT_LOST)) {
                    runCleanup(s, false);
                }
            }
            return s;
        }

        private void sessionEnded() {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
            callFinished(this);
        }

        @Override
        public void reject() {
            decide(Decision.REJECT);
            try {
                line.reject();
                log.info("{} rejected", id);
            } finally {
                end();
            }
        }

        @Override
        public void deflect(String number) {
            decide(Decision.DEFLECT);
            try {
                line.deflect(number);
                log.info("{} deflected", id);
            } finally {
                end();
            }
        }

        @Override
        public void ignore() {
            decide(Decision.IGNORE);
            log.info("{} left ringing", id);
        }

        @Override
        public String toString() {
            return "IncomingCall[" + id + ", " + caller().redacted() + ", rings=" + ringCount() + "]";
        }
    }

}
