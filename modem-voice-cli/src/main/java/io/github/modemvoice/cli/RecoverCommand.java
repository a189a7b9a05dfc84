package io.github.modemvoice.cli;

import io.github.modemvoice.machine.AnsweringMachine;

import io.github.modemvoice.CallerText;
import io.github.modemvoice.internal.Deadline;
import io.github.modemvoice.pipeline.MessagePipeline;
import io.github.modemvoice.pipeline.Notifier;
import io.github.modemvoice.pipeline.Outbox;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.StorageCheck;
import io.github.modemvoice.voicemail.VoicemailMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Finishes recordings left by a crash, and with {@code --webhook} notifies them. */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = {"Finish recordings left by a crash (repairs the WAV, writes the metadata).",
                "With --webhook, --slack-webhook-file or --smtp-host, recovered messages and any stored message without a notification record "
                        + "are then notified (as `answer` does when it starts).",
                "Exits " + ExitStatus.STORAGE_UNUSABLE + " when the directory cannot be written (e.g. the disk is full) or a"
                        + " recording could not be finished."})
final class RecoverCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "The message directory (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("voicemail");

    @Mixin
    NotifyOptions notify = new NotifyOptions();

    @Override
    public Integer call() {
        Optional<String> secret = notify.secret(System.getenv(), System.err); // options are checked first
        java.util.function.Function<io.github.modemvoice.voicemail.MessageStore, List<Notifier>> channels =
                notify.channels(System.getenv(), System.err);
        StoreOptions.requireDirectory(dir); // a mistyped --dir is not "nothing to recover"
        Output out = new Output(System.out);
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
            List<Notifier> notifiers = new java.util.ArrayList<>();
            notify.webhookNotifier(secret).ifPresent(notifiers::add);
            notifiers.addAll(channels.apply(store));
            if (notifiers.isEmpty()) {
                if (!recovered.isEmpty() && Files.isDirectory(Outbox.besideMessages(dir))) {
                    out.step("not notified yet: `answer` with its notification options queues them when it starts, or run recover with them");
                }
                return ExitStatus.OK;
            }
            return notifyAll(store, notifiers, out);
        }
    }

    /** Catch-up: queues every stored message without a notification record, waits, reports. */
    private int notifyAll(DirectoryMessageStore store, List<Notifier> notifiers, Output out) {
        Outbox outbox;
        try {
            outbox = AnsweringMachine.openOutbox(dir, notifiers);
        } catch (IllegalStateException inUse) {
            out.step("the outbox " + Outbox.besideMessages(dir) + " is in use by a running `answer`: it queues these messages "
                    + "within " + AnsweringMachine.CATCH_UP_EVERY.toMinutes() + " minutes");
            return ExitStatus.OK;
        }
        try (outbox; MessagePipeline pipeline = MessagePipeline.builder(store, outbox).build()) {
            outbox.start();
            List<String> queued = pipeline.catchUp();
            if (queued.isEmpty()) {
                out.step("every stored message already has its notifications queued or sent");
                return ExitStatus.OK;
            }
            boolean all = true;
            Deadline deadline = Deadline.after(notify.notifyWait()); // one --notify-wait for all
            for (String id : queued) {
                VoicemailMessage m = store.get(id).orElse(null);
                if (m != null) {
                    out.step("message " + id + ":");
                    all &= MachineOutput.report(AnsweringMachine.settle(pipeline, outbox, m, deadline.remaining()), out);
                }
            }
            return all ? ExitStatus.OK : ExitStatus.NOT_DELIVERED;
        }
    }
}
