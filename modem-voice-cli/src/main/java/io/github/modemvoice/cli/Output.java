package io.github.modemvoice.cli;

import io.github.modemvoice.CallerText;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Human progress output on stdout; the live elapsed-time indicator redraws one line on a terminal.
 * Everything printed goes through {@link CallerText}: caller ids, names and transcripts are data,
 * never terminal control sequences.
 */
final class Output {
    private final PrintStream out;
    private final boolean live;
    private boolean midLine;
    private long lastTenths = -1;

    private final String prefix;

    Output(PrintStream out) {
        this(out, System.console() != null, "");
    }

    private Output(PrintStream out, boolean live, String prefix) {
        this.out = out;
        this.live = live;
        this.prefix = prefix;
    }

    /**
     * @param name a line's name
     * @return output on the same stream whose lines start with {@code [name]} (one modem of
     *         several; lines of several calls interleave, so no recording progress is shown)
     */
    Output forLine(String name) {
        return new Output(out, false, "[" + name + "] ");
    }

    synchronized void step(String text) {
        if (midLine) {
            out.println();
            midLine = false;
        }
        out.println("  " + prefix + CallerText.escape(text));
        out.flush();
    }

    synchronized void elapsed(Duration recorded) {
        if (!prefix.isEmpty()) {
            return; // several lines: a progress line per second per call would drown the rest
        }
        long tenths = recorded.toMillis() / 100;
        if (live) {
            if (tenths != lastTenths) {
                out.print("\r  recording... " + String.format(java.util.Locale.ROOT, "%5.1f", tenths / 10.0) + " s");
                out.flush();
                midLine = true;
            }
        } else if (tenths / 10 != lastTenths / 10 && tenths % 10 == 0) {
            out.println("  recording... " + tenths / 10 + " s");
        }
        lastTenths = tenths;
    }

    synchronized void raw(String text) {
        if (midLine) {
            out.println();
            midLine = false;
        }
        out.println(CallerText.escapeKeepingLines(text));
        out.flush();
    }
}
