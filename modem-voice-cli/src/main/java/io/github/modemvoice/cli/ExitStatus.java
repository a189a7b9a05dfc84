package io.github.modemvoice.cli;

/**
 * The answering machine's exit statuses, one table for every command, following BSD
 * {@code sysexits.h} where a code there fits. The README lists them for users and scripts.
 */
public final class ExitStatus {

    /** Success: a message was stored and handed on, a call ended before the beep, or a clean stop. */
    public static final int OK = 0;
    /** The command line was wrong: an unknown option, a bad value (sysexits {@code EX_USAGE}). */
    public static final int USAGE = 64;
    /** A mailbox command ({@code show}, {@code play}, {@code heard}, {@code delete}) named no stored message ({@code EX_NOINPUT}). */
    public static final int NO_SUCH_MESSAGE = 66;
    /** The modem could not be opened, initialised, or was lost for good ({@code EX_UNAVAILABLE}). */
    public static final int MODEM_UNAVAILABLE = 69;
    /** {@code play}: there is no sound device to play on, e.g. a headless machine ({@code EX_UNAVAILABLE}, as for the modem). */
    public static final int NO_SOUND_DEVICE = 69;
    /** An internal error: a bug or an unexpected exception ({@code EX_SOFTWARE}). */
    public static final int SOFTWARE = 70;
    /** The message directory or database cannot be used, or the disk is full ({@code EX_CANTCREAT}). */
    public static final int STORAGE_UNUSABLE = 73;
    /**
     * A caller's message was not kept, or a notification is still queued for retry / failed for
     * good when the command had to wait for it ({@code EX_TEMPFAIL}).
     */
    public static final int NOT_DELIVERED = 75;
    /** A configuration file or hours file is wrong, or a secret file is unreadable ({@code EX_CONFIG}). */
    public static final int CONFIG = 78;
    /** {@code --once} interrupted by SIGINT/SIGTERM before its call completed (128 + SIGINT). */
    public static final int INTERRUPTED = 130;

    private ExitStatus() {
    }
}
