package io.github.modemvoice.voicemail;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.CallEndReason;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.CallerInfo;
import io.github.modemvoice.call.PlayResult;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.testing.VoicemailOnlySession;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A scripted {@link CallSession} that logs every call in order, for ordering and failure tests. */
class FakeCallSession extends VoicemailOnlySession {

    /** What {@link #record} does. */
    @FunctionalInterface
    interface RecordBehaviour {
        Recording record(FakeCallSession session, RecordOptions options);
    }

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger hangups = new AtomicInteger();
    final List<RecordOptions> recordOptions = new ArrayList<>();
    private PlayResult.Outcome greetingOutcome = PlayResult.Outcome.COMPLETED;
    private Character greetingKey;
    private RuntimeException playFailure;
    private String failOnPlay;
    private RecordBehaviour behaviour = speech(Duration.ofSeconds(3), TerminationReason.FINISH_KEY, '#');

    FakeCallSession(String callId, CallerInfo caller) {
        super(callId, caller);
    }

    static FakeCallSession withCaller(String number) {
        return new FakeCallSession("call-20261121T221503-1", CallerInfo.of(number));
    }

    FakeCallSession greetingEndsWith(PlayResult.Outcome outcome, Character key) {
        this.greetingOutcome = outcome;
        this.greetingKey = key;
        return this;
    }

    FakeCallSession failPlaying(String which, RuntimeException e) {
        this.failOnPlay = which;
        this.playFailure = e;
        return this;
    }

    FakeCallSession onRecord(RecordBehaviour b) {
        this.behaviour = b;
        return this;
    }

    /** Writes {@code length} of loud PCM to the target and returns a recording with that reason. */
    static RecordBehaviour speech(Duration length, TerminationReason reason, Character key) {
        return (s, o) -> {
            long bytes = writeSpeech(o.target(), length);
            if (reason == TerminationReason.CALLER_HANGUP) {
                s.end(CallEndReason.CALLER_HANGUP);
            } else if (reason == TerminationReason.TRANSPORT_LOST) {
                s.end(CallEndReason.TRANSPORT_LOST);
            }
            Instant t = Instant.parse("2026-11-21T22:15:03Z");
            return new Recording(o.target(), reason, Optional.ofNullable(key), length, bytes, t, t.plus(length), true);
        };
    }

    static long writeSpeech(Path target, Duration length) {
        byte[] pcm = tone(length);
        try (WavWriter w = WavWriter.create(target)) {
            w.write(pcm);
        }
        return pcm.length;
    }

    static byte[] tone(Duration length) {
        return Prompt.tone(440, length, 0.5).pcm();
    }

    private String name(Prompt p) {
        if (p.equals(Prompt.beep())) {
            return "beep";
        }
        return p.equals(VoicemailBoxTest.GREETING) ? "greeting" : p.equals(VoicemailBoxTest.GOODBYE) ? "goodbye" : "prompt";
    }

    @Override
    public boolean takeKey(char key) {
        events.add("take key " + key);
        return true;
    }

    @Override
    public PlayResult play(Prompt prompt, String bargeInKeys) {
        String n = name(prompt);
        events.add("play " + n + (bargeInKeys.isEmpty() ? "" : " bargeIn=" + bargeInKeys));
        if (n.equals(failOnPlay)) {
            throw playFailure;
        }
        if (!isActive()) {
            return new PlayResult(PlayResult.Outcome.CALL_ENDED, Optional.empty(), Duration.ZERO, 0);
        }
        if (n.equals("greeting")) {
            if (greetingOutcome == PlayResult.Outcome.CALL_ENDED) {
                end(CallEndReason.CALLER_HANGUP);
            }
            return new PlayResult(greetingOutcome, Optional.ofNullable(greetingKey), prompt.duration(), 0);
        }
        return new PlayResult(PlayResult.Outcome.COMPLETED, Optional.empty(), prompt.duration(), 0);
    }

    @Override
    public void cancelPlayback() {
        events.add("cancelPlayback");
    }

    @Override
    public Recording record(RecordOptions options) {
        events.add("record");
        recordOptions.add(options);
        if (isActive()) {
            options.listener().started(); // as the real session does once its audio path records
        }
        return behaviour.record(this, options);
    }

    @Override
    public void hangup() {
        events.add("hangup");
        hangups.incrementAndGet();
        super.hangup();
    }
}
