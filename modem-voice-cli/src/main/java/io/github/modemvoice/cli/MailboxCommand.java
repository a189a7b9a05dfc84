package io.github.modemvoice.cli;

import io.github.modemvoice.machine.Mailbox;
import io.github.modemvoice.CallerText;
import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.MessageStoreException;
import io.github.modemvoice.voicemail.VoicemailMessage;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What the mailbox commands ({@code list}, {@code show}, {@code play}, {@code heard},
 * {@code delete}, {@code prune}) share: the store options (a directory or a JDBC store), the
 * configuration file, and the exit statuses of a message id: not an id (no path tricks such as
 * {@code ../x}) {@link ExitStatus#USAGE}, no such message {@link ExitStatus#NO_SUCH_MESSAGE}, a
 * store that cannot be read {@link ExitStatus#STORAGE_UNUSABLE}.
 */
abstract class MailboxCommand implements Callable<Integer> {
    @Option(names = ConfigFile.OPTION, paramLabel = "FILE",
            description = "Read the store options (dir, jdbc-*) from the answering machine's configuration file.")
    Path config;

    @Mixin
    StoreOptions storage = new StoreOptions();

    /** Standard output and error, looked up when the command runs (tests replace System.out). */
    PrintStream out() {
        return System.out;
    }

    PrintStream err() {
        return System.err;
    }

    /**
     * Runs the command on the open store.
     *
     * @param store the messages
     * @return the exit status
     * @throws Exception anything else the command failed with
     */
    abstract int run(MessageStore store) throws Exception;

    @Override
    public final Integer call() throws Exception {
        MessageStore opened;
        try {
            opened = storage.openExisting();
        } catch (MessageStoreException e) {
            err().println("modem-voice: " + CallerText.escape(String.valueOf(e.getMessage())));
            return ExitStatus.STORAGE_UNUSABLE;
        }
        try (MessageStore store = opened) {
            return run(store);
        } catch (ModemVoiceException e) {
            // a directory that cannot be read, a database that cannot be reached
            err().println("modem-voice: cannot use the messages in " + storage.describe() + ": "
                    + CallerText.escape(String.valueOf(e.getMessage())));
            return ExitStatus.STORAGE_UNUSABLE;
        }
    }

    /**
     * Looks a message up by the id the user typed.
     *
     * @param store the messages
     * @param id    what the user typed
     * @return the message; empty after printing why (see {@link #status})
     */
    Optional<VoicemailMessage> find(MessageStore store, String id) {
        lastStatus = ExitStatus.OK;
        if (!MessageIds.isValid(id)) {
            err().println("modem-voice: " + CallerText.escape(invalid(id)));
            lastStatus = ExitStatus.USAGE;
            return Optional.empty();
        }
        Optional<VoicemailMessage> m = store.get(id);
        if (m.isEmpty()) {
            err().println("modem-voice: no message " + id + " in " + storage.describe());
            lastStatus = ExitStatus.NO_SUCH_MESSAGE;
        }
        return m;
    }

    private int lastStatus = ExitStatus.OK;

    /** @return the exit status for the last {@link #find} that came back empty */
    int status() {
        return lastStatus;
    }

    private static String invalid(String id) {
        try {
            MessageIds.requireValid(id);
            return "invalid message id";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Deletes a message everywhere: audio and metadata (or its row) and its notification records
     * ({@code <dir>/outbox}; a JDBC store deletes its outbox rows itself).
     *
     * @param store the messages
     * @param dir   the message (or spool) directory, whose {@code outbox/} holds notification records
     * @param id    a valid message id
     * @return true when something was deleted
     */
    static boolean deleteEverywhere(MessageStore store, Path dir, String id) {
        return new Mailbox(store, Optional.of(dir)).delete(id);
    }
}
