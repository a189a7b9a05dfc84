package io.github.modemvoice.call;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.testing.GsmModemFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.github.modemvoice.testing.GsmModemFixture.handler;

/**
 * What the tests of whole scripted GSM calls share: a {@link GsmModemFixture} that the test
 * creates for its dialect and that is closed after it, a folder for recordings, and a call rung
 * in whose handler answers and runs the test's body.
 */
abstract class ScriptedGsmCalls {
    static final Duration T = Duration.ofSeconds(5);
    static final String CALLER = "+4915112344567";

    @TempDir
    Path dir;
    GsmModemFixture fx;

    @AfterEach
    void closeFixture() {
        if (fx != null) {
            fx.close();
        }
    }

    /** @return a 440 Hz tone standing in for the caller's voice */
    static byte[] speech(int millis) {
        return Prompt.tone(440, Duration.ofMillis(millis), 0.3).pcm();
    }

    /**
     * Opens {@link #fx} with the answer scripted, with a handler running {@code body} on the
     * call thread, and rings with {@link #CALLER}'s number.
     *
     * @return what the body returns (or throws)
     */
    <R> CompletableFuture<R> onCall(GsmModemFixture.Body<R> body) {
        CompletableFuture<R> result = new CompletableFuture<>();
        fx.answerable().open(handler(result, body));
        fx.ring(CALLER);
        return result;
    }
}
