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
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** Makes a password hash for the web mailbox's {@code --password-file}. */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = "Hash a web mailbox password (PBKDF2-HMAC-SHA256); reads it from the terminal, or from "
                + "the first line of standard input when there is no terminal.")
final class HashPasswordCommand implements Callable<Integer> {
    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the hash to this new file (mode 0600) instead of standard output.")
    Path output;

    @Option(names = "--iterations", description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).")
    int iterations = Passwords.DEFAULT_ITERATIONS;

    @Override
    public Integer call() throws IOException {
        char[] password = read();
        String hash;
        try {
            hash = Passwords.hash(password, iterations);
        } finally {
            Arrays.fill(password, '\0');
        }
        if (output == null) {
            System.out.println(hash);
            return ExitStatus.OK;
        }
        if (output.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(output, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(output);
        }
        Files.writeString(output, hash + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        System.err.println("wrote " + output);
        return ExitStatus.OK;
    }

    private static char[] read() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password: ");
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
