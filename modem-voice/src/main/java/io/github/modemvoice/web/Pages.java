package io.github.modemvoice.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modemvoice.voicemail.VoicemailMessage;

import java.util.List;
import java.util.Locale;

import static io.github.modemvoice.web.Html.escape;

/**
 * The HTML pages. Every value that is not a constant goes through {@link Html#escape}; text from
 * callers is also wrapped in {@code <bdi>}. No inline script or style (the CSP forbids both):
 * behaviour lives in {@code app.js}, looks in {@code style.css}.
 */
final class Pages {
    private Pages() {
    }

    private static String head(String title, String csrf) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + (csrf == null ? "" : "<meta name=\"csrf-token\" content=\"" + escape(csrf) + "\">")
                + "<title>" + escape(title) + "</title>"
                + "<link rel=\"stylesheet\" href=\"/static/style.css\">"
                + "<script src=\"/static/app.js\" defer></script></head>\n<body>";
    }

    private static String csrfField(String csrf) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(csrf) + "\">";
    }

    static String login(String loginToken, String error) {
        return head("Voicemail: log in", null)
                + "<main class=\"login\"><h1>Voicemail</h1>"
                + (error == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>")
                + "<form method=\"post\" action=\"/login\">" + csrfField(loginToken)
                + "<label for=\"password\">Password</label>"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required autofocus>"
                + "<button type=\"submit\">Log in</button></form></main></body></html>\n";
    }

    static String error(int status, String message) {
        return head("Voicemail: " + status, null) + "<main><h1>" + status + "</h1><p>" + escape(message)
                + "</p><p><a href=\"/\">Back to the messages</a></p></main></body></html>\n";
    }

    static String list(WebMailbox web, String csrf, List<VoicemailMessage> messages, ObjectNode status) {
        StringBuilder b = new StringBuilder(4096);
        b.append(head("Voicemail", csrf));
        b.append("<header><h1>Voicemail</h1><form method=\"post\" action=\"/logout\">").append(csrfField(csrf))
                .append("<button type=\"submit\" class=\"link\">Log out</button></form></header>\n");
        b.append(statusPanel(status));
        b.append("<main>");
        if (messages.isEmpty()) {
            b.append("<p class=\"empty\">No messages.</p>");
        }
        b.append("<ul class=\"messages\" id=\"messages\">");
        for (VoicemailMessage m : messages) {
            b.append(item(web, csrf, m));
        }
        b.append("</ul></main></body></html>\n");
        return b.toString();
    }

    private static String item(WebMailbox web, String csrf, VoicemailMessage m) {
        String id = escape(m.id());
        String audio = "/api/messages/" + id + "/audio";
        StringBuilder b = new StringBuilder(1024);
        b.append("<li class=\"message").append(m.heard() ? " heard" : " new").append("\" id=\"m-").append(id)
                .append("\" data-id=\"").append(id).append("\">");
        b.append("<div class=\"meta\"><span class=\"badge\">New</span>")
                .append("<time datetime=\"").append(escape(m.startedAt().toString())).append("\">")
                .append(escape(web.localTime(m.startedAt()))).append("</time>")
                .append(caller(m)).append(callerName(m)).append("</div>");
        b.append("<div class=\"details\"><span class=\"duration\">")
                .append(String.format(Locale.ROOT, "%.1f s", m.durationSeconds()))
                .append("</span> · <span class=\"ended\">").append(escape(endedBy(m))).append("</span></div>");
        if (!m.transcript().isEmpty()) {
            b.append("<p class=\"transcript\"><bdi>").append(escape(m.transcript())).append("</bdi></p>");
        } else if (m.transcriptError().isPresent()) {
            b.append("<p class=\"transcript none\">No transcript: ").append(escape(m.transcriptError().get())).append("</p>");
        }
        b.append("<audio controls preload=\"metadata\" src=\"").append(audio).append("\"></audio>");
        b.append("<div class=\"actions\">")
                .append("<form method=\"post\" action=\"/api/messages/").append(id).append("/heard\" class=\"heard-form\">")
                .append(csrfField(csrf))
                .append("<input type=\"hidden\" name=\"heard\" value=\"").append(m.heard() ? "false" : "true").append("\">")
                .append("<button type=\"submit\" class=\"heard-button\">").append(m.heard() ? "Mark new" : "Mark heard")
                .append("</button></form>")
                .append("<a class=\"button\" href=\"").append(audio).append("?download=1\" download=\"").append(id)
                .append(".wav\">Download</a>")
                .append("<a class=\"button danger delete-link\" href=\"/messages/").append(id).append("/delete\">Delete…</a>")
                .append("</div></li>\n");
        return b.toString();
    }

    /**
     * The caller as the list shows it ({@link VoicemailMessage#fullNumber()}'s rule, as the CLI's
     * {@code list}): the redacted number; where the privacy policy kept the full number, it opens
     * on a click (a {@code <details>}, no script) with a {@code tel:} link to call back.
     */
    private static String caller(VoicemailMessage m) {
        String redacted = "<bdi class=\"caller\">" + escape(m.callerRedacted()) + "</bdi>";
        return m.fullNumber().map(full -> {
            String dial = full.replaceAll("[^0-9+*#]", "");
            String number = "<bdi class=\"caller-full\">" + escape(full) + "</bdi>";
            return "<details class=\"caller-reveal\"><summary title=\"Show the number\">" + redacted + "</summary>"
                    + (dial.isEmpty() ? number : "<a href=\"tel:" + escape(dial) + "\">" + number + "</a>") + "</details>";
        }).orElse(redacted);
    }

    /** @return the caller's name from caller id, as an isolated text span after the number, or nothing */
    private static String callerName(VoicemailMessage m) {
        return m.callerName().map(n -> " <bdi class=\"caller-name\">" + escape(n) + "</bdi>").orElse("");
    }

    static String confirmDelete(WebMailbox web, String csrf, VoicemailMessage m) {
        String id = escape(m.id());
        return head("Voicemail: delete?", csrf)
                + "<main class=\"confirm\"><h1>Delete this message?</h1>"
                + "<p><time datetime=\"" + escape(m.startedAt().toString()) + "\">" + escape(web.localTime(m.startedAt()))
                + "</time> from <bdi class=\"caller\">" + escape(m.callerRedacted()) + "</bdi>" + callerName(m) + ", "
                + String.format(Locale.ROOT, "%.1f s", m.durationSeconds()) + ". This cannot be undone.</p>"
                + "<form method=\"post\" action=\"/api/messages/" + id + "/delete\">" + csrfField(csrf)
                + "<button type=\"submit\" class=\"danger\" id=\"confirm-delete\">Delete</button> "
                + "<a class=\"button\" href=\"/#m-" + id + "\">Cancel</a></form></main></body></html>\n";
    }

    private static String statusPanel(ObjectNode s) {
        StringBuilder b = new StringBuilder(512);
        b.append("<section class=\"status\" id=\"status\" aria-label=\"Status\"><dl>");
        if (!s.get("modem").isNull()) {
            row(b, "Modem", "modem", s.get("modem").asText());
        }
        row(b, "Messages", "messages", s.get("new_messages").asText() + " new of " + s.get("messages").asText());
        if (!s.get("last_call_local").isNull()) {
            row(b, "Last call", "last_call_local", s.get("last_call_local").asText());
        }
        row(b, "Last message", "last_message_local",
                s.get("last_message_local").isNull() ? "none" : s.get("last_message_local").asText());
        if (!s.get("notifications_waiting").isNull()) {
            row(b, "Notifications waiting", "notifications_waiting", s.get("notifications_waiting").asText()
                    + failedSuffix(s.get("notifications_failed")));
        }
        if (!s.get("disk_free_bytes").isNull()) {
            row(b, "Disk free", "disk_free_bytes", bytes(s.get("disk_free_bytes").asLong()));
        }
        b.append("</dl></section>\n");
        return b.toString();
    }

    private static String failedSuffix(JsonNode failed) {
        return failed == null || failed.isNull() || failed.asLong() == 0 ? "" : " (" + failed.asText() + " failed)";
    }

    private static void row(StringBuilder b, String label, String field, String value) {
        b.append("<div><dt>").append(escape(label)).append("</dt><dd data-field=\"").append(field).append("\">")
                .append(escape(value)).append("</dd></div>");
    }

    /**
     * @param n a byte count
     * @return it in MB or GB, one decimal
     */
    static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", n / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MB", n / (double) (1L << 20));
    }

    /**
     * @param m a message
     * @return how its recording ended, in words
     */
    static String endedBy(VoicemailMessage m) {
        return switch (m.terminationReason()) {
            case FINISH_KEY -> "caller pressed " + m.finishKey().map(String::valueOf).orElse("a key");
            case SILENCE -> "caller stopped speaking";
            case MAX_DURATION -> "length limit reached";
            case CALLER_HANGUP -> "caller hung up";
            case TRANSPORT_LOST -> "modem lost";
            case INTERRUPTED -> "interrupted";
            case STORAGE_FULL -> "the disk was full";
            case STORAGE_ERROR -> "storage failed";
        };
    }
}
