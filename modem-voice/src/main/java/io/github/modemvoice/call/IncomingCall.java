package io.github.modemvoice.call;

import java.time.Duration;
import java.time.Instant;

/**
 * A ringing call handed to a {@link CallHandler}. Exactly one decision may be taken; a second
 * throws {@link IllegalStateException}. Any decision on a call that stopped ringing throws
 * {@link CallEndedException}.
 */
public interface IncomingCall {

    /** @return an id for logs (no caller digits) */
    String callId();

    /** @return who is calling, as known now (caller id may be missing) */
    CallerInfo caller();

    /** @return how many rings so far */
    int ringCount();

    /** @return when the first ring arrived */
    Instant firstRingAt();

    /**
     * Waits until the call has rung {@code rings} times, or stopped ringing.
     *
     * @param rings   the ring count to wait for
     * @param timeout the longest wait
     * @return true when the count was reached while still ringing
     */
    boolean awaitRings(int rings, Duration timeout);

    /** @return true while the call rings and no decision was taken */
    boolean isRinging();

    /**
     * Answers.
     *
     * @return the session, active
     * @throws CallEndedException when the caller gave up first
     */
    CallSession answer();

    /** Rejects the call. */
    void reject();

    /**
     * Deflects the call to another number before answering ({@code AT+CTFR}).
     *
     * @param number the destination
     */
    void deflect(String number);

    /** Leaves the call ringing for another device. */
    void ignore();
}
