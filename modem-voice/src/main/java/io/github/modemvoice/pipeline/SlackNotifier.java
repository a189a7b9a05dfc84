package io.github.modemvoice.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modemvoice.voicemail.CallerPrivacy;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Posts a message to a Slack channel through an
 * <a href="https://api.slack.com/messaging/webhooks">incoming webhook</a>: a {@code text}
 * fallback and {@code blocks} with the caller, the local time the message was left, its
 * duration, the start of the transcript and the message id.
 *
 * <p>The caller is shown exactly as the message's privacy policy left it: the full number
 * (as a {@code tel:} link, so the team can call back) under {@code FULL}, the redacted form
 * under {@code REDACTED}, the start of the hash under {@code HMAC}, and {@code unknown} or
 * {@code withheld} when the network sent no number. Nothing the policy hides is ever sent.
 * All text is escaped for Slack ({@code &amp;}, {@code &lt;}, {@code &gt;}), so a transcript
 * cannot mention {@code @channel} or forge links.
 *
 * <p>Slack answers 2xx when it accepted the post; 429 and 5xx are retryable; other 4xx (such
 * as 404 {@code no_service} or 410 {@code channel_is_archived}) are permanent.
 */
public final class SlackNotifier implements Notifier {
    /** Default number of transcript characters shown. */
    public static final int DEFAULT_EXCERPT_CHARS = 300;

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM uuuu, HH:mm z", Locale.ENGLISH);

    private final String name;
    private final ZoneId zone;
    private final int excerptChars;
    private final HttpDelivery http;

    private SlackNotifier(Builder b) {
        this.name = b.name;
        this.zone = b.zone;
        this.excerptChars = b.excerptChars;
        this.http = b.delivery();
    }

    /**
     * @param webhookUrl the incoming-webhook URL (it is a secret: it never appears in messages or logs)
     * @return a builder
     * @throws IllegalArgumentException naming {@code webhookUrl} unless it is an http(s) URL
     */
    public static Builder builder(URI webhookUrl) {
        return new Builder(webhookUrl);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Notification notification) {
        http.post("slack " + name, payload(notification));
    }

    /**
     * @param n a notification
     * @return the exact JSON this notifier posts for it
     */
    public byte[] payload(Notification n) {
        Objects.requireNonNull(n, "n");
        String name = n.callerName().map(c -> " (" + escape(c) + ")").orElse("");
        String caller = escape(numberText(n)) + name;
        String callerShown = callerLink(n, escape(numberText(n))) + name;
        String when = escape(LOCAL.format(n.startedAt().atZone(zone)));
        String duration = formatDuration(n.durationSeconds());

        ObjectNode root = NotificationJson.MAPPER.createObjectNode();
        String onLine = n.line().map(l -> " on line " + escape(l)).orElse("");
        root.put("text", "New voicemail from " + caller + onLine + ", " + when + " (" + duration + ")");
        ArrayNode blocks = root.putArray("blocks");

        ObjectNode head = blocks.addObject();
        head.put("type", "section");
        mrkdwn(head.putObject("text"), ":mailbox_with_mail: *New voicemail* from " + callerShown + onLine);

        ObjectNode facts = blocks.addObject();
        facts.put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        mrkdwn(fields.addObject(), "*From*\n" + callerShown);
        mrkdwn(fields.addObject(), "*Received*\n" + when);
        mrkdwn(fields.addObject(), "*Duration*\n" + duration);

        ObjectNode transcript = blocks.addObject();
        transcript.put("type", "section");
        mrkdwn(transcript.putObject("text"), transcriptText(n));

        ObjectNode context = blocks.addObject();
        context.put("type", "context");
        mrkdwn(context.putArray("elements").addObject(), "Message `" + escape(n.messageId()) + "`");
        try {
            return NotificationJson.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a Slack payload", e);
        }
    }

    private String transcriptText(Notification n) {
        String t = n.transcript().strip();
        if (!t.isEmpty()) {
            String excerpt = t.length() > excerptChars ? t.substring(0, cutPoint(t, excerptChars)) + "\u2026" : t;
            return "> " + escape(excerpt).replace("\n", "\n> ");
        }
        if (n.transcriptError().isPresent()) {
            return "_No transcript: transcription failed._";
        }
        return "_No transcript._";
    }

    /** Does not split a surrogate pair. */
    private static int cutPoint(String s, int max) {
        return Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    }

    /**
     * The caller as the privacy policy left it, short enough for a title, and the name caller id
     * sent after it (the e-mail notifier shares it).
     */
    static String callerText(Notification n) {
        return numberText(n) + n.callerName().map(c -> " (" + c + ")").orElse("");
    }

    private static String numberText(Notification n) {
        if (n.caller().isEmpty()) {
            return n.callerRedacted();
        }
        String c = n.caller().get();
        if (n.callerPolicy() == CallerPrivacy.Policy.HMAC) {
            // recognisable at a glance; the full hash is in the store
            int cut = c.indexOf(':') + 1 + 16;
            return c.length() > cut ? c.substring(0, cut) + "\u2026" : c;
        }
        return c;
    }

    private static String callerLink(Notification n, String escapedCaller) {
        if (n.callerPolicy() == CallerPrivacy.Policy.FULL && n.caller().isPresent()
                && n.caller().get().matches("\\+?[0-9]{3,20}")) {
            return "<tel:" + n.caller().get() + "|" + escapedCaller + ">";
        }
        return escapedCaller;
    }

    static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Slack's required escaping of control characters in message text. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void mrkdwn(ObjectNode o, String text) {
        o.put("type", "mrkdwn");
        o.put("text", text);
    }

    @Override
    public String toString() {
        return "SlackNotifier[" + name + "]";
    }

    /** Builds a {@link SlackNotifier}. */
    public static final class Builder extends HttpNotifierSettings<Builder> {
        private ZoneId zone = ZoneId.systemDefault();
        private int excerptChars = DEFAULT_EXCERPT_CHARS;

        private Builder(URI url) {
            super("slack", url, "webhookUrl: must be an absolute http or https URL");
        }

        /**
         * @param zone the time zone the team reads times in, the system's unless set
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * @param chars how many transcript characters to show, 1 to 2900 (300 unless set)
         * @return this builder
         */
        public Builder excerptChars(int chars) {
            if (chars < 1 || chars > 2900) {
                throw new IllegalArgumentException("excerptChars: must be 1 to 2900, was " + chars);
            }
            this.excerptChars = chars;
            return this;
        }

        /** @return the notifier */
        public SlackNotifier build() {
            return new SlackNotifier(this);
        }
    }
}
