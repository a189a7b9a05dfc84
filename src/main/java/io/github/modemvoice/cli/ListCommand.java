package io.github.modemvoice.cli;

import io.github.modemvoice.CallerText;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Lists stored messages, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List stored messages, newest first.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "The message directory (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("voicemail");

    @Override
    public Integer call() {
        try (DirectoryMessageStore store = new DirectoryMessageStore(dir)) {
            List<VoicemailMessage> all = store.list();
            if (all.isEmpty()) {
                System.out.println("no messages in " + dir);
                return ExitStatus.OK;
            }
            System.out.printf(Locale.ROOT, "%-26s %-20s %-12s %7s  %-14s %s%n", "ID", "STARTED (UTC)", "CALLER", "SECONDS",
                    "ENDED BY", "TRANSCRIPT");
            for (VoicemailMessage m : all) {
                String transcript = m.transcript().replaceAll("\\s+", " ");
                if (transcript.length() > 40) {
                    transcript = transcript.substring(0, 37) + "...";
                }
                transcript = CallerText.escape(transcript);
                System.out.printf(Locale.ROOT, "%-26s %-20s %-12s %7.1f  %-14s %s%s%n", m.id(),
                        m.startedAt().toString().substring(0, 19), CallerText.escape(m.callerRedacted()), m.durationSeconds(),
                        m.terminationReason(), m.heard() ? "" : "(new) ", transcript);
            }
            return ExitStatus.OK;
        }
    }
}
