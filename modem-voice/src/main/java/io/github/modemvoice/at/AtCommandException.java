package io.github.modemvoice.at;

import io.github.modemvoice.ModemVoiceException;

import java.util.Optional;

/** The modem answered a command with an error result ({@code ERROR}, {@code +CME ERROR: n}, ...). */
public class AtCommandException extends ModemVoiceException {
    private final transient AtResponse response;

    /** @param response the failed response */
    public AtCommandException(AtResponse response) {
        super("AT command " + safeCommand(response.command()) + " failed: " + response.finalLine());
        this.response = response;
    }

    /** @return the full response */
    public AtResponse response() {
        return response;
    }

    /** @return the final result */
    public FinalResult result() {
        return response.result();
    }

    /** @return the numeric CME/CMS error code when there was one */
    public Optional<Integer> errorCode() {
        return response.errorCode();
    }

    /**
     * Hides the digits of dial-like commands ({@code ATD}, {@code AT+CTFR}) so that a phone
     * number never lands in an exception message or a log line.
     *
     * @param command the command text
     * @return the command, safe to log
     */
    public static String safeCommand(String command) {
        String upper = command.toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("ATD") || upper.startsWith("AT+CTFR") || upper.startsWith("AT+VTS")) {
            int cut = upper.startsWith("ATD") ? 3 : command.indexOf('=') + 1;
            if (cut <= 0) {
                cut = command.length();
            }
            return command.substring(0, cut) + "<" + (command.length() - cut) + " chars>";
        }
        return command;
    }
}
