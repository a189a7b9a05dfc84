package io.github.modemvoice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The answering machine's configuration file: every long option of a command, one per line, as
 * {@code name = value} without the leading {@code --}. Blank lines and lines starting with
 * {@code #} are ignored; a value that is one double-quoted string is unquoted (to keep leading
 * or trailing blanks); other double quotes stay as written (a {@code transcribe-command} with
 * quoted words is split by its option). A flag ({@code once}, {@code verbose}) takes {@code true} or {@code false}.
 *
 * <pre>
 * # /etc/modem-voice/modem-voice.conf
 * at-port     = /dev/serial/by-id/usb-SimTech__Incorporated_SimTech__Incorporated_0123456789ABCDEF-if02-port0
 * audio-port  = /dev/serial/by-id/usb-SimTech__Incorporated_SimTech__Incorporated_0123456789ABCDEF-if04-port0
 * dialect     = simcom
 * dir         = /var/lib/modem-voice/messages
 * max-seconds = 180
 * </pre>
 *
 * <p>The file becomes command-line arguments placed <em>before</em> the ones the user typed, so
 * a flag on the command line overrides the file. Everything is checked before the modem is
 * touched: a missing or unreadable file, a line that is not {@code name = value}, a name that
 * is not an option of the command, a name given twice, a flag with a value other than
 * {@code true}/{@code false}, and a value the option rejects (its error then names the file and
 * line). Secrets are refused in the file: a name ending in {@code secret}, {@code password},
 * {@code token} or {@code key} must be given as its {@code -file} variant or in the environment,
 * so that the secret lives in a file of its own with its own permissions.
 *
 * <p>Several modems: after the global options, one section per modem, opened by a line
 * {@code [modem NAME]} and holding that modem's settings (see {@link ModemLines}); the global
 * options are every line's defaults. A file without sections is a one-modem file as before.
 *
 * <pre>
 * dir = /var/lib/modem-voice/messages
 * [modem office]
 * at-port    = /dev/serial/by-id/usb-SimTech...-if02-port0
 * audio-port = /dev/serial/by-id/usb-SimTech...-if04-port0
 * [modem fax-line]
 * at-port = /dev/ttyACM0
 * dialect = v253
 * dir     = /var/lib/modem-voice/fax-line
 * </pre>
 */
final class ConfigFile {
    /** The option that names the file. */
    static final String OPTION = "--config";
    /** The command whose options the file holds; other commands take the ones they share with it. */
    static final String OWNER = "answer";

    private static final Pattern SECRET_NAME = Pattern.compile(".*(secret|password|token|key)$");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern SECTION = Pattern.compile("\\[\\s*modem\\s+([A-Za-z0-9_-]{1,32})\\s*]");

    /** One setting and where it came from. */
    record Entry(String name, String value, int line) {
    }

    /**
     * One {@code [modem NAME]} section.
     *
     * @param name    the modem's (line's) name
     * @param line    the line of its heading
     * @param entries its settings in file order
     */
    record Section(String name, int line, List<Entry> entries) {
    }

    private final Path path;
    private final List<Entry> entries;
    private final List<Section> sections;

    private ConfigFile(Path path, List<Entry> entries, List<Section> sections) {
        this.path = path;
        this.entries = entries;
        this.sections = sections;
    }

    /** @return the {@code [modem NAME]} sections in file order; empty for a one-modem file */
    List<Section> sections() {
        return sections;
    }

    /** @return the settings in file order */
    List<Entry> entries() {
        return entries;
    }

    /**
     * Reads and checks the syntax of a configuration file.
     *
     * @param path the file
     * @return its settings
     * @throws ConfigException naming the file (and line) when it is missing, unreadable or malformed
     */
    static ConfigFile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path + ": no such configuration file");
        } catch (CharacterCodingException e) {
            throw new ConfigException(path + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read the configuration file (" + e.getMessage() + ")");
        }
        Map<String, Entry> global = new LinkedHashMap<>();
        Map<String, Entry> seen = global;
        Map<String, Integer> sectionLines = new LinkedHashMap<>();
        Map<String, Map<String, Entry>> sectionEntries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                java.util.regex.Matcher m = SECTION.matcher(line);
                if (!m.matches()) {
                    throw new ConfigException(where(path, lineNo) + "expected a section '[modem NAME]' (NAME: 1-32 letters,"
                            + " digits, '-' or '_'), found '" + line + "'");
                }
                Integer earlier = sectionLines.putIfAbsent(m.group(1), lineNo);
                if (earlier != null) {
                    throw new ConfigException(where(path, lineNo) + "modem '" + m.group(1) + "' is already defined on line " + earlier);
                }
                seen = new LinkedHashMap<>();
                sectionEntries.put(m.group(1), seen);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(where(path, lineNo) + "expected 'name = value', found '" + line + "'");
            }
            String name = line.substring(0, eq).strip();
            if (name.startsWith("--")) {
                name = name.substring(2);
            }
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException(where(path, lineNo) + "'" + name
                        + "' is not an option name (lower-case letters, digits and '-', e.g. max-seconds)");
            }
            String value = unquote(line.substring(eq + 1).strip(), path, lineNo);
            Entry earlier = seen.put(name, new Entry(name, value, lineNo));
            if (earlier != null) {
                throw new ConfigException(where(path, lineNo) + "'" + name + "' is already set on line " + earlier.line());
            }
        }
        List<Section> sections = new ArrayList<>();
        sectionEntries.forEach((name, es) -> sections.add(new Section(name, sectionLines.get(name), List.copyOf(es.values()))));
        return new ConfigFile(path, List.copyOf(global.values()), List.copyOf(sections));
    }

    /**
     * Checks every setting against a command's options and turns them into arguments.
     *
     * @param spec the command the file configures
     * @return arguments such as {@code --max-seconds=180} and {@code --once}
     * @throws ConfigException naming the line for an unknown option, a secret, or a bad flag value
     */
    List<String> toArguments(CommandSpec spec) {
        List<String> args = new ArrayList<>();
        for (Entry e : entries) {
            OptionSpec option = spec.findOption("--" + e.name());
            if (option == null || e.name().equals("config") || e.name().equals("help") || e.name().equals("version")) {
                throw new ConfigException(where(path, e.line()) + "'" + e.name() + "' is not an option of '"
                        + spec.qualifiedName() + "'" + suggestion(spec, e.name()));
            }
            if (SECRET_NAME.matcher(e.name()).matches()) {
                throw new ConfigException(where(path, e.line()) + "'" + e.name()
                        + "' is a secret: put it in a file of its own (mode 0600) and set '" + e.name()
                        + "-file' instead, or use the environment variable named in --help");
            }
            if (option.arity().max() == 0) {
                switch (e.value().toLowerCase(Locale.ROOT)) {
                    case "true" -> args.add("--" + e.name());
                    case "false" -> { }
                    default -> throw new ConfigException(where(path, e.line()) + "'" + e.name()
                            + "' is a flag: its value must be true or false, was '" + e.value() + "'");
                }
            } else {
                args.add("--" + e.name() + "=" + e.value());
            }
        }
        return args;
    }

    /**
     * @param option an option name as picocli reports it, e.g. {@code --max-seconds}
     * @return the line that set it, or -1 when the file does not set it
     */
    int lineOf(String option) {
        String name = option.startsWith("--") ? option.substring(2) : option;
        return entries.stream().filter(e -> e.name().equals(name)).mapToInt(Entry::line).findFirst().orElse(-1);
    }

    /** @return the file */
    Path path() {
        return path;
    }

    /**
     * Expands {@code --config FILE} (or {@code --config=FILE}) in a command line: the file's
     * settings are inserted right after the subcommand's name, before the user's own arguments,
     * which therefore win. Arguments without {@code --config} are returned unchanged.
     *
     * @param root the root command line (its subcommands are looked up by name)
     * @param args the arguments as typed
     * @return the expanded arguments and the file, if one was given
     * @throws ConfigException for a bad file or a {@code --config} without a value
     */
    static Expanded expand(CommandLine root, String[] args) {
        int at = -1;
        String file = null;
        int width = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals(OPTION)) {
                if (i + 1 >= args.length) {
                    throw new ConfigException(OPTION + " needs a file name");
                }
                at = i;
                file = args[i + 1];
                width = 2;
            } else if (args[i].startsWith(OPTION + "=")) {
                at = i;
                file = args[i].substring(OPTION.length() + 1);
                width = 1;
            }
        }
        if (at < 0) {
            return new Expanded(args, null, null, Set.of());
        }
        int sub = -1;
        for (int i = 0; i < at; i++) {
            if (root.getSubcommands().containsKey(args[i])) {
                sub = i;
                break;
            }
        }
        if (sub < 0) {
            throw new ConfigException(OPTION + " must follow a command, e.g. 'answer " + OPTION + " FILE'");
        }
        CommandLine command = root.getSubcommands().get(args[sub]);
        if (command.getCommandSpec().findOption(OPTION) == null) {
            throw new ConfigException("'" + args[sub] + "' does not take " + OPTION);
        }
        ConfigFile config = read(Path.of(file));
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= sub; i++) {
            out.add(args[i]);
        }
        // the file is the answering machine's: check it against 'answer', then pass each command
        // the options it has (status takes --dir from the same file)
        CommandLine owner = root.getSubcommands().getOrDefault(OWNER, command);
        for (String arg : config.toArguments(owner.getCommandSpec())) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (command.getCommandSpec().findOption(name) != null) {
                out.add(arg);
            }
        }
        Set<String> typed = new HashSet<>();
        for (int i = sub + 1; i < args.length; i++) {
            if (i >= at && i < at + width) {
                continue;
            }
            out.add(args[i]);
            if (args[i].startsWith("--")) {
                typed.add(args[i].contains("=") ? args[i].substring(0, args[i].indexOf('=')) : args[i]);
            }
        }
        return new Expanded(out.toArray(String[]::new), config, command, Set.copyOf(typed));
    }

    /**
     * A command line after {@link #expand}.
     *
     * @param args   the arguments to parse
     * @param config  the file they came from, or null
     * @param command the subcommand the file was expanded for, or null
     * @param typed   the long options the user typed on the command line (they override the file)
     */
    record Expanded(String[] args, ConfigFile config, CommandLine command, Set<String> typed) {
        /**
         * @param option an option as {@code --name}
         * @return the line of the file that gave the option its value, or -1 when the value was
         *         typed on the command line or the file does not set it
         */
        int lineOf(String option) {
            return config == null || typed.contains(option) ? -1 : config.lineOf(option);
        }
    }

    /** A command that reads more of the file than its options, e.g. {@code answer} its modem sections. */
    interface Reader {
        /** @param file the configuration file the command line named, before the command runs */
        void configFile(ConfigFile file);
    }

    private static String unquote(String value, Path path, int lineNo) {
        // only a value that is one quoted string: "whisper" -f "{wav}" (a transcription command
        // with quoted words) stays as written
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                && value.indexOf('"', 1) == value.length() - 1) {
            return value.substring(1, value.length() - 1);
        }
        if (value.startsWith("\"") && value.indexOf('"', 1) < 0) {
            throw new ConfigException(where(path, lineNo) + "the value opens a quote it does not close");
        }
        return value;
    }

    private static String suggestion(CommandSpec spec, String name) {
        Set<String> names = new java.util.TreeSet<>();
        for (OptionSpec o : spec.options()) {
            String longest = o.longestName();
            if (longest.startsWith("--")) {
                names.add(longest.substring(2));
            }
        }
        String best = null;
        int bestDistance = 3;
        for (String candidate : names) {
            int d = distance(candidate, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String where(Path path, int line) {
        return path + ":" + line + ": ";
    }
}
