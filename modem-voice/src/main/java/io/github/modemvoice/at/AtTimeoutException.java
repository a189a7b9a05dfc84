package io.github.modemvoice.at;

import io.github.modemvoice.ModemVoiceException;

import java.time.Duration;

/** No final result code arrived for a command within its timeout. */
public class AtTimeoutException extends ModemVoiceException {
    private final String command;
    private final Duration timeout;

    /**
     * @param command the command that timed out
     * @param timeout how long was waited
     */
    public AtTimeoutException(String command, Duration timeout) {
        super("AT command " + AtCommandException.safeCommand(command) + " got no final result within "
                + timeout.toMillis() + " ms");
        this.command = command;
        this.timeout = timeout;
    }

    /** @return the command, as sent */
    public String command() {
        return command;
    }

    /** @return how long was waited */
    public Duration timeout() {
        return timeout;
    }
}
