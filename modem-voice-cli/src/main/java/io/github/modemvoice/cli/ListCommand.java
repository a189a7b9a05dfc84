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

    @Option(names = "--json", description = "Print a JSON array (id, new, started_at, duration_seconds, caller, "
            + "termination_reason, transcript_excerpt); the caller is always redacted.")
    boolean json;

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
        out.printf(Locale.ROOT, "%-26s %-20s %-12s %7s  %-14s %s%n", "ID", "STARTED (UTC)", "CALLER", "SECONDS",
                "ENDED BY", "TRANSCRIPT");
        for (VoicemailMessage m : all) {
            out.printf(Locale.ROOT, "%-26s %-20s %-12s %7.1f  %-14s %s%s%n", m.id(),
                    m.startedAt().toString().substring(0, 19), CallerText.escape(m.callerRedacted()), m.durationSeconds(),
                    m.terminationReason(), m.heard() ? "" : "(new) ", CallerText.escape(excerpt(m.transcript())));
        }
        return ExitStatus.OK;
    }

    /** @return the transcript on one line, cut to {@value #EXCERPT_CHARS} characters */
    static String excerpt(String transcript) {
        String t = transcript.replaceAll("\\s+", " ").strip();
        return t.length() > EXCERPT_CHARS ? t.substring(0, EXCERPT_CHARS - 3) + "..." : t;
    }
}
