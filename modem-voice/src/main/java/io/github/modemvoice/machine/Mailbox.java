package io.github.modemvoice.machine;

import io.github.modemvoice.pipeline.Outbox;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One mailbox as people manage it (the CLI's mailbox commands, the web page, a PBX app): its
 * messages in a {@link MessageStore} and, for a directory store or a database's spool directory,
 * the notification records beside them ({@code <dir>/outbox}) and the answering machine's
 * {@link StatusFile}. Deleting a message here also forgets its notification records, so a
 * deleted message is never announced afterwards.
 *
 * <p>The view does not own the store: closing the store is the caller's.
 */
public final class Mailbox {
    private final MessageStore store;
    private final Optional<Path> directory;

    /**
     * @param store     the messages
     * @param directory the message (or spool) directory, whose {@code outbox/} holds the
     *                  notification records and which the machine's status file is in; empty
     *                  when there is none (a database store without a spool directory)
     */
    public Mailbox(MessageStore store, Optional<Path> directory) {
        this.store = Objects.requireNonNull(store, "store");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** @return the store behind this view */
    public MessageStore store() {
        return store;
    }

    /** @return the message (or spool) directory, when there is one */
    public Optional<Path> directory() {
        return directory;
    }

    /** @return every message, as the store lists them */
    public List<VoicemailMessage> list() {
        return store.list();
    }

    /**
     * @param id a message id
     * @return the message, when there is one with that id
     * @throws IllegalArgumentException when the id is not a message id
     */
    public Optional<VoicemailMessage> get(String id) {
        MessageIds.requireValid(id);
        return store.get(id);
    }

    /**
     * @param id    a message id
     * @param heard true: heard; false: new again
     * @return the message as now stored
     * @throws IllegalArgumentException when the id is not a message id
     */
    public VoicemailMessage markHeard(String id, boolean heard) {
        MessageIds.requireValid(id);
        return store.markHeard(id, heard);
    }

    /**
     * Deletes a message everywhere: audio and metadata (or its row), and its notification records
     * (a JDBC store deletes its outbox rows with the row; the records in {@code <dir>/outbox}
     * are removed here).
     *
     * @param id a message id
     * @return true when something was deleted
     * @throws IllegalArgumentException when the id is not a message id
     */
    public boolean delete(String id) {
        MessageIds.requireValid(id);
        boolean deleted = store.delete(id);
        int records = directory.map(d -> Outbox.forget(Outbox.besideMessages(d), id)).orElse(0);
        return deleted || records > 0;
    }

    /** @return notifications queued for delivery or retry in {@code <dir>/outbox}; 0 without a directory */
    public long notificationsWaiting() {
        return directory.map(d -> count(Outbox.besideMessages(d))).orElse(0L);
    }

    /** @return notifications given up on ({@code <dir>/outbox/failed}); 0 without a directory */
    public long notificationsFailed() {
        return directory.map(d -> count(Outbox.besideMessages(d).resolve(Outbox.FAILED))).orElse(0L);
    }

    /**
     * @return when the answering machine on this mailbox's directory last took a call (answered
     *         or not), from its status file; empty when none runs or ran here
     */
    public Optional<Instant> lastCallAt() {
        return directory.flatMap(StatusFile::lastCallAt);
    }

    private static long count(Path dir) {
        try {
            return Outbox.countItems(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count the notification records in " + dir, e);
        }
    }
}
