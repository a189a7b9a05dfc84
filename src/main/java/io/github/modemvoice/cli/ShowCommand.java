package io.github.modemvoice.cli;

import io.github.modemvoice.CallerText;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Prints one message's metadata. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print a message's metadata (JSON).")
final class ShowCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "The message directory (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("voicemail");

    @Parameters(index = "0", description = "The message id.")
    String id;

    @Override
    public Integer call() throws java.io.IOException {
        try (DirectoryMessageStore store = new DirectoryMessageStore(dir)) {
            VoicemailMessage m = store.get(id).orElse(null);
            if (m == null) {
                System.err.println("modem-voice: no message " + CallerText.escape(id) + " in " + dir);
                return 1;
            }
            // the file as stored, controls and bidi characters escaped JSON-style (the same JSON value)
            System.out.println(CallerText.escapeKeepingLines(
                    Files.readString(m.metadataPath().orElseThrow(), StandardCharsets.UTF_8).strip()));
            System.out.println("audio: " + CallerText.escape(m.audioPath().map(Path::toString).orElse("-")));
            return ExitStatus.OK;
        }
    }
}
