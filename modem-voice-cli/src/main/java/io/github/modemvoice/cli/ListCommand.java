package io.github.modemvoice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modemvoice.CallerText;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Lists stored messages: new (unheard) ones first, each group newest first. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List stored messages: new ones first, then heard ones, each newest first.")
final class ListCommand extends MailboxCommand {
    /** The longest transcript excerpt shown. */
    static final int EXCERPT_CHARS = 40;

    @Option(names = "--json", description = "Print a JSON array (id, new, started_at, duration_seconds, caller, caller_name, "
            + "termination_reason, transcript_excerpt); the caller's number is always redacted, its name (from "
            + "caller id, kept under --caller-privacy full only) is null when unknown.")
    boolean json;

    @Option(names = "--full-numbers", description = "Show callers' full numbers where the privacy policy kept them "
            + "(--caller-privacy full); without it the list shows them redacted, as the web mailbox does.")
    boolean fullNumbers;

    @Override
    int run(MessageStore store) throws java.io.IOException {
        List<VoicemailMessage> all = store.list().stream()
                .sorted(Comparator.comparing(VoicemailMessage::heard)
                        .thenComparing(VoicemailMessage::startedAt, Comparator.reverseOrder())
                        .thenComparing(VoicemailMessage::id, Comparator.reverseOrder()))
                .toList();
        PrintStream out = out();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode a = mapper.createArrayNode();
            for (VoicemailMessage m : all) {
                ObjectNode n = a.addObject();
                n.put("id", m.id());
                n.put("new", !m.heard());
                n.put("started_at", m.startedAt().toString());
                n.put("duration_seconds", Math.round(m.durationSeconds() * 10) / 10.0);
                n.put("caller", m.callerRedacted());
                if (m.callerName().isPresent()) {
                    n.put("caller_name", m.callerName().get());
                } else {
                    n.putNull("caller_name");
                }
                n.put("termination_reason", m.terminationReason().name());
                n.put("transcript_excerpt", excerpt(m.transcript()));
            }
            // Jackson escapes control characters; bidi overrides are escaped for the terminal too
            out.println(CallerText.escapeKeepingLines(mapper.writeValueAsString(a)));
            return ExitStatus.OK;
        }
        if (all.isEmpty()) {
            out.println("no messages in " + storage.describe());
            return ExitStatus.OK;
        }
        int callerWidth = Math.max(12, all.stream().mapToInt(m -> callerCell(m, fullNumbers).length()).max().orElse(0));
        String row = "%-26s %-6s %-20s %-" + callerWidth + "s %7s  %-14s %s%n";
        out.printf(Locale.ROOT, row, "ID", "STATUS", "STARTED (UTC)", "CALLER", "SECONDS", "ENDED BY", "TRANSCRIPT");
        for (VoicemailMessage m : all) {
            out.printf(Locale.ROOT, row, m.id(), m.heard() ? "heard" : "new", m.startedAt().toString().substring(0, 19),
                    callerCell(m, fullNumbers), String.format(Locale.ROOT, "%.1f", m.durationSeconds()), m.terminationReason(),
                    CallerText.escape(excerpt(m.transcript())));
        }
        return ExitStatus.OK;
    }

    /**
     * @param m    a message
     * @param full whether to show the full number where the policy kept it ({@link VoicemailMessage#fullNumber()})
     * @return the caller (redacted unless asked) and, when caller id sent one, the name after it, escaped for the terminal
     */
    static String callerCell(VoicemailMessage m, boolean full) {
        String name = m.callerName().map(ListCommand::excerpt).map(n -> " (" + n + ")").orElse("");
        String number = full ? m.fullNumber().orElse(m.callerRedacted()) : m.callerRedacted();
        return CallerText.escape(number + name);
    }

    /** @return the transcript on one line, cut to {@value #EXCERPT_CHARS} characters */
    static String excerpt(String transcript) {
        String t = transcript.replaceAll("\\s+", " ").strip();
        return t.length() > EXCERPT_CHARS ? t.substring(0, EXCERPT_CHARS - 3) + "..." : t;
    }
}
