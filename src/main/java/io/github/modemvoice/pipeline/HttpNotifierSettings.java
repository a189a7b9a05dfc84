package io.github.modemvoice.pipeline;

import java.time.Duration;

/**
 * What the builders of the HTTP notifiers ({@link SlackNotifier.Builder},
 * {@link WebhookNotifier.Builder}) share: the outbox name and the two timeouts.
 *
 * @param <B> the concrete builder, returned by each setter
 */
abstract class HttpNotifierSettings<B extends HttpNotifierSettings<B>> {
    String name;
    Duration connectTimeout = Duration.ofSeconds(5);
    Duration requestTimeout = Duration.ofSeconds(15);

    HttpNotifierSettings(String defaultName) {
        this.name = defaultName;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * @param name the notifier's outbox name ({@code slack} or {@code webhook} unless set)
     * @return this builder
     */
    public B name(String name) {
        this.name = Notifier.requireValidName(name);
        return self();
    }

    /**
     * @param timeout how long connecting may take, 5 s unless set
     * @return this builder
     */
    public B connectTimeout(Duration timeout) {
        CommandTranscriber.requirePositive(timeout);
        this.connectTimeout = timeout;
        return self();
    }

    /**
     * @param timeout how long the whole request may take, 15 s unless set
     * @return this builder
     */
    public B requestTimeout(Duration timeout) {
        CommandTranscriber.requirePositive(timeout);
        this.requestTimeout = timeout;
        return self();
    }
}
