package io.github.modemvoice.cli;

import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Marks a message heard (or new again). */
@Command(name = "heard", mixinStandardHelpOptions = true,
        description = "Mark a message heard (with --new: new again). Heard messages are the ones --keep-days removes.")
final class HeardCommand extends MailboxCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The message id.")
    String id;

    @Option(names = "--new", description = "Mark it new (unheard) again.")
    boolean markNew;

    @Override
    int run(MessageStore store) {
        if (find(store, id).isEmpty()) {
            return status();
        }
        VoicemailMessage m = store.markHeard(id, !markNew);
        out().println("message " + m.id() + " marked " + (m.heard() ? "heard" : "new"));
        return ExitStatus.OK;
    }
}
