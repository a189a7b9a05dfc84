package io.github.modemvoice.call;

import io.github.modemvoice.internal.Threads;
import io.github.modemvoice.audio.CallProgressDetector;
import io.github.modemvoice.audio.CallProgressTone;
import io.github.modemvoice.audio.DtmfDetector;
import io.github.modemvoice.audio.MonotonicClock;
import io.github.modemvoice.audio.PlaybackPacer;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.SilenceDetector;
import io.github.modemvoice.audio.AudioStorageException;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.dialect.AudioChannel;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.ModemLine;
import io.github.modemvoice.internal.Deadline;
import io.github.modemvoice.internal.DtmfKeys;
import io.github.modemvoice.internal.Interrupts;
import io.github.modemvoice.transport.TransportLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link CallSession} of a {@link Modem}: PCM through the dialect's audio channel, events from the modem.
 *
 * <p>One file on purpose: the session's primitives over one event queue; the capture loop of {@code record} is
 * its own inner {@code Capture}.
 */
final class ModemCallSession implements CallSession {
    private static final Logger LOG = LoggerFactory.getLogger(ModemCallSession.class);
    private static final int FRAME_BYTES = 320;
    private static final int BYTES_PER_SECOND = 16000;
    private static final String ALL_KEYS = DtmfKeys.ALL;
    /**
     * A key reported by the modem and detected in-band within this many milliseconds of each
     * other is one key press (modems often report a key only when its tone ends).
     */
    static final long DTMF_DEDUP_WINDOW_MILLIS = 1000;

    private final String callId;
    private final CallerInfo caller;
    private final Instant answeredAt;
    private final ModemLine line;
    private final AudioChannel audio;
    private final Clock clock;
    private final MonotonicClock mono;
    private final boolean inBandDtmf;
    private final Set<CallProgressTone.Plan> tonePlans;
    private final Runnable onEnd;

    private final Object monitor = new Object();
    private final ArrayDeque<ModemEvent.Dtmf> keys = new ArrayDeque<>();
    /** Recent key presses and which source reported them: for de-duplication (in-band mode only). */
    private final ArrayDeque<KeyPress> recentPresses = new ArrayDeque<>();
    private CallEndReason endReason;
    private boolean cleanedUp;
    private volatile boolean cancelPlayback;

    ModemCallSession(String callId, CallerInfo caller, ModemLine line, AudioChannel audio, Clock clock,
                     MonotonicClock mono, boolean inBandDtmf, Set<CallProgressTone.Plan> tonePlans, Runnable onEnd) {
        this.callId = callId;
        this.caller = caller;
        this.line = line;
        this.audio = audio;
        this.clock = clock;
        this.mono = mono;
        this.inBandDtmf = inBandDtmf;
        this.tonePlans = Set.copyOf(tonePlans);
        this.onEnd = onEnd;
        this.answeredAt = clock.instant();
    }

    // ------------------------------------------------------------ events (dispatcher thread)

    /** A key the modem reported. */
    void onDtmf(ModemEvent.Dtmf key) {
        offerKey(key, false);
    }

    /** A key the in-band detector heard in the caller's audio (call handler thread). */
    void onInBandDtmf(char key) {
        offerKey(new ModemEvent.Dtmf(key, Optional.empty()), true);
    }

    /**
     * Queues a key, unless it is the other source's report of a press already queued: with
     * in-band detection on, each press is remembered for {@value #DTMF_DEDUP_WINDOW_MILLIS} ms
     * with the sources that reported it; a report of the same key from a source that has not yet
     * reported that press is matched to the oldest such press and dropped. Two presses of one
     * key are still two keys, as each source reports each press once.
     */
    private void offerKey(ModemEvent.Dtmf key, boolean inBand) {
        long now = System.nanoTime();
        synchronized (monitor) {
            if (endReason != null) {
                return;
            }
            if (inBandDtmf) {
                long window = DTMF_DEDUP_WINDOW_MILLIS * 1_000_000L;
                for (Iterator<KeyPress> it = recentPresses.iterator(); it.hasNext(); ) {
                    KeyPress p = it.next();
                    if (now - p.nanos > window) {
                        it.remove();
                    } else if (p.key == key.key() && (inBand ? !p.inBand : !p.byModem)) {
                        if (inBand) {
                            p.inBand = true;
                        } else {
                            p.byModem = true;
                        }
                        LOG.debug("call {}: key reported in-band and by the modem; counted once", callId);
                        return;
                    }
                }
                recentPresses.add(new KeyPress(key.key(), now, inBand));
            }
            keys.add(key);
            monitor.notifyAll();
        }
    }

    /** One key press and the sources that reported it. Guarded by {@code monitor}. */
    private static final class KeyPress {
        final char key;
        final long nanos;
        boolean inBand;
        boolean byModem;

        KeyPress(char key, long nanos, boolean inBand) {
            this.key = key;
            this.nanos = nanos;
            this.inBand = inBand;
            this.byModem = !inBand;
        }
    }

    /**
     * The call ended on the far side or the transport went away. Marks the session ended and
     * wakes every waiter; returns true when this call did it (the caller then runs cleanup off
     * the event thread).
     */
    boolean markEnded(CallEndReason reason) {
        synchronized (monitor) {
            if (endReason != null) {
                return false;
            }
            endReason = reason;
            monitor.notifyAll();
        }
        audio.callEnded();
        LOG.info("call {} ended: {}", callId, reason);
        return true;
    }

    /** Releases the audio path and, when the dialect needs it, puts the line on hook. Once. */
    void cleanup(boolean hangUpLine) {
        synchronized (monitor) {
            if (cleanedUp) {
                return;
            }
            cleanedUp = true;
        }
        // releasing the audio path and hanging up are bounded by their own timeouts and must
        // happen even on an interrupted thread (a V.253 modem left in a voice phase ignores ATH
        // and keeps the line off hook): the flag is cleared for them and restored afterwards
        try {
            Interrupts.runCleared(() -> {
                try {
                    audio.close();
                    if (hangUpLine && line.isAlive()) {
                        line.hangup();
                    }
                } catch (TransportLostException e) {
                    LOG.debug("call {}: transport gone during cleanup", callId);
                } catch (RuntimeException e) {
                    LOG.warn("call {}: cleanup failed: {}", callId, e.toString());
                }
            });
        } finally {
            onEnd.run();
        }
    }

    // ------------------------------------------------------------ API

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public CallerInfo caller() {
        return caller;
    }

    @Override
    public Instant answeredAt() {
        return answeredAt;
    }


    @Override
    public PlayResult play(Prompt prompt, String bargeInKeys) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(bargeInKeys, "bargeInKeys");
        if (!isActive()) {
            return new PlayResult(PlayResult.Outcome.CALL_ENDED, Optional.empty(), Duration.ZERO, 0);
        }
        cancelPlayback = false;
        PlaybackPacer pacer = new PlaybackPacer(mono);
        byte[] frame = new byte[FRAME_BYTES];
        int total = prompt.byteLength();
        long frames = 0;
        int offset = 0;
        PlayResult.Outcome outcome = PlayResult.Outcome.COMPLETED;
        Character key = null;
        boolean started = false;
        try {
            audio.startPlayback();
            started = true;
            pacer.start();
            while (offset < total) {
                pacer.awaitSlot(frames);
                synchronized (monitor) {
                    if (endReason != null) {
                        outcome = PlayResult.Outcome.CALL_ENDED;
                        break;
                    }
                    if (!bargeInKeys.isEmpty()) {
                        for (ModemEvent.Dtmf d : keys) {
                            if (bargeInKeys.indexOf(d.key()) >= 0) {
                                key = d.key();
                                break;
                            }
                        }
                        if (key != null) {
                            outcome = PlayResult.Outcome.KEY_PRESSED;
                            break;
                        }
                    }
                }
                if (cancelPlayback) {
                    outcome = PlayResult.Outcome.CANCELLED;
                    break;
                }
                int len = Math.min(FRAME_BYTES, total - offset);
                prompt.copyTo(offset, frame, 0, len);
                if (len < FRAME_BYTES) {
                    java.util.Arrays.fill(frame, len, FRAME_BYTES, (byte) 0);
                }
                audio.write(frame, 0, FRAME_BYTES);
                offset += len;
                frames++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = PlayResult.Outcome.CANCELLED;
        } catch (TransportLostException e) {
            transportLost(e);
            outcome = PlayResult.Outcome.CALL_ENDED;
        } catch (RuntimeException e) {
            if (!endedByLineDrop(e)) {
                throw e;
            }
            outcome = PlayResult.Outcome.CALL_ENDED;
        } finally {
            if (started && isActive()) {
                // bounded; must reach the modem even on an interrupted thread (see cleanup)
                boolean interrupted = Thread.interrupted();
                try {
                    audio.finishPlayback();
                } catch (TransportLostException e) {
                    transportLost(e);
                    outcome = PlayResult.Outcome.CALL_ENDED;
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        if (outcome == PlayResult.Outcome.COMPLETED && !isActive()) {
            outcome = PlayResult.Outcome.CALL_ENDED;
        }
        return new PlayResult(outcome, Optional.ofNullable(key), Duration.ofMillis(frames * 20), pacer.underruns());
    }

    /**
     * A voice command failed after the call was answered (a V.253 modem answers {@code AT+VTX}
     * with {@code ERROR} once the line dropped): when the call has ended already, or the modem
     * said the far end went (its busy or dial tone report, which may still be on its way to the
     * event thread), it is the caller's hang-up: the session ends as such and the line goes on
     * hook. Otherwise it is a fault and the caller of this method rethrows it.
     *
     * @return true when the failure is the end of the call
     */
    private boolean endedByLineDrop(RuntimeException failure) {
        if (!isActive()) {
            LOG.debug("call {}: voice command failed after the call ended: {}", callId, failure.getMessage());
            return true;
        }
        if (!audio.lineDropped()) {
            return false;
        }
        LOG.debug("call {}: voice command failed after the modem reported the line dropped: {}", callId,
                failure.getMessage());
        if (markEnded(CallEndReason.CALLER_HANGUP)) {
            cleanup(true);
        }
        return true;
    }

    @Override
    public void cancelPlayback() {
        cancelPlayback = true;
    }

    @Override
    public Recording record(RecordOptions options) {
        Objects.requireNonNull(options, "options");
        Instant startedAt = clock.instant();
        if (options.discardEarlierKeys()) {
            synchronized (monitor) {
                keys.clear();
            }
        }
        Capture capture = new Capture(options, WavWriter.create(options.target()));
        TerminationReason reason;
        AudioStorageException storageFailure = null;
        try {
            capture.startPhase();
            reason = capture.loop();
        } catch (TransportLostException e) {
            transportLost(e);
            reason = TerminationReason.TRANSPORT_LOST;
        } catch (AudioStorageException e) {
            // the disk is full or failing: end the recording with its own reason, keep what is
            // on disk, and let the caller of record() say goodbye and store it
            reason = e.noSpace() ? TerminationReason.STORAGE_FULL : TerminationReason.STORAGE_ERROR;
            storageFailure = e;
        } catch (RuntimeException e) {
            if (!endedByLineDrop(e)) {
                Interrupts.runCleared(() -> closeQuietly(capture.writer));
                finishRecordingQuietly(capture.started);
                throw e;
            }
            reason = TerminationReason.CALLER_HANGUP;
        }
        finishRecordingQuietly(capture.started);
        long keep = capture.bytesToKeep(reason, storageFailure);
        capture.closeFile(keep);
        Instant endedAt = clock.instant();
        LOG.info("call {}: recording ended by {} after {} ms", callId, reason, keep * 1000 / BYTES_PER_SECOND);
        return new Recording(options.target(), reason,
                capture.finishKey == null ? Optional.empty() : Optional.of(capture.finishKey.key()),
                Duration.ofMillis(keep * 1000 / BYTES_PER_SECOND), keep, startedAt, endedAt,
                capture.tones.speechBeforeTone());
    }

    /**
     * One recording's state, by concern: the audio phase ({@link #startPhase}), the capture loop
     * and its limits ({@link #loop}), the trimming of the finish key's tone and of trailing
     * silence ({@link #bytesToKeep}) and the file ({@link #closeFile}).
     */
    private final class Capture {
        final RecordOptions options;
        final WavWriter writer;
        final SilenceDetector silence;
        /** In-band DTMF: where each key's tone began, in bytes of this recording, so that a finish key's tone is cut exactly. */
        final Map<Character, Long> toneStarts = new HashMap<>();
        final DtmfDetector keyDetector;
        /** Exchange tones in the line: the caller has gone. */
        final LineTones tones;
        final long maxBytes;
        final long syncBytes;
        final long silenceSamples;
        final long stallDeadline;
        final byte[] buf = new byte[FRAME_BYTES * 5];
        long written;
        long lastSync;
        boolean started;
        ModemEvent.Dtmf finishKey;

        Capture(RecordOptions options, WavWriter writer) {
            this.options = options;
            this.writer = writer;
            this.silence = new SilenceDetector(options.silenceDetection(), SilenceDetector.DEFAULT_MIN_SPEECH);
            // in-band DTMF: keys heard in the recorded audio join the modem's
            this.keyDetector = !inBandDtmf ? null : new DtmfDetector((key, startSample) -> {
                toneStarts.put(key, startSample * 2);
                onInBandDtmf(key);
            });
            this.tones = new LineTones(tonePlans);
            this.maxBytes = options.maxDuration().toMillis() * BYTES_PER_SECOND / 1000 & ~1L;
            this.syncBytes = Math.max(2, options.syncInterval().toMillis() * BYTES_PER_SECOND / 1000 & ~1L);
            this.silenceSamples = options.silenceTimeout().toMillis() * 8;
            this.stallDeadline = mono.nanoTime() + options.maxDuration().plusSeconds(5).toNanos();
        }

        /** Enters the recording phase of the audio channel while the call is up. */
        void startPhase() {
            try {
                if (isActive()) {
                    audio.startRecording();
                    started = true;
                    ModemCallSession.this.notify(options.listener(), null);
                }
            } catch (TransportLostException e) {
                transportLost(e);
            }
        }

        /** Reads and writes audio until a key, a limit, silence, the call's end or an interrupt. */
        TerminationReason loop() {
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    return TerminationReason.INTERRUPTED;
                }
                finishKey = takeFinishKey(options.finishKeys());
                if (finishKey != null) {
                    return TerminationReason.FINISH_KEY;
                }
                int n = started ? audio.read(buf, 0, buf.length, Duration.ofMillis(50)) : -1;
                if (n < 0) {
                    if (isActive() && started) {
                        // the audio stopped while the call is still up: the audio port is gone
                        transportLost(new TransportLostException(callId, "audio channel ended while the call was up"));
                    }
                    return endReasonOr(TerminationReason.INTERRUPTED).asTermination();
                }
                if (n > 0) {
                    TerminationReason r = take(n);
                    if (r != null) {
                        return r;
                    }
                } else if (mono.nanoTime() > stallDeadline) {
                    LOG.warn("call {}: no audio arrived for longer than the recording limit; ending the recording", callId);
                    return TerminationReason.MAX_DURATION;
                }
            }
        }

        /** Writes and analyses {@code n} bytes from {@link #buf}; returns a reason when a limit is reached. */
        private TerminationReason take(int n) {
            int take = (int) Math.min(n, maxBytes - written);
            writer.write(buf, 0, take);
            silence.accept(buf, 0, take);
            if (keyDetector != null) {
                keyDetector.accept(buf, 0, take);
            }
            written += take;
            CallProgressDetector.Detection tone = tones.accept(buf, 0, take, silence);
            if (tone != null) {
                return toneHeard(tone);
            }
            // to the sample (125 µs at 8 kHz), so a listener can tell exactly how much audio was taken
            ModemCallSession.this.notify(options.listener(), Duration.ofNanos(written / 2 * 125_000L));
            if (written - lastSync >= syncBytes) {
                writer.sync();
                lastSync = written;
            }
            if (written >= maxBytes) {
                return TerminationReason.MAX_DURATION;
            }
            if (silenceSamples > 0 && silence.speechStarted() && silence.trailingSilenceSamples() >= silenceSamples) {
                return TerminationReason.SILENCE;
            }
            return null;
        }

        /** An exchange tone in the line: the caller hung up without the modem noticing; the line is put on hook. */
        private TerminationReason toneHeard(CallProgressDetector.Detection d) {
            LOG.info("call {}: {} heard {} ms into the recording (from {} ms): the caller has gone", callId, d.tone(),
                    d.atSample() / 8, d.startSample() / 8);
            if (markEnded(CallEndReason.CALLER_HANGUP)) {
                Threads.start(callId + "-cleanup", () -> cleanup(true));
            }
            return TerminationReason.CALLER_HANGUP;
        }

        /**
         * @return the bytes to keep: what reached the file after a storage failure, without the
         *         finish key's tone and, when asked, the trailing silence
         */
        long bytesToKeep(TerminationReason reason, AudioStorageException storageFailure) {
            long keep = written;
            if (storageFailure != null) {
                keep = writer.dataBytes(); // what reached the file; the rest is gone
                LOG.error("call {}: writing the recording failed after {} ms ({}); ending the recording, keeping the {} ms"
                                + " on disk", callId, written * 1000 / BYTES_PER_SECOND, storageFailure.getMessage(),
                        keep * 1000 / BYTES_PER_SECOND);
            }
            if (reason == TerminationReason.FINISH_KEY) {
                Duration trim = finishKey.duration().map(d -> d.plusMillis(100)).orElse(options.keyToneTrim());
                keep = Math.max(0, keep - (trim.toMillis() * BYTES_PER_SECOND / 1000 & ~1L));
                Long toneStart = toneStarts.get(finishKey.key());
                if (toneStart != null) {
                    keep = Math.min(written, toneStart); // heard in-band: cut where the tone began
                }
            }
            keep = tones.trim(keep);
            if (options.trimSilence() && silence.speechStarted()) {
                long speechEnd = silence.lastSpeechEndSample() * 2
                        + (options.silenceTail().toMillis() * BYTES_PER_SECOND / 1000 & ~1L);
                keep = Math.min(keep, speechEnd);
            }
            return keep;
        }

        /**
         * Truncates and closes the file. File channels refuse to work for an interrupted thread:
         * the file is finished first and the flag restored after, so an interruption never costs
         * the buffered tail of the audio.
         */
        void closeFile(long keep) {
            Interrupts.runCleared(() -> {
                if (keep < written) {
                    writer.truncateData(keep);
                }
                writer.close();
            });
        }
    }

    private void notify(RecordListener listener, Duration progress) {
        try {
            if (progress == null) {
                listener.started();
            } else {
                listener.progress(progress);
            }
        } catch (RuntimeException e) {
            LOG.warn("call {}: record listener failed: {}", callId, e.toString());
        }
    }

    private void finishRecordingQuietly(boolean started) {
        if (started && isActive()) {
            // bounded; must reach the modem even on an interrupted thread (see cleanup)
            Interrupts.runCleared(() -> {
                try {
                    audio.finishRecording();
                } catch (TransportLostException e) {
                    transportLost(e);
                } catch (RuntimeException e) {
                    LOG.warn("call {}: ending the recording phase failed: {}", callId, e.toString());
                }
            });
        }
    }

    private static void closeQuietly(WavWriter writer) {
        try {
            writer.close();
        } catch (RuntimeException e) {
            LOG.warn("could not finalise {}: {}", writer.file(), e.toString());
        }
    }

    @Override
    public boolean takeKey(char key) {
        synchronized (monitor) {
            Iterator<ModemEvent.Dtmf> it = keys.iterator();
            while (it.hasNext()) {
                if (it.next().key() == key) {
                    it.remove();
                    return true;
                }
            }
            return false;
        }
    }

    private ModemEvent.Dtmf takeFinishKey(String finishKeys) {
        synchronized (monitor) {
            while (!keys.isEmpty()) {
                ModemEvent.Dtmf d = keys.poll();
                if (finishKeys.indexOf(d.key()) >= 0) {
                    return d;
                }
            }
            return null;
        }
    }

    private CallEndReason endReasonOr(TerminationReason fallback) {
        synchronized (monitor) {
            if (endReason != null) {
                return endReason;
            }
        }
        return fallback == TerminationReason.TRANSPORT_LOST ? CallEndReason.TRANSPORT_LOST : CallEndReason.LOCAL_HANGUP;
    }

    private void transportLost(TransportLostException e) {
        if (markEnded(CallEndReason.TRANSPORT_LOST)) {
            LOG.warn("call {}: transport lost: {}", callId, e.getMessage());
            Threads.start(callId + "-cleanup", () -> cleanup(true));
        }
    }

    @Override
    public DtmfInput collectDtmf(int maxDigits, Duration timeout, Duration interDigitTimeout,
                                 Optional<Character> terminator) {
        if (maxDigits < 1) {
            throw new IllegalArgumentException("maxDigits must be at least 1, was " + maxDigits);
        }
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(interDigitTimeout, "interDigitTimeout");
        Objects.requireNonNull(terminator, "terminator");
        StringBuilder digits = new StringBuilder();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ModemEvent.Dtmf key;
            synchronized (monitor) {
                while (keys.isEmpty() && endReason == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return new DtmfInput(digits.toString(),
                                digits.length() == 0 ? DtmfInput.End.TIMEOUT : DtmfInput.End.INTER_DIGIT_TIMEOUT);
                    }
                    try {
                        monitor.wait(Math.max(1, left / 1_000_000), 0);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new io.github.modemvoice.OperationInterruptedException("collectDtmf", e);
                    }
                }
                if (keys.isEmpty()) {
                    return new DtmfInput(digits.toString(), DtmfInput.End.CALL_ENDED);
                }
                key = keys.poll();
            }
            if (terminator.isPresent() && terminator.get() == key.key()) {
                return new DtmfInput(digits.toString(), DtmfInput.End.TERMINATOR);
            }
            digits.append(key.key());
            if (digits.length() >= maxDigits) {
                return new DtmfInput(digits.toString(), DtmfInput.End.MAX_DIGITS);
            }
            deadline = System.nanoTime() + interDigitTimeout.toNanos();
        }
    }

    @Override
    public DtmfInput playAndCollect(Prompt prompt, int maxDigits, Duration timeout, Duration interDigitTimeout,
                                    Optional<Character> terminator) {
        play(prompt, ALL_KEYS);
        return collectDtmf(maxDigits, timeout, interDigitTimeout, terminator);
    }

    @Override
    public void sendDtmf(String digits) {
        String checked = DtmfKeys.requireKeys("digits", digits);
        if (!isActive()) {
            throw new CallEndedException("call " + callId + " has ended; cannot send DTMF");
        }
        line.sendDtmf(checked);
    }

    @Override
    public void hangup() {
        if (markEnded(CallEndReason.LOCAL_HANGUP)) {
            cleanup(true);
        }
        // otherwise the call already ended; its cleanup runs (or ran) on its own
    }

    @Override
    public boolean isActive() {
        synchronized (monitor) {
            return endReason == null;
        }
    }

    @Override
    public Optional<CallEndReason> endReason() {
        synchronized (monitor) {
            return Optional.ofNullable(endReason);
        }
    }

    @Override
    public boolean awaitEnd(Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        synchronized (monitor) {
            try {
                return deadline.await(monitor, () -> endReason != null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.github.modemvoice.OperationInterruptedException("awaitEnd", e);
            }
        }
    }

    @Override
    public String toString() {
        return "CallSession[" + callId + ", " + caller.redacted() + ", " + (isActive() ? "active" : "ended") + "]";
    }

}
