package io.github.modemvoice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The modem-voice command line: a runnable answering machine. {@code demo} (the default) runs
 * against the built-in simulated modem; {@code answer} runs on a real modem.
 */
@Command(name = "modem-voice", mixinStandardHelpOptions = true, version = "modem-voice 0.1.0",
        description = "An answering machine on an AT-command voice modem.",
        subcommands = {DemoCommand.class, AnswerCommand.class, ListCommand.class, ShowCommand.class,
                RecoverCommand.class, ServeCommand.class, HashPasswordCommand.class})
public final class Main implements Runnable {

    /** The exit code after a stored message or a call that left none. */
    static final int OK = 0;
    /** The exit code when the modem cannot be opened or initialised. */
    static final int MODEM_FAILED = 2;
    /** The exit code for bad usage or configuration. */
    static final int USAGE = 64;

    /**
     * @param args command line; no arguments runs {@code demo}
     */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        String[] effective = args.length == 0 ? new String[] {"demo"} : args;
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("modem-voice: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof IllegalArgumentException ? USAGE : 1;
        });
        System.exit(cl.execute(effective));
    }

    @Override
    public void run() {
        new DemoCommand().call();
    }
}
