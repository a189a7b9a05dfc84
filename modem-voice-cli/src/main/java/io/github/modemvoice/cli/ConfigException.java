package io.github.modemvoice.cli;

/** A configuration the command cannot use: a secret file, a setting; exits {@link ExitStatus#CONFIG}. */
final class ConfigException extends RuntimeException {
    ConfigException(String message) {
        super(message);
    }

    ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
