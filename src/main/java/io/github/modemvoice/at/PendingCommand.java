package io.github.modemvoice.at;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The command in flight on an {@link AtChannel}: its text, the response lines gathered so far,
 * the future its final result completes, and which lines end it (V.250 final result codes).
 */
final class PendingCommand {
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
        switch (u) {
            case "OK":
                return FinalResult.OK;
            case "ERROR":
                return FinalResult.ERROR;
            case "VCON":
                return FinalResult.VCON;
            case "NO DIALTONE":
            case "NO DIAL TONE":
                return FinalResult.NO_DIALTONE;
            default:
                break;
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
        if (dialLike) {
            switch (u) {
                case "NO CARRIER":
                    return FinalResult.NO_CARRIER;
                case "BUSY":
                    return FinalResult.BUSY;
                case "NO ANSWER":
                    return FinalResult.NO_ANSWER;
                default:
                    break;
            }
        }
        return null;
    }
}
