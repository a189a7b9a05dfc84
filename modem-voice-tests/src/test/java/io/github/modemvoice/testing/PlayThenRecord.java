package io.github.modemvoice.testing;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.IncomingCall;
import io.github.modemvoice.call.PlayResult;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.Recording;

import java.util.concurrent.CompletableFuture;

/**
 * A test's call handler work: answer, play a greeting, record, hang up; what the playback and
 * the recording gave is kept for the test thread (both fail with what the call threw).
 */
public final class PlayThenRecord {
    private final CompletableFuture<PlayResult> played = new CompletableFuture<>();
    private final CompletableFuture<Recording> recorded = new CompletableFuture<>();

    /** Runs on the call thread: answers, plays, records, and closes the session. */
    public void answer(IncomingCall call, Prompt greeting, RecordOptions options) {
        try (CallSession s = call.answer()) {
            played.complete(s.play(greeting));
            recorded.complete(s.record(options));
        } catch (RuntimeException | Error e) {
            played.completeExceptionally(e);
            recorded.completeExceptionally(e);
            throw e;
        }
    }

    /** @return the greeting's playback result */
    public CompletableFuture<PlayResult> played() {
        return played;
    }

    /** @return the recording */
    public CompletableFuture<Recording> recorded() {
        return recorded;
    }
}
