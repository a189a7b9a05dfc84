package io.github.modemvoice.cli;

import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.Retention;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Keeping the disk from filling (a picocli mixin of {@code answer}): {@code --keep-days}, the
 * daemon deletes heard messages older than that, hourly; {@code --min-free-mb}, calls are not
 * answered when storing one more message would leave less free.
 */
final class RetentionOptions {
    @Option(names = "--min-free-mb", paramLabel = "MB",
            description = "Keep this much disk space free (MiB) besides the longest message: below it calls are left "
                    + "ringing, not answered, and answer does not start (default: ${DEFAULT-VALUE}).")
    long minFreeMb;

    @Option(names = "--keep-days", paramLabel = "DAYS",
            description = "Delete heard messages that started more than DAYS days ago, at start and then hourly "
                    + "(new messages are never deleted; default: keep everything).")
    Integer keepDays;

    /**
     * The retention of a store: deletes through the mailbox commands' delete, which also removes
     * the message's notification records.
     *
     * @param store    the messages
     * @param dir      the message (or spool) directory
     * @param keepDays the days to keep heard messages, at least 1
     * @param clock    what "now" is
     * @return the builder, to be built
     * @throws IllegalArgumentException naming {@code --keep-days}
     */
    static Retention.Builder retention(MessageStore store, Path dir, int keepDays, Clock clock) {
        return Retention.builder(store, Duration.ofDays(requireKeepDays(keepDays))).clock(clock)
                .remover(id -> MailboxCommand.deleteEverywhere(store, dir, id));
    }

    /** @return {@code --min-free-mb} in bytes */
    long keepFreeBytes() {
        return minFreeMb << 20;
    }

    /**
     * @param b the voicemail box's builder
     * @return it, keeping {@code --min-free-mb} free
     */
    io.github.modemvoice.voicemail.VoicemailBox.Builder keepFree(io.github.modemvoice.voicemail.VoicemailBox.Builder b) {
        return b.keepFree(keepFreeBytes());
    }

    /** Checks the values before anything is touched. */
    void validate() {
        if (minFreeMb < 0 || minFreeMb > (1L << 30)) {
            throw new BadOptionException("--min-free-mb", "--min-free-mb must be between 0 and 1073741824, was " + minFreeMb);
        }
        if (keepDays != null) {
            requireKeepDays(keepDays);
        }
    }

    private static int requireKeepDays(int keepDays) {
        if (keepDays < 1) {
            throw new BadOptionException("--keep-days", "--keep-days must be at least 1, was " + keepDays);
        }
        return keepDays;
    }

    /**
     * Starts the daemon's retention, when asked for.
     *
     * @param store the messages
     * @param dir   the message directory
     * @param out   progress
     * @return the running retention (to be closed), or empty without {@code --keep-days}
     */
    Optional<Retention> start(MessageStore store, Path dir, Output out) {
        if (keepDays == null) {
            return Optional.empty();
        }
        out.step("heard messages older than " + keepDays + " days are deleted (checked hourly)");
        return Optional.of(retention(store, dir, keepDays, Clock.systemUTC())
                .listener(m -> out.step("retention: deleted heard message " + m.id()))
                .build().start());
    }

    /**
     * Checks the values and sets the space kept free and the days heard messages are kept.
     *
     * @param b the machine's builder
     */
    void configure(io.github.modemvoice.machine.AnsweringMachine.Builder b) {
        validate();
        b.keepFree(keepFreeBytes());
        if (keepDays != null) {
            b.keepHeard(Duration.ofDays(keepDays));
        }
    }
}
