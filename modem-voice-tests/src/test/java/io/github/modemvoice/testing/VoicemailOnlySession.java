package io.github.modemvoice.testing;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.call.CallEndReason;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.CallerInfo;
import io.github.modemvoice.call.DtmfInput;
import io.github.modemvoice.call.PlayResult;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The ground of the test {@link CallSession}s a voicemail box drives: the box plays prompts,
 * records and hangs up, and never collects or sends digits (those throw). The call's id and
 * caller are fixed, and so is its answer time, which the box does not read ({@link #ANSWERED_AT});
 * the call ends once, for the first reason {@link #end} is given.
 * A subclass says how a prompt plays ({@link #play(Prompt, String)}), what a recording is and
 * what cancelling playback does.
 */
public abstract class VoicemailOnlySession implements CallSession {
    /** When every such call was answered. */
    public static final Instant ANSWERED_AT = Instant.parse("2026-11-21T22:15:00Z");

    private final String callId;
    private final CallerInfo caller;
    private volatile CallEndReason endReason;

    protected VoicemailOnlySession(String callId, CallerInfo caller) {
        this.callId = callId;
        this.caller = caller;
    }

    /** Ends the call for {@code reason}, unless it has ended already. */
    public void end(CallEndReason reason) {
        if (endReason == null) {
            endReason = reason;
        }
    }

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
        return ANSWERED_AT;
    }


    @Override
    public DtmfInput collectDtmf(int maxDigits, Duration timeout, Duration interDigitTimeout,
                                 Optional<Character> terminator) {
        throw new UnsupportedOperationException("not used by the voicemail box");
    }

    @Override
    public DtmfInput playAndCollect(Prompt prompt, int maxDigits, Duration timeout, Duration interDigitTimeout,
                                    Optional<Character> terminator) {
        throw new UnsupportedOperationException("not used by the voicemail box");
    }

    @Override
    public void sendDtmf(String digits) {
        throw new UnsupportedOperationException("not used by the voicemail box");
    }

    @Override
    public void hangup() {
        end(CallEndReason.LOCAL_HANGUP);
    }

    @Override
    public boolean isActive() {
        return endReason == null;
    }

    @Override
    public Optional<CallEndReason> endReason() {
        return Optional.ofNullable(endReason);
    }

    /** Does not wait: the session's call ends only through the box or the test. */
    @Override
    public boolean awaitEnd(Duration timeout) {
        return !isActive();
    }
}
