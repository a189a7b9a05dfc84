package io.github.modemvoice.cli;

import io.github.modemvoice.voicemail.MessageStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Deletes a message everywhere. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a message: its audio, its metadata (or database row) and its notification records.")
final class DeleteCommand extends MailboxCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The message id.")
    String id;

    @Override
    int run(MessageStore store) {
        if (find(store, id).isEmpty()) {
            return status();
        }
        deleteEverywhere(store, storage.dir, id);
        out().println("message " + id + " deleted");
        return ExitStatus.OK;
    }
}
