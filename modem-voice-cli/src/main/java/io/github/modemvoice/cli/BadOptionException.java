package io.github.modemvoice.cli;

/**
 * One option's value is wrong: a number out of range, a key that is not a DTMF key, a dialect
 * no family answers to. Exits {@link ExitStatus#USAGE} when the value was typed on the command
 * line, and {@link ExitStatus#CONFIG} naming the file and line when it came from the
 * {@code --config} file ({@link Main}).
 */
final class BadOptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The option, as {@code --name}. */
    private final String option;

    /**
     * @param option  the option, e.g. {@code --max-seconds}
     * @param message the whole message, in the user's words (it names the option)
     */
    BadOptionException(String option, String message) {
        super(message);
        this.option = option;
    }

    /**
     * @param option  the option
     * @param message the whole message
     * @param cause   the failure behind it
     */
    BadOptionException(String option, String message, Throwable cause) {
        super(message, cause);
        this.option = option;
    }

    /** @return the option, as {@code --name} */
    String option() {
        return option;
    }
}
