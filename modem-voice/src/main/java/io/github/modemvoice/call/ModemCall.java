package io.github.modemvoice.call;

import io.github.modemvoice.internal.Threads;
import io.github.modemvoice.dialect.AudioChannel;
import io.github.modemvoice.dialect.CallGoneException;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.internal.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One incoming call of a {@link Modem} from first ring to end: ring counting, caller id, the
 * handler's one decision (answer, reject, deflect, ignore), keys pressed while it is being
 * answered, and the hand-over to its {@link ModemCallSession}. Guarded by its own monitor; the
 * modem's state by the modem's lock.
 */
final class ModemCall implements IncomingCall {
    /** The modem's logger: a call's lines belong to its modem's story. */
    private static final Logger LOG = LoggerFactory.getLogger(Modem.class);

    /**
     * A {@code RING} within this many milliseconds of the previous one is the same ring reported
     * again: some modules report each ring twice (their URCs go out on two multiplexer channels;
     * see docs/MODEM-FACTS.md, "RING reported twice"), while rings of one call are at least a
     * second apart on every line (ITU-T E.180 ringing cadences).
     */
    static final long RING_DEBOUNCE_MILLIS = 150;

    /** What the handler decided. */
    enum Decision { ANSWER, REJECT, DEFLECT, IGNORE }

    private final Modem modem;


    final String id;
    final Instant firstRingAt;
    int rings;
    /** The modem's monotonic clock's reading at the last ring counted. */
    private long lastRingNanos;
    CallerInfo caller = CallerInfo.unknown();
    /** Whether the modem reported caller id (in any presentation) for this call. */
    boolean callerIdCame;
    boolean dispatched;
    boolean ended;
    Decision decision;
    ModemCallSession session;
    ScheduledFuture<?> callerIdTimer;
    ScheduledFuture<?> ringTimer;
    /** Keys that came while the call was being answered, before its session existed. */
    final java.util.List<ModemEvent.Dtmf> earlyKeys = new java.util.ArrayList<>();

    ModemCall(Modem modem, String id, Instant firstRingAt) {
        this.modem = modem;
        this.id = id;
        this.firstRingAt = firstRingAt;
    }

    void ring() {
        boolean dispatchNow;
        synchronized (this) {
            long now = modem.config().monotonicClock().nanoTime();
            if (rings > 0 && now - lastRingNanos < TimeUnit.MILLISECONDS.toNanos(RING_DEBOUNCE_MILLIS)) {
                LOG.debug("{} the same ring reported again; counted once", id);
                return;
            }
            lastRingNanos = now;
            rings++;
            notifyAll();
            dispatchNow = rings >= 2 && !dispatched;
            if (session == null) {
                rescheduleRingTimeout();
            }
        }
        if (dispatchNow) {
            modem.dispatch(this);
        }
    }

    void callerId(CallerInfo info) {
        synchronized (this) {
            caller = info;
            callerIdCame = true;
            notifyAll();
        }
        LOG.info("{} caller {}", id, info.redacted());
        modem.dispatch(this);
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

    /**
     * No caller id came in time: asks the modem for the call's number (GSM {@code AT+CLCC}), so
     * that screening decides on what the network sent rather than on "unavailable". Runs on
     * the handler thread before the handler sees the call.
     */
    void askForCallerIdIfNone() {
        synchronized (this) {
            if (callerIdCame || ended) {
                return;
            }
        }
        java.util.Optional<ModemEvent.CallerId> id;
        try {
            id = modem.line().queryCallerId();
        } catch (RuntimeException e) {
            LOG.debug("{}: asking the modem for the caller id failed: {}", this.id, e.toString());
            return;
        }
        id.ifPresent(c -> callerId(CallerInfo.from(c)));
    }

    synchronized void rescheduleRingTimeout() {
        if (ringTimer != null) {
            ringTimer.cancel(false);
        }
        if (!modem.timer().isShutdown()) {
            ringTimer = modem.timer().schedule(this::ringTimeout, modem.config().ringTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void ringTimeout() {
        synchronized (this) {
            if (session != null || ended || decision == Decision.ANSWER) {
                return;
            }
        }
        LOG.info("{} stopped ringing", id);
        end();
    }

    void remoteEnded(ModemEvent event) {
        ModemCallSession s;
        synchronized (this) {
            s = session;
        }
        if (s != null) {
            if (s.markEnded(CallEndReason.CALLER_HANGUP)) {
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
        LOG.info("{} ended before it was answered", id);
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
        Threads.start(id + "-cleanup", () -> s.cleanup(hangUpLine));
    }

    void end() {
        synchronized (this) {
            if (ended && session == null) {
                modem.callFinished(this);
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
        modem.callFinished(this);
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
            modem.line().answer();
        } catch (CallGoneException e) {
            end();
            throw new CallEndedException(id + ": the caller hung up while the call was being answered");
        } catch (RuntimeException e) {
            end();
            throw e;
        }
        AudioChannel audio;
        try {
            audio = modem.line().openAudio();
        } catch (RuntimeException e) {
            try {
                modem.line().hangup();
            } catch (RuntimeException ignored) {
                LOG.debug("{}: hangup after failed audio setup failed", id);
            }
            end();
            throw e;
        }
        ModemCallSession s = new ModemCallSession(id, caller(), modem.line(), audio, modem.config().clock(),
                modem.config().monotonicClock(), modem.config().inBandDtmf(), modem.config().callProgressTones(),
                () -> sessionEnded());
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
        modem.callActive(this);
        LOG.info("{} answered", id);
        if (endedMeanwhile || !modem.line().isAlive()) {
            if (s.markEnded(modem.line().isAlive() ? CallEndReason.CALLER_HANGUP : CallEndReason.TRANSPORT_LOST)) {
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
        modem.callFinished(this);
    }

    @Override
    public void reject() {
        decideAndEnd(Decision.REJECT, () -> modem.line().reject(), "rejected");
    }

    @Override
    public void deflect(String number) {
        decideAndEnd(Decision.DEFLECT, () -> modem.line().deflect(number), "deflected");
    }

    /** Carries out a decision that gives the call away: the call ends here whatever the modem answers. */
    private void decideAndEnd(Decision d, Runnable onLine, String done) {
        decide(d);
        try {
            onLine.run();
            LOG.info("{} {}", id, done);
        } finally {
            end();
        }
    }

    @Override
    public void ignore() {
        decide(Decision.IGNORE);
        LOG.info("{} left ringing", id);
    }

    @Override
    public String toString() {
        return "IncomingCall[" + id + ", " + caller().redacted() + ", rings=" + ringCount() + "]";
    }
}
