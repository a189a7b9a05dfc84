package io.github.modemvoice.cli;

import io.github.modemvoice.pipeline.JdbcMessageStore;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.MessageStore;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where the messages are: a message directory (the default) or a JDBC store with the directory
 * as its spool. A picocli mixin shared by the commands that open the messages.
 */
final class StoreOptions {
    @Option(names = "--dir", description = "The message directory; with --jdbc-url the spool directory (its outbox/ "
            + "holds notification records; serve's status panel shows it and its disk) (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("voicemail");

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "Use the messages of a JDBC store instead (its driver on the class path).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "The database user.")
    String jdbcUser;

    @Option(names = "--jdbc-password-file", paramLabel = "FILE", description = "The database password (first line).")
    Path jdbcPasswordFile;

    @Option(names = "--jdbc-table", paramLabel = "NAME", description = "The table (default: "
            + JdbcMessageStore.DEFAULT_TABLE + ").")
    String jdbcTable;

    /** @return true when the messages are in a JDBC store */
    boolean isJdbc() {
        return jdbcUrl != null;
    }

    /** @return where the messages are, for people (never the password) */
    String describe() {
        return jdbcUrl == null ? dir.toString() : "the JDBC store";
    }

    /**
     * @return the store the options name
     * @throws IllegalArgumentException when JDBC options are given without {@code --jdbc-url}
     */
    MessageStore openStore() {
        if (jdbcUrl == null) {
            if (jdbcUser != null || jdbcPasswordFile != null || jdbcTable != null) {
                throw new IllegalArgumentException("--jdbc-user, --jdbc-password-file and --jdbc-table need --jdbc-url");
            }
            return new DirectoryMessageStore(dir);
        }
        String password = jdbcPasswordFile == null ? null : WebOptions.firstLine(jdbcPasswordFile, "--jdbc-password-file");
        JdbcMessageStore.Builder b = JdbcMessageStore.builder(new DriverManagerDataSource(jdbcUrl, jdbcUser, password))
                .spoolDirectory(dir);
        if (jdbcTable != null) {
            b.tableName(jdbcTable);
        }
        return b.build();
    }
}
