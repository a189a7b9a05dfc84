package io.github.modemvoice.pipeline;

import java.time.Duration;

/**
 * What the builders of all notifiers ({@link EmailNotifier.Builder} and, through
 * {@link HttpNotifierSettings}, {@link SlackNotifier.Builder} and {@link WebhookNotifier.Builder})
 * share: the outbox name and the connect timeout, each with the notifier's own default.
 *
 * @param <B> the concrete builder, returned by each setter
 */
abstract class NotifierSettings<B extends NotifierSettings<B>> {
    String name;
    Duration connectTimeout;

    NotifierSettings(String defaultName, Duration defaultConnectTimeout) {
        this.name = defaultName;
        this.connectTimeout = defaultConnectTimeout;
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /**
     * @param name the notifier's outbox name ({@code email}, {@code slack} or {@code webhook}
     *             unless set)
     * @return this builder
     */
    public B name(String name) {
        this.name = Notifier.requireValidName(name);
        return self();
    }

    /**
     * @param timeout how long connecting may take, positive (unless set: 10 s for e-mail, 5 s
     *                for Slack and webhooks)
     * @return this builder
     */
    public B connectTimeout(Duration timeout) {
        CommandTranscriber.requirePositive(timeout);
        this.connectTimeout = timeout;
        return self();
    }
}
