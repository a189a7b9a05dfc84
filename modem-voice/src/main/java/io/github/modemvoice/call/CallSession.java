package io.github.modemvoice.call;

import io.github.modemvoice.audio.Prompt;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An answered call: everything a call handler needs. Blocking methods return promptly when the
 * call ends, whichever side ends it; none of them throws because the caller hung up (they report
 * it in their result). Methods are meant to be called from the call's handler thread; {@link
 * #hangup()}, {@link #cancelPlayback()}, {@link #isActive()} and {@link #awaitEnd} may be
 * called from any thread.
 */
public interface CallSession extends AutoCloseable {

    /** @return an id for logs and metadata, unique per modem (no caller digits) */
    String callId();

    /** @return who is calling */
    CallerInfo caller();

    /** @return when the call was answered */
    Instant answeredAt();

    /**
     * Plays a WAV file (8000 Hz, 16-bit, mono PCM), validated before anything is sent.
     *
     * @param wav the file
     * @return how it ended
     * @throws io.github.modemvoice.audio.AudioFormatException naming the file and its format
     */
    default PlayResult play(Path wav) {
        return play(Prompt.fromWav(wav), "");
    }

    /**
     * Plays in-memory audio, paced in real time.
     *
     * @param prompt the audio
     * @return how it ended
     */
    default PlayResult play(Prompt prompt) {
        return play(prompt, "");
    }

    /**
     * Plays audio that a key in {@code bargeInKeys} interrupts; the key stays buffered so that a
     * following {@link #collectDtmf} sees it.
     *
     * @param prompt      the audio
     * @param bargeInKeys keys that stop playback; empty for none
     * @return how it ended
     */
    PlayResult play(Prompt prompt, String bargeInKeys);

    /** Stops a playback in progress (from another thread); it returns {@link PlayResult.Outcome#CANCELLED}. */
    void cancelPlayback();

    /**
     * Removes the first buffered press of one key (the key that interrupted a playback, once it
     * has done its work); every other buffered key stays, in order. The default, for sessions
     * that buffer no keys: nothing to remove.
     *
     * @param key {@code 0-9 * # A-D}
     * @return whether a press of that key was buffered and is now removed
     */
    default boolean takeKey(char key) {
        return false;
    }

    /**
     * Records the caller into a WAV file, streaming to disk.
     *
     * @param options where and how
     * @return the result; the file is valid whatever ended the recording
     */
    Recording record(RecordOptions options);

    /**
     * Collects DTMF digits, starting with any already buffered.
     *
     * @param maxDigits         stop after this many (at least 1)
     * @param timeout           the wait for the first digit
     * @param interDigitTimeout the wait for each further digit
     * @param terminator        a key that ends input (not included), or empty
     * @return the digits and why collection stopped
     */
    DtmfInput collectDtmf(int maxDigits, Duration timeout, Duration interDigitTimeout, Optional<Character> terminator);

    /**
     * Plays a prompt that any key interrupts, then collects digits; a key pressed during the
     * prompt is the first digit.
     *
     * @param prompt            the prompt
     * @param maxDigits         stop after this many
     * @param timeout           the wait for the first digit after the prompt
     * @param interDigitTimeout the wait for each further digit
     * @param terminator        a key that ends input, or empty
     * @return the digits
     */
    DtmfInput playAndCollect(Prompt prompt, int maxDigits, Duration timeout, Duration interDigitTimeout,
                             Optional<Character> terminator);

    /**
     * Sends DTMF tones to the caller.
     *
     * @param digits keys {@code 0-9 * # A-D}
     * @throws CallEndedException when the call is over
     */
    void sendDtmf(String digits);

    /** Hangs up; idempotent; a remote hangup racing it is fine. */
    void hangup();

    /** @return true until the call ends */
    boolean isActive();

    /** @return how the call ended, once it has */
    Optional<CallEndReason> endReason();

    /**
     * @param timeout the longest wait
     * @return true when the call ended within the timeout
     */
    boolean awaitEnd(Duration timeout);

    /** Same as {@link #hangup()}. */
    @Override
    default void close() {
        hangup();
    }
}
