package io.github.modemvoice.machine;

import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.voicemail.StorageCheck;

/**
 * An {@link AnsweringMachine} refused to start: a mailbox's storage cannot keep one more message
 * of the longest length (every caller would be cut off). Nothing was opened.
 */
public final class StorageUnusableException extends ModemVoiceException {
    private static final long serialVersionUID = 1L;

    /** What the check found. */
    private final transient StorageCheck.Result result;

    /**
     * @param result the failed check
     * @param cause  the failure behind it, or null
     */
    public StorageUnusableException(StorageCheck.Result result, Throwable cause) {
        super("cannot store messages in " + result.location() + ": " + result.reason(), cause);
        this.result = result;
    }

    /** @return where (a directory, a database table) */
    public String location() {
        return result.location();
    }

    /** @return why, in words */
    public String reason() {
        return result.reason();
    }
}
