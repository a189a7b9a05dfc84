package io.github.modemvoice.cli;

/**
 * Something the command needs is held or absent on this machine (the web mailbox's address is in
 * use); exits {@link ExitStatus#MODEM_UNAVAILABLE} (69, {@code EX_UNAVAILABLE}) with one line.
 */
final class UnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
