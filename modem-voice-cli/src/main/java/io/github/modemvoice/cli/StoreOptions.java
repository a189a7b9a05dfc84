package io.github.modemvoice.cli;

import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.MessageStoreException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
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

    /**
     * {@link #openStore()} for the commands that read a mailbox which must already exist
     * ({@code list}, {@code show}, {@code serve}, ...): a mistyped {@code --dir} must not look
     * like an empty mailbox.
     *
     * @return the store
     * @throws IllegalArgumentException when database options are given without {@code --jdbc-url}
     * @throws MessageStoreException    when the message directory does not exist or is not a
     *                                  directory (with a database: when the spool path is not a directory)
     */
    MessageStore openExisting() {
        if (isJdbc()) {
            // the spool directory may not exist yet on a host that only reads the database
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw notADirectory(dir, "spool directory");
            }
        } else {
            requireDirectory(dir);
        }
        return openStore();
    }

    /**
     * The check of a command that reads an existing message directory ({@code list}, {@code show},
     * {@code serve}, {@code recover}, ...): {@code answer} creates its directory, these do not.
     *
     * @param dir the message directory
     * @throws MessageStoreException naming the directory and what to check
     */
    static void requireDirectory(Path dir) {
        if (!Files.exists(dir)) {
            throw new MessageStoreException(null, "the message directory " + dir.toAbsolutePath() + " does not exist"
                    + " (check --dir or dir in the configuration file; answer creates it when it starts)");
        }
        if (!Files.isDirectory(dir)) {
            throw notADirectory(dir, "message directory");
        }
    }

    private static MessageStoreException notADirectory(Path dir, String what) {
        return new MessageStoreException(null, "the " + what + " " + dir.toAbsolutePath() + " is not a directory");
    }
}
