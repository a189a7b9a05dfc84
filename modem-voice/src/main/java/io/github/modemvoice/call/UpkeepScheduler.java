package io.github.modemvoice.call;

import java.time.Duration;

/**
 * Runs a {@link Modem}'s upkeep: the re-initialisation once a restarted modem's boot
 * announcements have gone quiet, and the idle watchdog's probes. By default each modem has a
 * thread of its own for this; tests give {@link ModemConfig.Builder#upkeepScheduler} a manual one
 * (the testing kit's {@code ManualUpkeep}) to run the timing deterministically.
 *
 * <p>Tasks may block for as long as a few AT commands take; an implementation runs them one at a
 * time.
 */
@FunctionalInterface
public interface UpkeepScheduler {

    /** A scheduled task. */
    @FunctionalInterface
    interface Task {
        /** Cancels the task if it has not started yet; idempotent. */
        void cancel();
    }

    /**
     * @param task  what to run
     * @param delay how long from now
     * @return the handle that cancels it
     */
    Task schedule(Runnable task, Duration delay);
}
