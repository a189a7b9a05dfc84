package io.github.modemvoice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The modem-voice command line: a runnable answering machine. {@code demo} (the default) runs
 * against the built-in simulated modem; {@code answer} runs on a real modem.
 */
@Command(name = "modem-voice", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "An answering machine on an AT-command voice modem.",
        subcommands = {DemoCommand.class, AnswerCommand.class, ListCommand.class, ShowCommand.class,
                RecoverCommand.class, StatusCommand.class, ServeCommand.class, HashPasswordCommand.class})
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
        System.exit(run(args.length == 0 ? new String[] {"demo"} : args));
    }

    /**
     * Parses and runs a command line, with {@code --config FILE} expanded (see {@link ConfigFile}).
     *
     * @param args the arguments
     * @return the exit status ({@link ExitStatus})
     */
    static int run(String[] args) {
        return run(args, null);
    }

    /**
     * @param args the arguments
     * @param err  where errors go, or null for the standard error stream
     * @return the exit status
     */
    static int run(String[] args, java.io.PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        if (err != null) {
            cl.setErr(err);
        }
        ConfigFile.Expanded expanded;
        try {
            expanded = ConfigFile.expand(cl, args);
        } catch (ConfigFile.ConfigException e) {
            cl.getErr().println("modem-voice: " + e.getMessage());
            return ExitStatus.CONFIG;
        }
        // the file's settings come first: a flag typed on the command line overrides them
        cl.setOverwrittenOptionsAllowed(true);
        ConfigFile config = expanded.config();
        if (config != null) {
            CommandLine.IParameterExceptionHandler standard = cl.getParameterExceptionHandler();
            cl.setParameterExceptionHandler((ex, parsedArgs) -> {
                int line = ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o ? config.lineOf(o.longestName()) : -1;
                if (line < 0) {
                    return standard.handleParseException(ex, parsedArgs);
                }
                ex.getCommandLine().getErr().println("modem-voice: " + config.path() + ":" + line + ": " + ex.getMessage());
                return ExitStatus.CONFIG;
            });
        }
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("modem-voice: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof IllegalArgumentException ? USAGE : 1;
        });
        return cl.execute(expanded.args());
    }

    @Override
    public void run() {
        new DemoCommand().call();
    }

    /** {@code --version}: the project version that the build wrote into {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = Main.class.getResourceAsStream("/io/github/modemvoice/version.properties")) {
                if (in == null) throw new java.io.IOException("io/github/modemvoice/version.properties is not on the class path");
                p.load(in);
            }
            return new String[] {"modem-voice " + p.getProperty("version")};
        }
    }
}
