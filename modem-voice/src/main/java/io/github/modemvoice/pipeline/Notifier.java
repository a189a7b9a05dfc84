package io.github.modemvoice.pipeline;

import java.util.regex.Pattern;

/**
 * Tells the team about a stored message. Called by the {@link Outbox} worker, one
 * notification at a time; implementations must be thread-safe and bounded in time (use
 * timeouts). A notifier's {@link #name()} is part of the outbox's file names, so it must stay
 * the same across restarts for pending notifications to be resumed.
 *
 * @see WebhookNotifier
 * @see SlackNotifier
 */
public interface Notifier {

    /** The form of a notifier name: lower-case letters, digits, {@code _} and {@code -}, up to 32. */
    Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /** @return a stable name matching {@link #NAME}, unique among an outbox's notifiers */
    String name();

    /**
     * Delivers one notification. Returning normally means delivered (the receiver accepted it).
     *
     * @param notification what to tell
     * @throws NotificationException when it was not delivered, saying whether a retry may help
     */
    void deliver(Notification notification);

    /**
     * @param name a candidate notifier name
     * @return the name
     * @throws IllegalArgumentException naming {@code name} if it does not match {@link #NAME}
     */
    static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: must match " + NAME.pattern() + ", was "
                    + (name == null ? "null" : "\"" + Excerpts.head(name, 40) + "\""));
        }
        return name;
    }
}
