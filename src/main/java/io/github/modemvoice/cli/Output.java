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

    Output(PrintStream out) {
        this.out = out;
        this.live = System.console() != null;
    }

    synchronized void step(String text) {
        if (midLine) {
            out.println();
            midLine = false;
        }
        out.println("  " + CallerText.escape(text));
        out.flush();
    }

    synchronized void elapsed(Duration recorded) {
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
