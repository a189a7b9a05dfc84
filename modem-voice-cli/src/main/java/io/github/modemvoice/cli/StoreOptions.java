package io.github.modemvoice.cli;

import io.github.modemvoice.voicemail.MessageStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where the messages are: a message directory (the default) or a JDBC store ({@link DatabaseOptions})
 * with the directory as its spool. A picocli mixin shared by the commands that open the messages
 * ({@code serve}, {@code list}, {@code show}, {@code play}, {@code heard}, {@code delete},
 * {@code prune}); {@code answer} has the same options.
 */
final class StoreOptions {
    @Option(names = "--dir", description = "The message directory; with --jdbc-url the spool directory (its outbox/ "
            + "holds notification records; serve's status panel shows it and its disk) (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("voicemail");

    @Mixin
    DatabaseOptions db = new DatabaseOptions();

    /** @return true when the messages are in a JDBC store */
    boolean isJdbc() {
        return db.jdbc();
    }

    /** @return where the messages are, for people (never the password) */
    String describe() {
        return db.describe(dir);
    }

    /**
     * @return the store the options name (the database password from its file or the environment)
     * @throws IllegalArgumentException when database options are given without {@code --jdbc-url}
     */
    MessageStore openStore() {
        return db.opener(System.getenv(), System.err).apply(dir);
    }
}
