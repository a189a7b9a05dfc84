package io.github.modemvoice.cli;

import io.github.modemvoice.pipeline.JdbcMessageStore;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.MessageStore;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * The database options: messages kept in a database by JDBC URL (an SQLite file or PostgreSQL,
 * the driver on the class path) instead of the message directory. One set of options for
 * {@code answer} (beside its own {@code --dir}) and, through {@link StoreOptions}, for
 * {@code serve} and the mailbox commands.
 */
final class DatabaseOptions {
    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "Keep messages in this database instead of the directory, e.g. jdbc:sqlite:/var/lib/modem-voice/messages.db"
                    + " or jdbc:postgresql://db/voicemail (its JDBC driver on the class path); the directory then only"
                    + " holds recordings in progress.")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "The database user.")
    String jdbcUser;

    @Option(names = "--jdbc-password-file", paramLabel = "FILE",
            description = "File holding the database password (mode 0600). Or set the environment variable MODEMVOICE_JDBC_PASSWORD.")
    Path jdbcPasswordFile;

    @Option(names = "--jdbc-table", paramLabel = "NAME", description = "The messages table (default: "
            + JdbcMessageStore.DEFAULT_TABLE + "; the outbox is NAME_outbox).")
    String jdbcTable;

    /** @return true when messages go to a database */
    boolean jdbc() {
        return jdbcUrl != null;
    }

    /**
     * Checks the options and resolves the password now (before a modem is touched).
     *
     * @param env      the environment
     * @param warnings stderr
     * @return opens the store given the message (or, with a database, the spool) directory
     * @throws IllegalArgumentException for database options without {@code --jdbc-url}, or a URL that is not jdbc:
     */
    Function<Path, MessageStore> opener(Map<String, String> env, PrintStream warnings) {
        if (jdbcUrl == null) {
            if (jdbcUser != null || jdbcPasswordFile != null || jdbcTable != null) {
                throw new IllegalArgumentException("--jdbc-user, --jdbc-password-file and --jdbc-table need --jdbc-url");
            }
            return DirectoryMessageStore::new;
        }
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new BadOptionException("--jdbc-url", "--jdbc-url must start with jdbc:, e.g. jdbc:sqlite:/var/lib/modem-voice/messages.db, was "
                    + jdbcUrl);
        }
        String password = SecretSource.JDBC_PASSWORD.resolve(jdbcPasswordFile, env, warnings).orElse(null);
        return dir -> {
            JdbcMessageStore.Builder b = JdbcMessageStore.builder(new DriverManagerDataSource(jdbcUrl, jdbcUser, password))
                    .spoolDirectory(dir);
            if (jdbcTable != null) {
                b.tableName(jdbcTable);
            }
            return b.build();
        };
    }

    /** @return where messages are, for people (the URL without its query: it may carry a password) */
    String describe(Path dir) {
        if (jdbcUrl == null) {
            return dir.toAbsolutePath().toString();
        }
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }

    /**
     * With a database: connects once, so that a wrong URL, driver, password or table shows at
     * start-up, not at the first caller.
     *
     * @param opener what {@link #opener} returned
     * @param dir    the spool directory
     * @return why the store cannot be used, or empty
     */
    java.util.Optional<String> probe(Function<Path, MessageStore> opener, Path dir) {
        if (jdbcUrl == null) {
            return java.util.Optional.empty(); // the directory was probed by writing to it
        }
        try (MessageStore store = opener.apply(dir)) {
            store.list();
            return java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.of(describe(dir) + ": " + e.getMessage());
        }
    }

    /**
     * @param b        the machine's builder, given the store
     * @param env      the environment
     * @param warnings stderr
     */
    void configure(io.github.modemvoice.machine.AnsweringMachine.Builder b, Map<String, String> env, PrintStream warnings) {
        b.store(opener(env, warnings));
    }
}
