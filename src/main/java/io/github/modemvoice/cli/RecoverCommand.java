package io.github.modemvoice.cli;

import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Finishes recordings left by a crash. */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = "Finish recordings left by a crash (repairs the WAV, writes the metadata).")
final class RecoverCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "The message directory (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("voicemail");

    @Override
    public Integer call() {
        try (DirectoryMessageStore store = new DirectoryMessageStore(dir)) {
            List<VoicemailMessage> recovered = store.recover();
            if (recovered.isEmpty()) {
                System.out.println("nothing to recover in " + dir);
            }
            for (VoicemailMessage m : recovered) {
                System.out.printf(java.util.Locale.ROOT, "recovered %s (%.1f s, caller %s)%n", m.id(), m.durationSeconds(),
                        m.callerRedacted());
            }
            return Main.OK;
        }
    }
}
