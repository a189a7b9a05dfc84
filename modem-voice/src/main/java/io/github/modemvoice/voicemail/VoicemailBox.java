package io.github.modemvoice.voicemail;

import io.github.modemvoice.internal.DtmfKeys;
import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.audio.AudioFormatException;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.CallEndReason;
import io.github.modemvoice.call.CallEndedException;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.CallerInfo;
import io.github.modemvoice.call.PlayResult;
import io.github.modemvoice.call.RecordListener;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.call.TerminationReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns one answered call into one stored voicemail message: greeting, beep, a bounded
 * recording, goodbye, hangup, metadata.
 *
 * <pre>{@code
 * VoicemailBox box = VoicemailBox.builder()
 *         .directory(Path.of("/var/lib/voicemail"))
 *         .greeting(Path.of("greeting.wav"))
 *         .build();
 * // in the call handler:
 * VoicemailOutcome outcome = box.record(call.answer());
 * outcome.message().ifPresent(m -> notify(m));
 * }</pre>
 *
 * <p>{@link #record(CallSession)} runs, in this order:
 * <ol>
 *   <li>refuses a session that is no longer active, before touching the store
 *       ({@link CallEndedException}: no directory, no file);</li>
 *   <li>plays the greeting; a finish key pressed during it skips to the beep;</li>
 *   <li>plays the beep (unless turned off);</li>
 *   <li>records into {@link MessageStore#beginRecording}, with the maximum duration, finish keys
 *       and silence timeout of this box; keys pressed before the beep are forgotten, and the
 *       finishing key's tone and trailing silence are trimmed by the recording;</li>
 *   <li>plays the goodbye, only if the caller is still connected;</li>
 *   <li>hangs up, exactly once;</li>
 *   <li>discards a recording shorter than the minimum duration ("no message"), otherwise stores
 *       the WAV and its metadata durably and returns the message.</li>
 * </ol>
 *
 * <p>A caller who hangs up before the recording starts leaves no message and no file. A disk that
 * fills up (or fails) during the recording ends it with {@code STORAGE_FULL} /
 * {@code STORAGE_ERROR}: the caller hears the goodbye and the audio written so far is stored as
 * the message. Answer only calls that pass {@link #storageCheck()}. When the
 * greeting or the recording fails otherwise (a modem failure), the call is hung up once,
 * whatever audio was captured is kept as a message with the reason the call ended
 * ({@code INTERRUPTED} when it had not), and a {@link VoicemailException} is thrown with that
 * message attached. A failure after the recording (the goodbye, the hangup) never costs the
 * message: it is logged and the message is stored.
 *
 * <p>Thread-safe: one box may record many calls at once, one thread per call. Logs name the
 * call id, the message id and the redacted caller only.
 *
 * <p>One file on purpose: the call flow (greeting, beep, recording, goodbye, one hangup, storing) and its public nested {@code Builder}, whose documented defaults and checks of every setting are most of the length; the builder is API and sets the box's private fields, so it stays nested.
 */
public final class VoicemailBox {
    private static final Logger LOG = LoggerFactory.getLogger(VoicemailBox.class);

    /** The longest recording a box accepts. */
    public static final Duration MAX_RECORDING = Duration.ofHours(1);

    private final MessageStore store;
    private final Prompt greeting;
    private final Optional<Prompt> beep;
    private final Optional<Prompt> goodbye;
    /** How each message is recorded: a template whose target each message's file replaces. */
    private final RecordOptions recordOptions;
    private final Optional<Character> skipKey;
    private final Duration minDuration;
    private final CallerPrivacy callerPrivacy;
    private final Clock clock;
    private final VoicemailListener listener;
    private final StorageCheck storageCheck;
    private final Optional<String> line;

    private VoicemailBox(Builder b, RecordOptions recordOptions, MessageStore store, Prompt greeting,
                         Optional<Prompt> goodbye) {
        this.store = store;
        this.greeting = greeting;
        this.beep = b.beep ? Optional.of(b.beepPrompt) : Optional.empty();
        this.goodbye = goodbye;
        this.recordOptions = recordOptions;
        this.minDuration = b.minDuration;
        this.skipKey = b.skipKey;
        this.callerPrivacy = b.callerPrivacy;
        this.clock = b.clock;
        this.listener = b.listener;
        this.line = b.line;
        this.storageCheck = StorageCheck.of(store, recordOptions.maxDuration(), b.keepFreeBytes, b.storageCheckCache, b.storageClock);
    }

    /** @return a builder with the defaults: beep on, 120 s maximum, 1 s minimum, finish key {@code #}, 5 s silence, full caller number */
    public static Builder builder() {
        return new Builder();
    }

    /** @return where messages go */
    public MessageStore store() {
        return store;
    }

    /** @return the maximum recording length */
    public Duration maxDuration() {
        return recordOptions.maxDuration();
    }

    /** @return the minimum recording length; shorter captures are discarded */
    public Duration minDuration() {
        return minDuration;
    }

    /** @return the keys that end the recording; empty: none */
    public String finishKeys() {
        return recordOptions.finishKeys();
    }

    /** @return the key that skips the rest of the greeting to the beep; empty: none */
    public Optional<Character> skipKey() {
        return skipKey;
    }

    /** @return the silence after speech that ends the recording; zero: off */
    public Duration silenceTimeout() {
        return recordOptions.silenceTimeout();
    }

    /** @return the caller privacy policy for the metadata */
    public CallerPrivacy callerPrivacy() {
        return callerPrivacy;
    }

    /**
     * The check to run before answering a call for this box: can the store keep a message of
     * {@link #maxDuration()} now? Cached briefly; logs an ERROR when storage becomes unusable
     * and an INFO when it recovers. {@code AfterHoursCallHandler} runs it before every answer;
     * an application answering calls itself should do the same and leave a call it cannot
     * keep unanswered.
     *
     * @return the storage check of this box
     */
    public StorageCheck storageCheck() {
        return storageCheck;
    }

    /**
     * Records one message from an answered call, then hangs up. See the class description for
     * the order of steps and the failure handling.
     *
     * @param session an active, answered call; it is hung up when this returns or throws
     * @return the stored message, or "no message" with the reason
     * @throws CallEndedException  when the session is not active (nothing was done)
     * @throws VoicemailException when the greeting, the recording or the store failed; audio
     *                             captured before the failure is kept
     */
    public VoicemailOutcome record(CallSession session) {
        Objects.requireNonNull(session, "session");
        if (!session.isActive()) {
            throw new CallEndedException("call " + session.callId() + " has already ended; no voicemail recorded");
        }
        String callId = session.callId();
        CallerInfo caller = session.caller();
        LOG.info("call {}: voicemail from {}", callId, caller.redacted());

        // greeting and beep
        try {
            notifyListener(l -> l.greetingStarted(callId));
            PlayResult played = session.play(greeting, skipKey.map(String::valueOf).orElse(""));
            if (played.outcome() == PlayResult.Outcome.KEY_PRESSED && played.key().isPresent()) {
                char key = played.key().get();
                session.takeKey(key); // it did its work; keys pressed with it stay for the recording
                LOG.info("call {}: greeting skipped with {}", callId, key);
                notifyListener(l -> l.greetingSkipped(callId, key));
            }
            if (session.isActive() && beep.isPresent()) {
                session.play(beep.get());
            }
        } catch (RuntimeException e) {
            hangUp(session, callId);
            throw fail(callId, new VoicemailException("call " + callId + ": voicemail greeting failed: "
                    + describe(e), e, null));
        }
        if (!session.isActive()) {
            hangUp(session, callId);
            LOG.info("call {}: caller hung up before the recording started; no message", callId);
            notifyListener(l -> l.noMessage(callId, NoMessageReason.CALLER_HUNG_UP_EARLY));
            return VoicemailOutcome.noMessage(callId, NoMessageReason.CALLER_HUNG_UP_EARLY, Optional.empty());
        }

        // recording
        Instant startedAt = clock.instant();
        String id = MessageIds.newId(startedAt);
        Optional<String> callerKept = callerPrivacy.apply(caller.number());
        RecordingInProgress info = new RecordingInProgress(id, callId, callerKept, caller.redacted(),
                callerPrivacy.policy(), startedAt, line);
        Path target;
        try {
            target = store.beginRecording(info);
        } catch (RuntimeException e) {
            hangUp(session, callId);
            throw fail(callId, new VoicemailException("call " + callId + ": cannot start recording message " + id
                    + ": " + describe(e), e, null));
        }
        Recording recording;
        try {
            recording = session.record(recordOptions(target, new RecordListener() {
                @Override
                public void started() {
                    // fired once the audio path records: audio from now on is captured
                    notifyListener(l -> l.recordingStarted(callId, id));
                }

                @Override
                public void progress(java.time.Duration recorded) {
                    notifyListener(l -> l.recordingProgress(callId, recorded));
                }
            }));
        } catch (RuntimeException e) {
            TerminationReason reason = session.endReason().map(CallEndReason::asTermination)
                    .orElse(TerminationReason.INTERRUPTED);
            // file channels refuse to work on an interrupted thread: save first, restore the flag after
            boolean wasInterrupted = Thread.interrupted();
            VoicemailMessage partial;
            try {
                hangUp(session, callId);
                partial = salvage(info, target, reason, e);
            } finally {
                if (wasInterrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            throw fail(callId, new VoicemailException("call " + callId + ": recording message " + id + " failed: "
                    + describe(e) + (partial != null ? "; the audio captured so far was saved"
                    : "; any audio captured is kept for recovery"), e, partial));
        }
        Instant endedAt = clock.instant();
        notifyListener(l -> l.recordingEnded(callId, recording));
        // an interrupted thread (shutdown) still saves the message: file channels would refuse to
        // work with the flag set, so it is cleared here and restored when the message is safe
        boolean wasInterrupted = Thread.interrupted();
        try {
            return finish(session, callId, caller, id, callerKept, startedAt, endedAt, recording, !wasInterrupted);
        } finally {
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private VoicemailOutcome finish(CallSession session, String callId, CallerInfo caller, String id,
                                    Optional<String> callerKept, Instant startedAt, Instant endedAt,
                                    Recording recording, boolean playGoodbye) {

        // goodbye and hangup: failures here must not cost the message
        boolean storageFailed = recording.reason() == TerminationReason.STORAGE_FULL
                || recording.reason() == TerminationReason.STORAGE_ERROR;
        if (storageFailed) {
            storageCheck.invalidate(); // the next call is answered only if storage works again
            LOG.error("call {}: message {} ended early: {} after {} s; keeping what was written{}", callId, id,
                    recording.reason() == TerminationReason.STORAGE_FULL ? "the disk is full" : "the recording file failed",
                    String.format(Locale.ROOT, "%.1f", recording.duration().toMillis() / 1000.0),
                    goodbye.isPresent() ? " and saying goodbye" : "");
        }
        if (playGoodbye && goodbye.isPresent() && session.isActive()) {
            try {
                session.play(goodbye.get());
            } catch (RuntimeException e) {
                LOG.warn("call {}: playing the goodbye failed: {}", callId, describe(e));
            }
        }
        hangUp(session, callId);

        // empty: also when the caller left only an exchange tone (cut off), whatever the minimum
        if (recording.bytes() == 0 || recording.duration().compareTo(minDuration) < 0) {
            try {
                store.discardRecording(id);
            } catch (RuntimeException e) {
                LOG.warn("call {}: discarding the too-short recording {} failed: {}", callId, id, describe(e));
            }
            LOG.info("call {}: recording of {} ms is shorter than the minimum {} ms; no message", callId,
                    recording.duration().toMillis(), minDuration.toMillis());
            notifyListener(l -> l.noMessage(callId, NoMessageReason.TOO_SHORT));
            return VoicemailOutcome.noMessage(callId, NoMessageReason.TOO_SHORT, Optional.of(recording.reason()));
        }
        VoicemailMessage message = VoicemailMessage.builder().id(id).callId(callId).caller(callerKept)
                .callerRedacted(caller.redacted()).callerPolicy(callerPrivacy.policy()).startedAt(startedAt)
                .endedAt(endedAt).duration(recording.duration()).sizeBytes(recording.bytes() + WavWriter.HEADER_BYTES)
                .sampleRate(WavInfo.INTERNAL_SAMPLE_RATE).terminationReason(recording.reason())
                .finishKey(recording.finishKey()).line(line).callerName(callerPrivacy.applyToName(caller.name())).build();
        VoicemailMessage stored;
        try {
            stored = store.store(message, recording.path());
        } catch (RuntimeException e) {
            throw fail(callId, new VoicemailException("call " + callId + ": storing message " + id + " failed: "
                    + describe(e) + "; its audio is kept for recovery", e, null));
        }
        LOG.info("call {}: message {} saved ({} s, {})", callId, id,
                String.format(Locale.ROOT, "%.1f", stored.durationSeconds()), stored.terminationReason());
        notifyListener(l -> l.messageSaved(stored));
        return VoicemailOutcome.saved(stored);
    }

    /** Keeps the audio captured before a failure as a message; null when there is none or it cannot be saved. */
    private VoicemailMessage salvage(RecordingInProgress info, Path target, TerminationReason reason,
                                     RuntimeException failure) {
        try {
            if (!Files.exists(target) || Files.size(target) <= WavWriter.HEADER_BYTES) {
                store.discardRecording(info.id());
                return null;
            }
            WavInfo wav = WavWriter.repair(target);
            if (wav.dataLength() == 0) {
                store.discardRecording(info.id());
                return null;
            }
            Duration length = wav.duration();
            VoicemailMessage m = VoicemailMessage.builder().id(info.id()).callId(info.callId()).caller(info.caller())
                    .callerRedacted(info.callerRedacted()).callerPolicy(info.callerPolicy())
                    .startedAt(info.startedAt()).endedAt(clock.instant()).duration(length)
                    .sizeBytes(Files.size(target)).sampleRate(wav.sampleRate()).terminationReason(reason).line(line).build();
            VoicemailMessage stored = store.store(m, target);
            LOG.warn("call {}: saved {} s of audio captured before the failure as message {}", info.callId(),
                    String.format(Locale.ROOT, "%.1f", stored.durationSeconds()), info.id());
            notifyListener(l -> l.messageSaved(stored));
            return stored;
        } catch (java.io.IOException | RuntimeException e) {
            failure.addSuppressed(e);
            LOG.warn("call {}: could not save the partial recording {} now ({}); recover() will", info.callId(),
                    info.id(), describe(e));
            return null;
        }
    }

    private VoicemailException fail(String callId, VoicemailException e) {
        LOG.warn("{}", e.getMessage());
        notifyListener(l -> l.failed(callId, e));
        return e;
    }

    private static void hangUp(CallSession session, String callId) {
        try {
            session.hangup();
        } catch (RuntimeException e) {
            LOG.warn("call {}: hangup failed: {}", callId, describe(e));
        }
    }

    private void notifyListener(Consumer<VoicemailListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("voicemail listener failed: {}", e.toString());
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** This box's recording settings for one message: into its file, telling {@code listener}. */
    private RecordOptions recordOptions(Path target, RecordListener listener) {
        RecordOptions o = recordOptions;
        return new RecordOptions(target, o.maxDuration(), o.finishKeys(), o.silenceTimeout(), o.silenceDetection(),
                o.discardEarlierKeys(), o.keyToneTrim(), o.trimSilence(), o.silenceTail(), o.syncInterval(), listener);
    }

    @Override
    public String toString() {
        return "VoicemailBox[" + store + ", max " + maxDuration() + ", min " + minDuration + ", keys \"" + finishKeys()
                + "\", silence " + silenceTimeout() + ", " + callerPrivacy + "]";
    }

    /**
     * Builds a {@link VoicemailBox}. Setters only record values; {@link #build()} validates all
     * of them, throwing an {@link IllegalArgumentException} whose message starts with the field's
     * name.
     */
    public static final class Builder {
        private MessageStore store;
        private Path directory;
        private Path greetingFile;
        private Prompt greetingPrompt;
        private boolean beep = true;
        private Prompt beepPrompt = Prompt.beep();
        private Path goodbyeFile;
        private Prompt goodbyePrompt;
        /**
         * The recording settings, with {@link RecordOptions}' defaults (120 s, finish key {@code #},
         * 5 s of silence); keys pressed during the greeting, other than the one press of the skip
         * key that skipped it, stay for the recording (a finish key pressed during the greeting
         * ends the message at its start). Its target is a placeholder: each message records into
         * its own file.
         */
        private final RecordOptions.Builder recording = RecordOptions.builder(Path.of("message.wav"))
                .discardEarlierKeys(false);
        private Optional<Character> skipKey = Optional.of('#');
        private Duration minDuration = Duration.ofSeconds(1);
        private CallerPrivacy callerPrivacy = CallerPrivacy.full();
        private Clock clock = Clock.systemUTC();
        private VoicemailListener listener = VoicemailListener.NONE;
        private Duration storageCheckCache = StorageCheck.DEFAULT_CACHE;
        private long keepFreeBytes;
        private io.github.modemvoice.audio.MonotonicClock storageClock = io.github.modemvoice.audio.MonotonicClock.system();
        private Optional<String> line = Optional.empty();

        private Builder() {
        }

        /**
         * @param s where messages go (exclusive with {@link #directory(Path)})
         * @return this
         */
        public Builder store(MessageStore s) {
            this.store = s;
            return this;
        }

        /**
         * @param dir a directory for a {@link DirectoryMessageStore} (exclusive with {@link #store})
         * @return this
         */
        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /**
         * @param wav the greeting WAV (any format {@link Prompt#fromWav} converts), loaded by {@link #build()}
         * @return this
         */
        public Builder greeting(Path wav) {
            this.greetingFile = wav;
            this.greetingPrompt = null;
            return this;
        }

        /**
         * @param prompt the greeting audio
         * @return this
         */
        public Builder greeting(Prompt prompt) {
            this.greetingPrompt = prompt;
            this.greetingFile = null;
            return this;
        }

        /**
         * @param on whether a beep is played before recording (default on)
         * @return this
         */
        public Builder beep(boolean on) {
            this.beep = on;
            return this;
        }

        /**
         * @param prompt the beep to play (default {@link Prompt#beep()}); turns the beep on
         * @return this
         */
        public Builder beep(Prompt prompt) {
            this.beepPrompt = prompt;
            this.beep = true;
            return this;
        }

        /**
         * @param wav a goodbye played after recording when the caller is still there (optional)
         * @return this
         */
        public Builder goodbye(Path wav) {
            this.goodbyeFile = wav;
            this.goodbyePrompt = null;
            return this;
        }

        /**
         * @param prompt a goodbye played after recording when the caller is still there
         * @return this
         */
        public Builder goodbye(Prompt prompt) {
            this.goodbyePrompt = prompt;
            this.goodbyeFile = null;
            return this;
        }

        /**
         * @param d the longest recording: positive, at most one hour (default 120 s)
         * @return this
         */
        public Builder maxDuration(Duration d) {
            recording.maxDuration(d);
            return this;
        }

        /**
         * @param d shorter recordings are discarded: zero or more, below the maximum (default 1 s)
         * @return this
         */
        public Builder minDuration(Duration d) {
            this.minDuration = d;
            return this;
        }

        /**
         * @param keys DTMF keys that end the recording; empty: none (default {@code #})
         * @return this
         */
        public Builder finishKeys(String keys) {
            recording.finishKeys(keys);
            return this;
        }

        /**
         * @param key the key a caller presses during the greeting to skip to the beep; empty for
         *            none (default {@code #}). Its press is used up; other keys pressed during
         *            the greeting stay for the recording.
         * @return this
         * @throws IllegalArgumentException when the key is not one of {@code 0-9 * # A-D}
         */
        public Builder skipKey(Optional<Character> key) {
            Objects.requireNonNull(key, "skipKey").ifPresent(k -> DtmfKeys.requireKey("skipKey", k));
            this.skipKey = key;
            return this;
        }

        /**
         * @param d silence after speech that ends the recording; zero: off (default 5 s)
         * @return this
         */
        public Builder silenceTimeout(Duration d) {
            recording.silenceTimeout(d);
            return this;
        }

        /**
         * @param privacy how much of the caller's number the metadata keeps (default full)
         * @return this
         */
        public Builder callerPrivacy(CallerPrivacy privacy) {
            this.callerPrivacy = privacy;
            return this;
        }

        /**
         * @param c the clock for message ids and time stamps (default UTC system clock)
         * @return this
         */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /**
         * @param cacheFor how long a {@link #storageCheck()} result is reused (default 3 s; zero: probe every call)
         * @param clock    the clock measuring it (default the system's monotonic clock)
         * @return this
         */
        public Builder storageCheck(Duration cacheFor, io.github.modemvoice.audio.MonotonicClock clock) {
            this.storageCheckCache = cacheFor;
            this.storageClock = clock;
            return this;
        }

        /**
         * @param bytes space the store's disk must keep free besides the longest message, or the
         *              calls are not answered (default 0: only the message and a 1 MiB margin)
         * @return this
         */
        public Builder keepFree(long bytes) {
            this.keepFreeBytes = bytes;
            return this;
        }

        /**
         * Names the line (modem) this box answers for, when one application serves several: every
         * message it stores carries the name ({@code line} in the metadata). Default: none.
         *
         * @param name a short name, 1-32 letters, digits, '-' or '_'
         * @return this
         */
        public Builder line(String name) {
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("line: 1-32 letters, digits, '-' or '_', was "
                        + (name == null ? "null" : "\"" + io.github.modemvoice.CallerText.escape(name) + "\""));
            }
            this.line = Optional.of(name);
            return this;
        }

        /**
         * @param l receives progress (default none)
         * @return this
         */
        public Builder listener(VoicemailListener l) {
            this.listener = l;
            return this;
        }

        /** Builds the recording settings: {@link RecordOptions} checks them, its messages starting with the field. */
        private RecordOptions recordOptions() {
            try {
                return recording.build();
            } catch (NullPointerException e) { // a null finish-key string: RecordOptions names the field
                throw new IllegalArgumentException(e.getMessage() + ": must not be null (use \"\" for none)", e);
            }
        }

        /**
         * @return the box
         * @throws IllegalArgumentException naming an invalid field: the store and prompts are
         *                                  checked first, then the recording settings (as
         *                                  {@link RecordOptions} checks them), then the rest
         */
        public VoicemailBox build() {
            if (store != null && directory != null) {
                throw new IllegalArgumentException("store: set either store or directory, not both");
            }
            if (store == null && directory == null) {
                throw new IllegalArgumentException("store: a store or a directory is required");
            }
            Prompt greeting = prompt("greeting", greetingFile, greetingPrompt);
            if (greeting == null) {
                throw new IllegalArgumentException("greeting: a greeting is required");
            }
            if (beep && beepPrompt == null) {
                throw new IllegalArgumentException("beep: the beep prompt must not be null");
            }
            Prompt bye = prompt("goodbye", goodbyeFile, goodbyePrompt);
            RecordOptions rec = recordOptions(); // names an invalid maxDuration, finishKeys or silenceTimeout
            if (rec.maxDuration().compareTo(MAX_RECORDING) > 0) {
                throw new IllegalArgumentException("maxDuration: must be at most " + MAX_RECORDING + ", was "
                        + rec.maxDuration());
            }
            if (minDuration == null || minDuration.isNegative()) {
                throw new IllegalArgumentException("minDuration: must be zero or positive, was " + minDuration);
            }
            if (minDuration.compareTo(rec.maxDuration()) >= 0) {
                throw new IllegalArgumentException("minDuration: must be below maxDuration (" + rec.maxDuration()
                        + "), was " + minDuration);
            }
            if (rec.silenceTimeout().compareTo(MAX_RECORDING) > 0) {
                throw new IllegalArgumentException("silenceTimeout: must be at most " + MAX_RECORDING + ", was "
                        + rec.silenceTimeout());
            }
            if (callerPrivacy == null) {
                throw new IllegalArgumentException("callerPrivacy: must not be null");
            }
            if (clock == null) {
                throw new IllegalArgumentException("clock: must not be null");
            }
            if (listener == null) {
                throw new IllegalArgumentException("listener: must not be null (omit it for none)");
            }
            if (storageCheckCache == null || storageCheckCache.isNegative()) {
                throw new IllegalArgumentException("storageCheck: the cache time must be zero or positive, was "
                        + storageCheckCache);
            }
            if (storageClock == null) {
                throw new IllegalArgumentException("storageCheck: the clock must not be null");
            }
            if (keepFreeBytes < 0) {
                throw new IllegalArgumentException("keepFree: must not be negative, was " + keepFreeBytes);
            }
            MessageStore s = store;
            if (s == null) {
                s = new DirectoryMessageStore(directory);
            }
            return new VoicemailBox(this, rec, s, greeting, Optional.ofNullable(bye));
        }

        private static Prompt prompt(String field, Path file, Prompt prompt) {
            if (prompt != null) {
                return prompt;
            }
            if (file == null) {
                return null;
            }
            try {
                return Prompt.fromWav(file);
            } catch (AudioFormatException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
            } catch (ModemVoiceException e) {
                throw new IllegalArgumentException(field + ": cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
