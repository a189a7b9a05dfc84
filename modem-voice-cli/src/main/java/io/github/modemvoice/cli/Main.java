package io.github.modemvoice.cli;

import io.github.modemvoice.machine.StorageUnusableException;
import io.github.modemvoice.voicemail.MessageStoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The modem-voice command line: a runnable answering machine. {@code demo} (the default) runs
 * against the built-in simulated modem; {@code answer} runs on a real modem.
 */
@Command(name = "modem-voice", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "An answering machine on an AT-command voice modem.",
        subcommands = {DemoCommand.class, AnswerCommand.class, ListCommand.class, ShowCommand.class,
                PlayCommand.class, HeardCommand.class, DeleteCommand.class, PruneCommand.class, RecoverCommand.class, StatusCommand.class, ServeCommand.class, HashPasswordCommand.class,
                SimulateCommand.class, ProbeCommand.class})
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
        } catch (ConfigException e) {
            cl.getErr().println("modem-voice: " + e.getMessage());
            return ExitStatus.CONFIG;
        }
        // the file's settings come first: a flag typed on the command line overrides them
        cl.setOverwrittenOptionsAllowed(true);
        ConfigFile config = expanded.config();
        if (config != null && expanded.command().getCommand() instanceof ConfigFile.Reader reader) {
            reader.configFile(config);
        }
        if (config != null) {
            CommandLine.IParameterExceptionHandler standard = cl.getParameterExceptionHandler();
            cl.setParameterExceptionHandler((ex, parsedArgs) -> {
                int line = ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o ? expanded.lineOf(o.longestName()) : -1;
                if (line < 0) {
                    return standard.handleParseException(ex, parsedArgs);
                }
                ex.getCommandLine().getErr().println("modem-voice: " + config.path() + ":" + line + ": " + ex.getMessage());
                return ExitStatus.CONFIG;
            });
        }
        return execute(cl, expanded, expanded.args()); // execute sets the exit statuses and the failure report
    }

    /**
     * Runs a command line with the exit statuses of {@link ExitStatus}.
     *
     * @param cl   the command line
     * @param args its arguments
     * @return the exit status
     */
    static int execute(CommandLine cl, String... args) {
        return execute(cl, null, args);
    }

    /**
     * @param cl       the command line
     * @param expanded the {@code --config} expansion, for the file and line of a bad value; or null
     * @param args     its arguments
     * @return the exit status
     */
    private static int execute(CommandLine cl, ConfigFile.Expanded expanded, String... args) {
        // a wrong option or value: EX_USAGE, not picocli's 2
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? ExitStatus.USAGE : ExitStatus.SOFTWARE);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String option = e instanceof BadOptionException bad ? bad.option()
                    : e instanceof ConfigException c ? c.option().orElse(null) : null;
            int line = option != null && expanded != null ? expanded.lineOf(option) : -1;
            if (line >= 0) {
                // the bad value came from the configuration file: say where
                cmd.getErr().println("modem-voice: " + expanded.config().path() + ":" + line + ": " + e.getMessage());
                return ExitStatus.CONFIG;
            }
            cmd.getErr().println("modem-voice: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (e instanceof MessageStoreException || e instanceof StorageUnusableException) {
                return ExitStatus.STORAGE_UNUSABLE; // a message directory or database that cannot be used
            }
            if (e instanceof UnavailableException) {
                return ExitStatus.MODEM_UNAVAILABLE; // e.g. the web mailbox's port is taken
            }
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

    /** Where the Debian package installs the jar (its {@code /usr/bin/modem-voice} runs it). */
    static final Path PACKAGED_JAR = Path.of("/usr/share/modem-voice/modem-voice-cli.jar");

    /**
     * @return how the user runs this command again, for hints: {@code modem-voice} when it runs
     *         from the installed package, else {@code java -jar} and the jar (relative to the
     *         working directory when it is under it), or the build's jar when not run from a jar
     */
    static String invocation() {
        Path jar;
        try {
            jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return "java -jar target/modem-voice-cli.jar";
        }
        if (!jar.toString().endsWith(".jar")) {
            return "java -jar target/modem-voice-cli.jar"; // classes of a build, e.g. in the tests
        }
        if (jar.equals(PACKAGED_JAR)) {
            return "modem-voice";
        }
        Path here = Path.of("").toAbsolutePath();
        return "java -jar " + (jar.startsWith(here) ? here.relativize(jar) : jar);
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
