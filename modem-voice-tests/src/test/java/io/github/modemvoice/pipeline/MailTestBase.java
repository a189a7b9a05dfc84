package io.github.modemvoice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the e-mail notifier's tests against real SMTP servers share: a message store in a fresh
 * directory with a message of {@link #T0} to send, and the check that a delivery failed, for
 * good or to be retried. Each subclass starts its own server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class MailTestBase {
    static final Instant T0 = Instant.parse("2026-11-21T22:15:03Z");

    @TempDir
    Path tmp;
    DirectoryMessageStore store;

    @BeforeEach
    void openStore() {
        store = new DirectoryMessageStore(tmp.resolve("vm"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** A message of {@link #T0} in the store, without a transcript. */
    VoicemailMessage stored() {
        return MessagePipelineDurabilityTest.store(store, T0);
    }

    /** A message of {@link #T0} in the store, with this transcript (or the error that stood for it). */
    VoicemailMessage stored(String transcript, Optional<String> error) {
        return store.updateTranscript(stored().id(), transcript, error);
    }

    /** Delivering {@code m} fails with a {@link NotificationException} that is, or is not, to be retried. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertDeliveryFails(Notifier notifier, VoicemailMessage m,
                                                                               boolean retryable) {
        return assertThatThrownBy(() -> notifier.deliver(Notification.of(m))).isInstanceOfSatisfying(
                NotificationException.class, e -> assertThat(e.isRetryable()).as("retryable").isEqualTo(retryable));
    }
}
