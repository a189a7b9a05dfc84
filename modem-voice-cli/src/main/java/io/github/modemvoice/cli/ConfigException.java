package io.github.modemvoice.cli;

import java.util.Optional;

/**
 * A configuration the command cannot use: a secret file, a setting; exits {@link ExitStatus#CONFIG}.
 * When it names the option whose value is wrong and that value came from the {@code --config}
 * file, {@link Main} adds the file and line.
 */
final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The option whose value is wrong, as {@code --name}; null when none is. */
    private final String option;

    ConfigException(String message) {
        this(null, message, null);
    }

    ConfigException(String message, Throwable cause) {
        this(null, message, cause);
    }

    /**
     * @param option  the option whose value (a file's path) is wrong, e.g. {@code --password-file}
     * @param message the whole message (it names the option)
     * @param cause   the failure behind it, or null
     */
    ConfigException(String option, String message, Throwable cause) {
        super(message, cause);
        this.option = option;
    }

    /** @return the option whose value is wrong, if one is */
    Optional<String> option() {
        return Optional.ofNullable(option);
    }
}
