package io.github.modemvoice;

/**
 * A blocking operation was interrupted ({@link Thread#interrupt()}). The thread's interrupt
 * flag is set again before this is thrown, so the interruption is not lost.
 */
public class OperationInterruptedException extends ModemVoiceException {
    /**
     * @param operation what was interrupted
     * @param cause     the original interruption
     */
    public OperationInterruptedException(String operation, InterruptedException cause) {
        super(operation + " was interrupted", cause);
    }
}
