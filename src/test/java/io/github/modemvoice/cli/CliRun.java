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
    public static synchronized CliRun of(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = new CommandLine(new Main()).execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new CliRun(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}
