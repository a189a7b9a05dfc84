package io.github.modemvoice.call;

import java.time.Duration;

/**
 * Follows a recording as it happens, e.g. for a live elapsed-time display. Called on the
 * recording thread; must return quickly and must not throw (exceptions are logged and ignored).
 */
public interface RecordListener {

    /** Does nothing. */
    RecordListener NONE = new RecordListener() {
    };

    /** The audio path is in recording mode: audio from now on is captured. */
    default void started() {
    }

    /**
     * More audio was written.
     *
     * @param recorded the audio captured so far, exact to the sample (125 µs at 8 kHz)
     */
    default void progress(Duration recorded) {
    }
}
