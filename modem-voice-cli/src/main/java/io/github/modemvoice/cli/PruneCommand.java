package io.github.modemvoice.cli;

import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.Retention;
import io.github.modemvoice.voicemail.VoicemailMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.List;

/** One retention pass, what {@code answer --keep-days} does every hour. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete heard messages that started more than --keep-days days ago (new messages are kept).")
final class PruneCommand extends MailboxCommand {
    @Option(names = "--keep-days", required = true, paramLabel = "DAYS",
            description = "Keep heard messages this many days (at least 1).")
    int keepDays;

    /** What "now" is (tests set a fixed clock). */
    Clock clock = Clock.systemUTC();

    @Override
    int run(MessageStore store) {
        if (keepDays < 1) {
            err().println("modem-voice: --keep-days must be at least 1, was " + keepDays);
            return ExitStatus.USAGE;
        }
        Retention r = RetentionOptions.retention(store, storage.dir, keepDays, clock).build();
        List<VoicemailMessage> removed = r.pruneNow();
        for (VoicemailMessage m : removed) {
            out().println("deleted " + m.id() + " (heard, started " + m.startedAt() + ")");
        }
        out().println(removed.size() + " message(s) deleted; heard messages of the last " + keepDays + " days and "
                + "new messages are kept");
        return ExitStatus.OK;
    }
}
