package io.github.modemvoice.pipeline;

import java.net.URI;
import java.time.Duration;

/**
 * What the builders of the HTTP notifiers ({@link SlackNotifier.Builder},
 * {@link WebhookNotifier.Builder}) share besides the {@link NotifierSettings}: the URL posted to
 * and the request timeout, and so how the {@link HttpDelivery} is made.
 *
 * @param <B> the concrete builder, returned by each setter
 */
abstract class HttpNotifierSettings<B extends HttpNotifierSettings<B>> extends NotifierSettings<B> {
    final URI url;
    Duration requestTimeout = Duration.ofSeconds(15);

    /**
     * @param defaultName the outbox name unless set
     * @param url         where to post
     * @param badUrl      the message when {@code url} is not an absolute http(s) URL (naming the
     *                    builder's parameter; a secret URL must not be in it)
     */
    HttpNotifierSettings(String defaultName, URI url, String badUrl) {
        super(defaultName, Duration.ofSeconds(5));
        try {
            this.url = HttpDelivery.requireHttpUrl(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(badUrl);
        }
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

    /** Makes the delivery of the notifier being built: its URL and timeouts. */
    HttpDelivery delivery() {
        return new HttpDelivery(url, connectTimeout, requestTimeout);
    }
}
