package io.github.modemvoice.cli;

import io.github.modemvoice.dialect.ModemFamily;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The modems of a several-modem answering machine: the {@code [modem NAME]} sections of its
 * configuration file ({@link ConfigFile}), checked and completed with the global options.
 *
 * <p>A section may set {@code at-port} (required), {@code audio-port}, {@code dialect},
 * {@code baud}, {@code dir}, {@code greeting} and {@code business-hours}; what it leaves out is
 * taken from the global options (the file's lines before the first section, and the command
 * line). Every other option (lengths, finish keys, notifications, the web mailbox) is global.
 * Two modems may share a message directory (one mailbox) but not a port. Every error names the
 * file and the line.
 */
final class ModemLines {
    /** The names a section may set. */
    static final Set<String> KEYS = Set.of("at-port", "audio-port", "dialect", "baud", "dir", "greeting", "business-hours");

    private ModemLines() {
    }

    /**
     * One modem and its settings.
     *
     * @param name          its name, in the status and in every message it takes ({@code line})
     * @param atPort        the AT command port
     * @param audioPort     the PCM audio port, empty for analog modems
     * @param dialect       a family's CLI name or {@code auto}
     * @param baud          the serial speed
     * @param dir           its message directory
     * @param greeting      its greeting WAV, empty for the global one
     * @param businessHours its business hours JSON, empty for the global ones
     * @param where         {@code file:line} of each setting and of the section heading (key {@code ""})
     */
    record ModemLine(String name, Path atPort, Optional<Path> audioPort, String dialect, int baud, Path dir,
                     Optional<Path> greeting, Optional<Path> businessHours, Map<String, String> where) {
        /**
         * @param key a setting's name
         * @return {@code file:line: } of the setting, or of the section when it was inherited
         */
        String at(String key) {
            return where.getOrDefault(key, where.get("")) + ": ";
        }

        /**
         * Reads the line's greeting and business-hours files (errors name file and line).
         *
         * @return the library's description of the line
         */
        io.github.modemvoice.machine.MachineLine toMachineLine() {
            io.github.modemvoice.machine.MachineLine.Builder mb = io.github.modemvoice.machine.MachineLine.builder(atPort)
                    .name(name).audioPort(audioPort.orElse(null)).baud(baud)
                    .family(AnswerCommand.family(dialect, at("dialect") + "dialect")).directory(dir);
            greeting.ifPresent(f -> mb.greeting(AnswerCommand.readPrompt(at("greeting") + "greeting", f)));
            businessHours.ifPresent(f -> {
                try {
                    mb.businessHours(AnswerCommand.readHours(f));
                } catch (ConfigException e) {
                    throw new ConfigException(at("business-hours") + e.getMessage(), e);
                }
            });
            return mb.build();
        }
    }

    /**
     * The global options, every section's defaults.
     *
     * @param dialect       {@code --dialect}
     * @param baud          {@code --baud}
     * @param dir           {@code --dir}
     * @param greeting      {@code --greeting}, or null
     * @param businessHours {@code --business-hours}, or null
     */
    record Defaults(String dialect, int baud, Path dir, Path greeting, Path businessHours) {
    }

    /**
     * @param file     the configuration file
     * @param defaults the global options
     * @return one modem per section, in file order
     * @throws ConfigException naming the file and line of an unknown name, a bad value, a missing
     *                         {@code at-port} or a port used twice
     */
    static List<ModemLine> of(ConfigFile file, Defaults defaults) {
        List<ModemLine> lines = new ArrayList<>();
        Map<Path, String> ports = new HashMap<>();
        for (ConfigFile.Section s : file.sections()) {
            Map<String, String> where = new LinkedHashMap<>();
            where.put("", file.path() + ":" + s.line());
            Map<String, String> values = new HashMap<>();
            for (ConfigFile.Entry e : s.entries()) {
                String at = file.path() + ":" + e.line();
                if (!KEYS.contains(e.name())) {
                    throw new ConfigException(at + ": '" + e.name() + "' cannot be set for one modem (a [modem] section takes "
                            + String.join(", ", new java.util.TreeSet<>(KEYS)) + "; put it before the first section)");
                }
                if (e.value().isEmpty()) {
                    throw new ConfigException(at + ": '" + e.name() + "' needs a value");
                }
                where.put(e.name(), at);
                values.put(e.name(), e.value());
            }
            if (!values.containsKey("at-port")) {
                throw new ConfigException(where.get("") + ": modem '" + s.name() + "' has no at-port");
            }
            String dialect = values.getOrDefault("dialect", defaults.dialect());
            if (!"auto".equalsIgnoreCase(dialect)) {
                try {
                    ModemFamily.byName(dialect);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(where.getOrDefault("dialect", where.get("")) + ": " + e.getMessage());
                }
            }
            int baud = defaults.baud();
            if (values.containsKey("baud")) {
                try {
                    baud = Integer.parseInt(values.get("baud"));
                } catch (NumberFormatException e) {
                    baud = 0;
                }
                if (baud < 1) {
                    throw new ConfigException(where.get("baud") + ": baud must be a whole number of at least 1, was '"
                            + values.get("baud") + "'");
                }
            }
            ModemLine line = new ModemLine(s.name(), Path.of(values.get("at-port")),
                    Optional.ofNullable(values.get("audio-port")).map(Path::of), dialect, baud,
                    Optional.ofNullable(values.get("dir")).map(Path::of).orElse(defaults.dir()),
                    Optional.ofNullable(values.get("greeting")).map(Path::of).or(() -> Optional.ofNullable(defaults.greeting())),
                    Optional.ofNullable(values.get("business-hours")).map(Path::of)
                            .or(() -> Optional.ofNullable(defaults.businessHours())),
                    Map.copyOf(where));
            claim(ports, line.atPort(), line, "at-port");
            if (line.audioPort().isPresent()) {
                claim(ports, line.audioPort().get(), line, "audio-port");
            }
            lines.add(line);
        }
        return List.copyOf(lines);
    }

    private static void claim(Map<Path, String> ports, Path port, ModemLine line, String key) {
        String earlier = ports.putIfAbsent(port.normalize(), line.name());
        if (earlier != null) {
            throw new ConfigException(line.at(key) + key + " " + port + " is already modem '" + earlier + "''s port");
        }
    }
}
