package io.github.modemvoice.cli;

import io.github.modemvoice.CallerText;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.StorageCheck;
import io.github.modemvoice.voicemail.VoicemailMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Finishes recordings left by a crash. */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = "Finish recordings left by a crash (repairs the WAV, writes the metadata). Exits "
                + ExitStatus.STORAGE_UNUSABLE + " when the directory cannot be written (e.g. the disk is full) or a"
                + " recording could not be finished.")
final class RecoverCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "The message directory (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("voicemail");

    @Override
    public Integer call() {
        if (!Files.exists(dir)) {
            System.out.println("nothing to recover: " + dir + " does not exist");
            return ExitStatus.OK;
        }
        try (DirectoryMessageStore store = new DirectoryMessageStore(dir)) {
            List<VoicemailMessage> recovered = store.recover();
            for (VoicemailMessage m : recovered) {
                System.out.printf(java.util.Locale.ROOT, "recovered %s (%.1f s, caller %s)%n", m.id(), m.durationSeconds(),
                        CallerText.escape(m.callerRedacted()));
            }
            List<String> left = store.unfinished();
            // a full disk is said as such, also when nothing was left to recover
            StorageCheck.Result storage = StorageCheck.probeDirectory(dir, 0);
            if (!left.isEmpty() || !storage.ok()) {
                if (!storage.ok()) {
                    System.err.println("modem-voice: " + storage.location() + ": " + CallerText.escape(storage.reason()));
                }
                if (!left.isEmpty()) {
                    System.err.println("modem-voice: " + left.size() + " recording(s) could not be finished and stay in "
                            + store.directory() + " for the next `recover`: " + String.join(", ", left)
                            + " (the log says why)");
                }
                return ExitStatus.STORAGE_UNUSABLE;
            }
            if (recovered.isEmpty()) {
                System.out.println("nothing to recover in " + dir);
            }
            return ExitStatus.OK;
        }
    }
}
