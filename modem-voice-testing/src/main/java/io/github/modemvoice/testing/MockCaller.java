package io.github.modemvoice.testing;

import io.github.modemvoice.audio.MonotonicClock;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.call.CallEndReason;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.CallerInfo;
import io.github.modemvoice.call.DtmfInput;
import io.github.modemvoice.call.IncomingCall;
import io.github.modemvoice.call.PlayResult;
import io.github.modemvoice.call.RecordListener;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.internal.Threads;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;

/**
 * The caller's side of a {@link MockModem} call, in virtual time: what the caller says, the keys
 * they press and their hang-up form one timeline that reaches the host the way a network
 * delivers it, 20 ms of audio at a time, in step with the host:
 * <ul>
 *   <li>while the host plays a prompt, each 20 ms the host's playback waits for (its
 *       {@link MonotonicClock#sleepUntil}) carries 20 ms of the caller's timeline, on the host's
 *       thread: what the caller says during the greeting is on the line at that moment (and is
 *       dropped by the host, which is not recording), a key is reported then;</li>
 *   <li>while the host records, the caller's audio is delivered at most {@link #LEAD_BYTES}
 *       ahead of what the host has recorded (its {@link RecordListener#progress}, exact to the
 *       sample), each frame moving the clock 20 ms; a key or a hang-up comes when the host has
 *       recorded all the audio before it;</li>
 *   <li>while the host collects keys or waits for the end of the call, the timeline runs as fast
 *       as it is written;</li>
 *   <li>after a key the host is waiting for (a barge-in key of the prompt it plays, a finish key of
 *       its recording), the caller waits for the host's answer: nothing more of the timeline comes
 *       until that prompt or recording has ended, so how fast the host notices the key changes
 *       nothing in what it hears after; until the host reacts, its prompt plays in real time;</li>
 *   <li>between those steps (the host is busy elsewhere) and when the timeline is used up, the
 *       line carries nothing: a caller's silence is scripted ({@code pause}), as is waiting for the
 *       beep ({@code afterBeep}).</li>
 * </ul>
 * It knows what the host does through the {@link CallSession} it hands the handler (it wraps the
 * modem's), and its clock is the modem's {@link MonotonicClock}. Not API: {@link MockModem} is.
 */
final class MockCaller implements MonotonicClock {
    static final int FRAME_BYTES = 320;
    static final long FRAME_NANOS = 20_000_000L;
    /** How far the caller's audio may run ahead of the host's recording: 200 ms. */
    static final long LEAD_BYTES = 10L * FRAME_BYTES;
    private static final Duration PUMP_WAIT = Duration.ofSeconds(5);

    private enum Host { RINGING, IDLE, PLAYING, RECORDING, COLLECTING, WAITING_END, ENDED }

    private enum Mark { AFTER_BEEP, HANG_UP }

    private record Key(char key) {
    }

    private final Persona persona;
    private final MockTransport at;
    private final MockTransport pcm;
    /** byte[] audio, {@link Key}s and {@link Mark}s in the caller's order. */
    private final ArrayDeque<Object> script = new ArrayDeque<>();
    private int headOffset;
    private long now;
    private long lastTick;
    private Host host = Host.RINGING;
    /** The keys the host is waiting for in its current step (barge-in or finish keys). */
    private String hostKeys = "";
    private boolean waitingForHost;
    private boolean recordingStarted;
    private long emittedInRecording;
    private long recordedBytes;
    private boolean hungUp;
    private boolean closed;
    private final Thread line;

    MockCaller(Persona persona, MockTransport at, MockTransport pcm) {
        this.persona = persona;
        this.at = at;
        this.pcm = pcm;
        this.line = Threads.daemon(at.name() + "-caller", this::lineLoop);
        line.start();
    }

    // --- the caller's timeline ---

    synchronized void say(byte[] pcm16) {
        if ((pcm16.length & 1) != 0) {
            throw new IllegalArgumentException("16-bit PCM has an even number of bytes, got " + pcm16.length);
        }
        if (pcm16.length > 0) {
            script.add(pcm16.clone());
            notifyAll();
        }
    }

    synchronized void press(char key, byte[] tone) {
        script.add(tone);
        script.add(new Key(key));
        notifyAll();
    }

    synchronized void afterBeep() {
        script.add(Mark.AFTER_BEEP);
        notifyAll();
    }

    synchronized void hangUp() {
        script.add(Mark.HANG_UP);
        notifyAll();
    }

    /** A new call rings: the caller is on a fresh line. */
    synchronized void newCall() {
        host = Host.RINGING;
        hostKeys = "";
        waitingForHost = false;
        hungUp = false;
        notifyAll();
    }

    /** @return whether the caller has hung up (the hang-up was reported) */
    synchronized boolean hasHungUp() {
        return hungUp;
    }

    // --- the clock ---

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public void sleepUntil(long deadlineNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        boolean keyPending;
        synchronized (this) {
            if (deadlineNanos - now <= 0) {
                return;
            }
            now = deadlineNanos;
            while (host == Host.PLAYING && now - lastTick >= FRAME_NANOS) {
                lastTick += FRAME_NANOS;
                tick(false);
            }
            keyPending = host == Host.PLAYING && waitingForHost;
        }
        if (keyPending) {
            // the host has a barge-in key on its AT port and has not reacted yet: until it does, its
            // prompt plays in real time, as on a line, so it stops a frame or two after the key
            // whatever the machine's load (in virtual time it would race through the prompt)
            Thread.sleep(FRAME_NANOS / 1_000_000L);
        }
    }

    // --- delivery ---

    private void lineLoop() {
        synchronized (this) {
            while (!closed) {
                if (!lineMayTick() || !tick(true)) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** Whether the line (not the host's playback) moves the timeline now. */
    private boolean lineMayTick() {
        Object head = script.peek();
        if (head == null || hungUp) {
            return false;
        }
        return switch (host) {
            case RINGING -> head == Mark.HANG_UP;
            case RECORDING -> recordingStarted
                    && (!(head instanceof byte[]) || emittedInRecording - recordedBytes < LEAD_BYTES);
            case COLLECTING, WAITING_END -> head != Mark.AFTER_BEEP;
            default -> false;
        };
    }

    /**
     * Delivers the next step of the timeline: 20 ms of audio, a key or the hang-up (holding the
     * monitor).
     *
     * @param fromLine whether the line moves the clock (not the host's playback)
     * @return whether something was delivered
     */
    private boolean tick(boolean fromLine) {
        Object head = script.peek();
        if (head == null || hungUp || closed) {
            return false;
        }
        if (head == Mark.AFTER_BEEP) {
            if (host == Host.RECORDING && recordingStarted) {
                script.poll();
                return true;
            }
            return false;
        }
        if (waitingForHost) {
            return false;
        }
        if (!(head instanceof byte[])) {
            if (host == Host.RECORDING && recordedBytes < emittedInRecording) {
                return false; // the host has not recorded the audio before it yet
            }
            script.poll();
            if (head instanceof Key k) {
                at.emitLine(persona.dtmfLine(k.key()));
                if ((host == Host.PLAYING || host == Host.RECORDING) && hostKeys.indexOf(k.key()) >= 0) {
                    waitingForHost = true;
                }
            } else {
                at.emitLine(persona.remoteHangupLine("000012"));
                hungUp = true;
            }
            return true;
        }
        byte[] frame = takeFrame();
        pcm.emitBytes(frame);
        if (host == Host.RECORDING) {
            emittedInRecording += frame.length;
        }
        if (fromLine) {
            now += FRAME_NANOS;
            lastTick = now;
        }
        return true;
    }

    /** Up to 20 ms of audio from the consecutive audio segments at the head. */
    private byte[] takeFrame() {
        byte[] frame = new byte[FRAME_BYTES];
        int n = 0;
        while (n < FRAME_BYTES && script.peek() instanceof byte[] seg) {
            int take = Math.min(FRAME_BYTES - n, seg.length - headOffset);
            System.arraycopy(seg, headOffset, frame, n, take);
            n += take;
            headOffset += take;
            if (headOffset == seg.length) {
                script.poll();
                headOffset = 0;
            }
        }
        return n == FRAME_BYTES ? frame : Arrays.copyOf(frame, n);
    }

    // --- what the host does ---

    private synchronized void hostDoes(Host what, String keys) {
        host = what;
        hostKeys = keys;
        waitingForHost = false;
        lastTick = now;
        if (what == Host.RECORDING) {
            recordingStarted = false;
            emittedInRecording = 0;
            recordedBytes = 0;
        }
        notifyAll();
    }

    private synchronized void hostDone(Host was) {
        if (host == was) {
            host = Host.IDLE;
            hostKeys = "";
            waitingForHost = false;
            notifyAll();
        }
    }

    private synchronized void recordingStarted() {
        if (host == Host.RECORDING) {
            recordingStarted = true;
            notifyAll();
        }
    }

    private synchronized void recorded(Duration d) {
        if (host == Host.RECORDING) {
            recordedBytes = d.toNanos() / 125_000L * 2;
            notifyAll();
        }
    }

    /** Stops the line. */
    synchronized void close() {
        closed = true;
        host = Host.ENDED;
        notifyAll();
    }

    /** @return the call as the handler sees it, told to this caller */
    IncomingCall watch(IncomingCall call) {
        return new WatchedCall(call);
    }

    private final class WatchedCall implements IncomingCall {
        private final IncomingCall call;

        WatchedCall(IncomingCall call) {
            this.call = call;
        }

        @Override
        public String callId() {
            return call.callId();
        }

        @Override
        public CallerInfo caller() {
            return call.caller();
        }

        @Override
        public int ringCount() {
            return call.ringCount();
        }

        @Override
        public Instant firstRingAt() {
            return call.firstRingAt();
        }

        @Override
        public boolean awaitRings(int rings, Duration timeout) {
            return call.awaitRings(rings, timeout);
        }

        @Override
        public boolean isRinging() {
            return call.isRinging();
        }

        @Override
        public CallSession answer() {
            CallSession s = call.answer();
            hostDone(Host.RINGING);
            return new WatchedSession(s);
        }

        @Override
        public void reject() {
            hostDone(Host.RINGING);
            call.reject();
        }

        @Override
        public void deflect(String number) {
            hostDone(Host.RINGING);
            call.deflect(number);
        }

        @Override
        public void ignore() {
            call.ignore();
        }
    }

    private final class WatchedSession implements CallSession {
        private final CallSession s;

        WatchedSession(CallSession s) {
            this.s = s;
        }

        @Override
        public String callId() {
            return s.callId();
        }

        @Override
        public CallerInfo caller() {
            return s.caller();
        }

        @Override
        public Instant answeredAt() {
            return s.answeredAt();
        }

        @Override
        public PlayResult play(Prompt prompt, String bargeInKeys) {
            hostDoes(Host.PLAYING, bargeInKeys);
            try {
                return s.play(prompt, bargeInKeys);
            } finally {
                hostDone(Host.PLAYING);
            }
        }

        @Override
        public void cancelPlayback() {
            s.cancelPlayback();
        }

        @Override
        public boolean takeKey(char key) {
            return s.takeKey(key);
        }

        @Override
        public Recording record(RecordOptions o) {
            // what the caller said before this step has been read off the PCM port (and dropped):
            // only what comes from now on can reach the recording
            pcm.awaitReaderWaiting(PUMP_WAIT);
            hostDoes(Host.RECORDING, o.finishKeys());
            RecordListener theirs = o.listener();
            RecordListener tap = new RecordListener() {
                @Override
                public void started() {
                    theirs.started();
                    recordingStarted();
                }

                @Override
                public void progress(Duration recorded) {
                    theirs.progress(recorded);
                    recorded(recorded);
                }
            };
            try {
                return s.record(new RecordOptions(o.target(), o.maxDuration(), o.finishKeys(), o.silenceTimeout(),
                        o.silenceDetection(), o.discardEarlierKeys(), o.keyToneTrim(), o.trimSilence(),
                        o.silenceTail(), o.syncInterval(), tap));
            } finally {
                hostDone(Host.RECORDING);
            }
        }

        @Override
        public DtmfInput collectDtmf(int maxDigits, Duration timeout, Duration interDigitTimeout,
                                     Optional<Character> terminator) {
            hostDoes(Host.COLLECTING, "");
            try {
                return s.collectDtmf(maxDigits, timeout, interDigitTimeout, terminator);
            } finally {
                hostDone(Host.COLLECTING);
            }
        }

        @Override
        public DtmfInput playAndCollect(Prompt prompt, int maxDigits, Duration timeout, Duration interDigitTimeout,
                                        Optional<Character> terminator) {
            hostDoes(Host.COLLECTING, "");
            try {
                return s.playAndCollect(prompt, maxDigits, timeout, interDigitTimeout, terminator);
            } finally {
                hostDone(Host.COLLECTING);
            }
        }

        @Override
        public void sendDtmf(String digits) {
            s.sendDtmf(digits);
        }

        @Override
        public void hangup() {
            s.hangup();
            hostDoes(Host.ENDED, "");
        }

        @Override
        public boolean isActive() {
            return s.isActive();
        }

        @Override
        public Optional<CallEndReason> endReason() {
            return s.endReason();
        }

        @Override
        public boolean awaitEnd(Duration timeout) {
            hostDoes(Host.WAITING_END, "");
            try {
                return s.awaitEnd(timeout);
            } finally {
                hostDone(Host.WAITING_END);
            }
        }
    }
}
