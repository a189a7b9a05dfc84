package io.github.modemvoice.cli;

import io.github.modemvoice.CallerText;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prints one message's metadata. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print a message's metadata (JSON).")
final class ShowCommand extends MailboxCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The message id.")
    String id;

    @Override
    int run(MessageStore store) throws java.io.IOException {
        VoicemailMessage m = find(store, id).orElse(null);
        if (m == null) {
            return status();
        }
        // the file as stored (a database row in the same form), controls and bidi characters
        // escaped JSON-style (the same JSON value)
        String json = m.metadataPath().isPresent()
                ? Files.readString(m.metadataPath().get(), StandardCharsets.UTF_8) : m.toJson();
        out().println(CallerText.escapeKeepingLines(json.strip()));
        out().println("audio: " + CallerText.escape(m.audioPath().map(Path::toString).orElse("in the database")));
        return ExitStatus.OK;
    }
}
