package io.github.modemvoice.cli;

import io.github.modemvoice.internal.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a secret comes from, in this order: a file ({@code --x-secret-file}), the legacy
 * command-line value ({@code --x-secret}, visible to every local user in {@code ps}: a warning
 * says so), an environment variable. One pattern for every secret the CLI takes: the webhook's
 * HMAC key, the Slack webhook URL, the SMTP and database passwords, the transcription service's
 * API key, the caller-number HMAC key.
 *
 * @param option      the file option's name, e.g. {@code --webhook-secret-file}
 * @param legacyOption the command-line option's name, e.g. {@code --webhook-secret}; null for the
 *                    secrets that never had one
 * @param envVariable the environment variable, e.g. {@code MODEMVOICE_WEBHOOK_SECRET}
 */
record SecretSource(String option, String legacyOption, String envVariable) {

    /** The webhook's HMAC secret. */
    static final SecretSource WEBHOOK = new SecretSource("--webhook-secret-file", "--webhook-secret", "MODEMVOICE_WEBHOOK_SECRET");
    /** The Slack incoming-webhook URL (whoever has it can post to the channel). */
    static final SecretSource SLACK_WEBHOOK = new SecretSource("--slack-webhook-file", null, "MODEMVOICE_SLACK_WEBHOOK");
    /** The SMTP login's password. */
    static final SecretSource SMTP_PASSWORD = new SecretSource("--smtp-password-file", null, "MODEMVOICE_SMTP_PASSWORD");
    /** The database password of {@code --jdbc-url}. */
    static final SecretSource JDBC_PASSWORD = new SecretSource("--jdbc-password-file", null, "MODEMVOICE_JDBC_PASSWORD");
    /** The API key of the transcription service. */
    static final SecretSource TRANSCRIBE_KEY = new SecretSource("--transcribe-key-file", null, "MODEMVOICE_TRANSCRIBE_KEY");
    /** The key of {@code --caller-privacy hmac}. */
    static final SecretSource CALLER_HMAC_KEY = new SecretSource("--caller-hmac-key-file", null, "MODEMVOICE_CALLER_HMAC_KEY");

    /**
     * A secret without a command-line form: the file, else the environment.
     *
     * @param file     the file option's value, or null
     * @param env      the environment
     * @param warnings where warnings go (stderr)
     * @return the secret, if either gave one
     * @throws ConfigException naming the file and the reason when it cannot be used
     */
    Optional<String> resolve(Path file, Map<String, String> env, PrintStream warnings) {
        return resolve(file, null, env, warnings);
    }

    /**
     * @param file        the file option's value, or null
     * @param commandLine the command-line option's value, or null
     * @param env         the environment
     * @param warnings    where warnings go (stderr)
     * @return the secret, if any source gave one
     * @throws IllegalArgumentException when both the file and the command-line value are given
     * @throws ConfigException          naming the file and the reason when it cannot be used
     */
    Optional<String> resolve(Path file, String commandLine, Map<String, String> env, PrintStream warnings) {
        if (file != null && commandLine != null) {
            throw new IllegalArgumentException(option + " and " + legacyOption + " are both given; use " + option + " only");
        }
        if (file != null) {
            return Optional.of(read(file, warnings));
        }
        if (commandLine != null) {
            warnings.println("modem-voice: warning: " + legacyOption + " is visible to every user of this machine in ps "
                    + "and /proc; use " + option + " FILE (mode 0600) or the environment variable " + envVariable);
            return Optional.of(requireNonBlank(commandLine, legacyOption));
        }
        String fromEnv = env.get(envVariable);
        if (fromEnv != null) {
            return Optional.of(requireNonBlank(fromEnv, "the environment variable " + envVariable));
        }
        return Optional.empty();
    }

    private String read(Path file, PrintStream warnings) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(option, option + ": cannot read " + file + ": " + AtomicFiles.describe(e), e);
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            try {
                Set<PosixFilePermission> perms = posix.readAttributes().permissions();
                if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
                    warnings.println("modem-voice: warning: " + file + " (" + option + ") is readable by other users ("
                            + PosixFilePermissions.toString(perms) + "); chmod 600 " + file);
                }
            } catch (IOException e) {
                warnings.println("modem-voice: warning: cannot check the permissions of " + file + ": " + e.getMessage());
            }
        }
        // one trailing line end is not part of the secret (echo and editors add it)
        String secret = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (secret.isBlank()) {
            throw new ConfigException(option, option + ": " + file + " is empty", null);
        }
        return secret;
    }

    private static String requireNonBlank(String value, String where) {
        if (value.isBlank()) {
            throw new ConfigException(where + ": the secret is empty");
        }
        return value;
    }
}
