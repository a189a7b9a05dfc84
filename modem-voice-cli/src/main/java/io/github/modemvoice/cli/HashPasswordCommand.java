package io.github.modemvoice.cli;

import io.github.modemvoice.web.Passwords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * Makes a password hash for the web mailbox's {@code --password-file}.
 *
 * <p>The password is the web mailbox's only factor, so it must have at least
 * {@link #MIN_LENGTH} characters (Unicode code points), as NIST SP 800-63B-4 (2025), section
 * 3.1.1.2, requires of a password used as a single-factor authenticator; no composition rules
 * (the same section forbids them), and up to {@link #MAX_LENGTH}. An existing {@code --output}
 * file is replaced only with {@code --force} (then atomically, still 0600).
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = {"Hash a web mailbox password (PBKDF2-HMAC-SHA256); reads it from the terminal, or from "
                + "the first line of standard input when there is no terminal.",
                "The password must have at least " + HashPasswordCommand.MIN_LENGTH + " characters (NIST SP 800-63B-4"
                        + " for a password that is the only factor): a few words make a good one."})
final class HashPasswordCommand implements Callable<Integer> {
    /** The shortest password accepted (NIST SP 800-63B-4, 3.1.1.2: single-factor passwords). */
    static final int MIN_LENGTH = 15;
    /** The longest password accepted (SP 800-63B-4 asks verifiers to allow at least 64). */
    static final int MAX_LENGTH = 256;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the hash to this new file (mode 0600) instead of standard output.")
    Path output;

    @Option(names = "--force", description = "Replace the --output file if it exists.")
    boolean force;

    @Option(names = "--iterations", description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).")
    int iterations = Passwords.DEFAULT_ITERATIONS;

    @Override
    public Integer call() throws IOException {
        if (output != null && !force && Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            // checked before the password is asked for
            System.err.println("modem-voice: " + output + " already exists; give --force to replace it"
                    + " (a running answer or serve reads the new one when it starts again)");
            return ExitStatus.STORAGE_UNUSABLE;
        }
        char[] password = read();
        String hash;
        try {
            requireLength(password);
            hash = Passwords.hash(password, iterations);
        } finally {
            Arrays.fill(password, '\0');
        }
        if (output == null) {
            System.out.println(hash);
            return ExitStatus.OK;
        }
        return CliFiles.writePrivate(output, (hash + "\n").getBytes(StandardCharsets.UTF_8), force, "give --force to replace it");
    }

    /**
     * @param password the password
     * @throws IllegalArgumentException saying what is too short or too long (never the password)
     */
    static void requireLength(char[] password) {
        int length = Character.codePointCount(password, 0, password.length);
        if (length < MIN_LENGTH) {
            throw new IllegalArgumentException("the password has " + length + " characters; at least " + MIN_LENGTH
                    + " are needed for a password that is the only thing between the internet and the callers' messages"
                    + " (NIST SP 800-63B-4): a few words make one that is easy to remember");
        }
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("the password has " + length + " characters; at most " + MAX_LENGTH);
        }
    }

    private static char[] read() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password (at least " + MIN_LENGTH + " characters): ");
            char[] again = console.readPassword("Again: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            Arrays.fill(again, '\0');
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            throw new IllegalArgumentException("no password on standard input");
        }
        return line.toCharArray();
    }
}
