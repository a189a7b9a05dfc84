package io.github.modemvoice.internal;

/**
 * Running clean-up that must not be cut short by a pending interrupt (closing a WAV file,
 * ending a voice phase, hanging up) while keeping the thread's interrupt status for its owner.
 * Not API.
 */
public final class Interrupts {
    private Interrupts() {
    }

    /**
     * Clears the interrupt flag, runs the task, and sets the flag again when it was set before
     * (an interrupt raised during the task stays as the task left it).
     *
     * @param task the clean-up
     */
    public static void runCleared(Runnable task) {
        boolean interrupted = Thread.interrupted();
        try {
            task.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
