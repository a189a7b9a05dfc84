package io.github.modemvoice.cli;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the command line, with what it printed.
 *
 * @param status the exit status
 * @param out    standard output
 * @param err    standard error (the library's log goes there too)
 */
public record CliRun(int status, String out, String err) {

    /**
     * Runs {@code modem-voice args...} in this JVM, capturing System.out and System.err.
     *
     * @param args the command line
     * @return the result
     */
    public static CliRun of(String... args) {
        return capture(() -> new CommandLine(new Main()).execute(args));
    }

    /**
     * Like {@link #of}, through {@link Main#run}: {@code --config FILE} expanded and the exit
     * statuses mapped as the jar does.
     *
     * @param args the command line
     * @return the result
     */
    public static CliRun ofMain(String... args) {
        return capture(() -> Main.run(args));
    }

    /**
     * Like {@link #ofMain}, with {@code input} on standard input (what a pipe gives a command
     * that reads it, e.g. {@code hash-password}).
     *
     * @param input the standard input
     * @param args  the command line
     * @return the result
     */
    public static CliRun ofMainWithInput(String input, String... args) {
        java.io.InputStream in = System.in;
        System.setIn(new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return ofMain(args);
        } finally {
            System.setIn(in);
        }
    }

    private static synchronized CliRun capture(java.util.function.IntSupplier command) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = command.getAsInt();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new CliRun(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}
