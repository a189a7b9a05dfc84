package io.github.modemvoice.at;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The command in flight on an {@link AtChannel}: its text, the response lines gathered so far,
 * the future its final result completes, and which lines end it (V.250 final result codes).
 */
final class PendingCommand {
    /** Final result codes that end any command, both spellings of no dial tone among them. */
    private static final Map<String, FinalResult> ANY_COMMAND = Map.of(
            "OK", FinalResult.OK,
            "ERROR", FinalResult.ERROR,
            "VCON", FinalResult.VCON,
            "NO DIALTONE", FinalResult.NO_DIALTONE,
            "NO DIAL TONE", FinalResult.NO_DIALTONE);
    /** Final result codes that end only dial and answer commands (V.250 5.7.1). */
    private static final Map<String, FinalResult> DIAL_AND_ANSWER = Map.of(
            "NO CARRIER", FinalResult.NO_CARRIER,
            "BUSY", FinalResult.BUSY,
            "NO ANSWER", FinalResult.NO_ANSWER);

    final String command;
    final String responsePrefix;
    final boolean dialLike;
    final DataSink sink;
    final List<String> lines = new ArrayList<>();
    final CompletableFuture<AtResponse> future = new CompletableFuture<>();
    boolean echoSeen;

    PendingCommand(String command, DataSink sink) {
        this.command = command;
        this.sink = sink;
        String u = command.toUpperCase(Locale.ROOT);
        this.dialLike = u.startsWith("ATD") || u.equals("ATA") || u.startsWith("ATA;");
        String prefix = null;
        if (u.startsWith("AT+") || u.startsWith("AT^") || u.startsWith("AT$") || u.startsWith("AT#")) {
            int end = 3;
            while (end < u.length() && (Character.isLetterOrDigit(u.charAt(end)) || u.charAt(end) == '_')) {
                end++;
            }
            prefix = command.substring(2, end) + ":";
        }
        this.responsePrefix = prefix;
    }

    /**
     * @param text a line
     * @return the final result code it is for this command, or null (V.250 5.7.1: {@code NO CARRIER},
     *         {@code BUSY}, {@code NO ANSWER} end only dial and answer commands)
     */
    FinalResult finalResult(String text) {
        String u = text.toUpperCase(Locale.ROOT);
        FinalResult r = ANY_COMMAND.get(u);
        if (r != null) {
            return r;
        }
        if (u.startsWith("+CME ERROR")) {
            return FinalResult.CME_ERROR;
        }
        if (u.startsWith("+CMS ERROR")) {
            return FinalResult.CMS_ERROR;
        }
        if (u.equals("CONNECT") || u.startsWith("CONNECT ")) {
            return FinalResult.CONNECT;
        }
        return dialLike ? DIAL_AND_ANSWER.get(u) : null;
    }
}
