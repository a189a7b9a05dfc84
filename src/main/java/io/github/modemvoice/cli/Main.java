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
                RecoverCommand.class})
public final class Main implements Runnable {

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
        System.exit(execute(cl, effective));
    }

    /**
     * Runs a command line with the exit statuses of {@link ExitStatus}.
     *
     * @param cl   the command line
     * @param args its arguments
     * @return the exit status
     */
    static int execute(CommandLine cl, String... args) {
        // a wrong option or value: EX_USAGE, not picocli's 2
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? ExitStatus.USAGE : ExitStatus.SOFTWARE);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("modem-voice: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (e instanceof ConfigException) {
                return ExitStatus.CONFIG;
            }
            if (e instanceof IllegalArgumentException) {
                return ExitStatus.USAGE;
            }
            if (!(e instanceof io.github.modemvoice.ModemVoiceException)) {
                e.printStackTrace(cmd.getErr()); // a bug: keep the trace for the report
            }
            return ExitStatus.SOFTWARE;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new DemoCommand().call();
    }
}
