package io.github.modemvoice.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxTest {
    static final Instant T0 = Instant.parse("2026-11-21T22:16:00Z");

    @TempDir
    Path tmp;
    final MutableClock clock = new MutableClock(T0);
    final ObjectMapper json = new ObjectMapper();

    /** A notifier whose outcome the test decides. */
    static final class Scripted implements Notifier {
        final String name;
        final List<Notification> seen = new CopyOnWriteArrayList<>();
        volatile Function<Notification, RuntimeException> outcome = n -> null;

        Scripted(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void deliver(Notification n) {
            seen.add(n);
            RuntimeException e = outcome.apply(n);
            if (e != null) {
                throw e;
            }
        }
    }

    Path dir() {
        return tmp.resolve("outbox");
    }

    Outbox outbox(Notifier... notifiers) {
        Outbox.Builder b = Outbox.builder(dir()).clock(clock).jitter(0).initialBackoff(Duration.ofSeconds(1))
                .backoffFactor(2).maxBackoff(Duration.ofMinutes(5)).maxAge(Duration.ofHours(24));
        for (Notifier n : notifiers) {
            b.notifier(n);
        }
        return b.build();
    }

    VoicemailMessage message() {
        return Messages.message(T0.minusSeconds(60), CallerPrivacy.full(), "Please call back.");
    }

    @Test
    void enqueueWritesPrivateFilesBeforeAnyDelivery() throws Exception {
        Scripted hook = new Scripted("webhook");
        Scripted slack = new Scripted("slack");
        try (Outbox outbox = outbox(hook, slack)) {
            VoicemailMessage m = message();
            assertThat(outbox.enqueue(m)).isEqualTo(2);

            assertThat(hook.seen).isEmpty();
            Path file = dir().resolve(m.id() + ".webhook.json");
            assertThat(file).exists();
            assertThat(dir().resolve(m.id() + ".slack.json")).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");
            JsonNode o = json.readTree(file.toFile());
            assertThat(o.get("attempts").asInt()).isZero();
            assertThat(o.get("notification").get("transcript").asText()).isEqualTo("Please call back.");
            assertThat(outbox.pending()).hasSize(2);
        }
    }

    @Test
    void failuresBackOffExponentiallyAndThePlanIsOnDisk() throws Exception {
        Scripted hook = new Scripted("webhook");
        hook.outcome = n -> NotificationException.retryable("HTTP 503");
        try (Outbox outbox = outbox(hook)) {
            VoicemailMessage m = message();
            outbox.enqueue(m);
            Path file = dir().resolve(m.id() + ".webhook.json");

            assertThat(outbox.runDueNow()).isEqualTo(1);
            assertThat(outbox.pending().get(0).nextAttemptAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(outbox.runDueNow()).as("not due yet").isZero();

            long[] expectedDelays = {2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
            Instant at = T0.plusSeconds(1);
            for (long delay : expectedDelays) {
                clock.advance(Duration.between(clock.instant(), at));
                assertThat(outbox.runDueNow()).isEqualTo(1);
                at = at.plusSeconds(delay);
                assertThat(outbox.pending().get(0).nextAttemptAt()).isEqualTo(at);
            }
            JsonNode o = json.readTree(file.toFile());
            assertThat(o.get("attempts").asInt()).isEqualTo(11);
            assertThat(o.get("last_error").asText()).isEqualTo("HTTP 503");
            assertThat(Instant.parse(o.get("next_attempt_at").asText())).isEqualTo(at);
        }
    }

    @Test
    void aNewOutboxResumesPendingItemsAndDeliversOnce() {
        Scripted hook = new Scripted("webhook");
        hook.outcome = n -> NotificationException.retryable("down");
        VoicemailMessage m = message();
        try (Outbox outbox = outbox(hook)) {
            outbox.enqueue(m);
            outbox.runDueNow();
            outbox.runDueNow();
        }
        Scripted again = new Scripted("webhook");
        try (Outbox outbox = outbox(again)) {
            assertThat(outbox.pending()).singleElement().satisfies(i -> {
                assertThat(i.attempts()).isEqualTo(1);
                assertThat(i.lastError()).contains("down");
            });
            clock.advance(Duration.ofSeconds(1));
            assertThat(outbox.runDueNow()).isEqualTo(1);
            assertThat(again.seen).singleElement().extracting(Notification::messageId).isEqualTo(m.id());
            assertThat(outbox.pending()).isEmpty();
            assertThat(outbox.isDelivered(m.id(), "webhook")).isTrue();
            assertThat(dir().resolve(m.id() + ".webhook.json")).doesNotExist();
            assertThat(outbox.enqueue(m)).as("enqueueing a delivered message again").isZero();
        }
        Scripted third = new Scripted("webhook");
        try (Outbox outbox = outbox(third)) {
            clock.advance(Duration.ofHours(1));
            assertThat(outbox.runDueNow()).isZero();
            assertThat(third.seen).isEmpty();
        }
    }

    @Test
    void aCrashAfterRecordingDeliveryDoesNotDeliverAgain() throws Exception {
        Scripted hook = new Scripted("webhook");
        VoicemailMessage m = message();
        try (Outbox outbox = outbox(hook)) {
            outbox.enqueue(m);
        }
        // simulate: delivered marker written, pending file not yet removed
        String name = m.id() + ".webhook.json";
        Files.copy(dir().resolve(name), dir().resolve("delivered").resolve(name));
        try (Outbox outbox = outbox(hook)) {
            assertThat(outbox.pending()).isEmpty();
            assertThat(outbox.runDueNow()).isZero();
        }
        assertThat(dir().resolve(name)).doesNotExist();
    }

    @Test
    void permanentFailureIsGivenUpAtOnceWithTheReason() {
        Scripted hook = new Scripted("webhook");
        hook.outcome = n -> NotificationException.permanent("HTTP 404: no such hook");
        try (Outbox outbox = outbox(hook)) {
            VoicemailMessage m = message();
            outbox.enqueue(m);
            outbox.runDueNow();
            assertThat(outbox.pending()).isEmpty();
            assertThat(outbox.failed()).singleElement().satisfies(i -> {
                assertThat(i.messageId()).isEqualTo(m.id());
                assertThat(i.lastError().orElseThrow()).contains("permanent").contains("HTTP 404");
            });
            assertThat(dir().resolve("failed").resolve(m.id() + ".webhook.json")).exists();
            assertThat(outbox.enqueue(m)).isZero();
        }
    }

    @Test
    void retryableFailureIsGivenUpAfterMaxAgeWithALastAttemptAtTheDeadline() {
        Scripted hook = new Scripted("webhook");
        hook.outcome = n -> NotificationException.retryable("HTTP 503");
        try (Outbox outbox = outbox(hook)) {
            outbox.enqueue(message());
            int attempts = 0;
            while (!outbox.pending().isEmpty() && attempts < 1000) {
                Instant next = outbox.pending().get(0).nextAttemptAt();
                if (next.isAfter(clock.instant())) {
                    clock.advance(Duration.between(clock.instant(), next));
                }
                attempts += outbox.runDueNow();
            }
            assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofHours(24)));
            int made = attempts;
            assertThat(made).as("1 s doubling to a 5 min cap over 24 h").isBetween(280, 300);
            assertThat(outbox.failed()).singleElement().satisfies(i -> {
                assertThat(i.lastError().orElseThrow()).contains("gave up after " + made + " attempt(s)").contains("HTTP 503");
                assertThat(i.attempts()).isEqualTo(made);
            });
        }
    }

    @Test
    void anUnexpectedNotifierErrorIsRetried() {
        Scripted hook = new Scripted("webhook");
        hook.outcome = n -> new IllegalStateException("bug");
        try (Outbox outbox = outbox(hook)) {
            outbox.enqueue(message());
            outbox.runDueNow();
            assertThat(outbox.pending()).singleElement().satisfies(i -> assertThat(i.lastError().orElseThrow()).contains("bug"));
        }
    }

    @Test
    void itemsOfAnUnconfiguredNotifierStayPending() {
        VoicemailMessage m = message();
        try (Outbox outbox = outbox(new Scripted("slack"), new Scripted("webhook"))) {
            outbox.enqueue(m);
        }
        Scripted hook = new Scripted("webhook");
        try (Outbox outbox = outbox(hook)) {
            assertThat(outbox.runDueNow()).isEqualTo(1);
            assertThat(outbox.pending()).singleElement().extracting(Outbox.Item::notifier).isEqualTo("slack");
        }
    }

    @Test
    void oneOutboxPerDirectory() {
        try (Outbox outbox = outbox(new Scripted("webhook"))) {
            assertThatThrownBy(() -> outbox(new Scripted("webhook"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(outbox.directory().toString());
        }
    }

    @Test
    void theBackgroundWorkerDeliversAndAwaitIdleReturns() {
        Scripted hook = new Scripted("webhook");
        try (Outbox outbox = Outbox.builder(dir()).notifier(hook).build()) {
            outbox.start();
            VoicemailMessage m = message();
            outbox.enqueue(m);
            assertThat(outbox.awaitSettled(m.id(), Duration.ofSeconds(10))).isTrue();
            assertThat(outbox.awaitIdle(Duration.ofSeconds(1))).isTrue();
            assertThat(hook.seen).hasSize(1);
        }
    }

    @Test
    void configurationIsValidated() {
        assertThatThrownBy(() -> Outbox.builder(dir()).build()).hasMessageContaining("notifier");
        assertThatThrownBy(() -> Outbox.builder(dir()).jitter(2)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> Outbox.builder(dir()).backoffFactor(0.5)).hasMessageContaining("backoffFactor");
        assertThatThrownBy(() -> Outbox.builder(dir()).notifier(new Scripted("a")).notifier(new Scripted("a")))
                .hasMessageContaining("notifier");
    }

    /** {@link Outbox#forget}: a deleted message's notifications are removed and never sent. */
    @Test
    void forgetRemovesEveryRecordOfOneMessageAndARunningOutboxDropsItsPendingItem() throws Exception {
        Scripted hook = new Scripted("webhook");
        Scripted slack = new Scripted("slack");
        hook.outcome = n -> new NotificationException("HTTP 503", true, null);
        VoicemailMessage m = message();
        VoicemailMessage other = Messages.message(T0.minusSeconds(30), CallerPrivacy.full(), "");
        try (Outbox outbox = outbox(hook, slack)) {
            outbox.enqueue(m);
            outbox.enqueue(other);
            assertThat(outbox.runDueNow()).isEqualTo(4); // slack delivered, the webhook waits for a retry
            assertThat(dir().resolve(Outbox.DELIVERED).resolve(m.id() + ".slack.json")).exists();
            assertThat(dir().resolve(m.id() + ".webhook.json")).exists();

            assertThat(Outbox.forget(dir(), m.id())).isEqualTo(2);
            assertThat(dir().resolve(Outbox.DELIVERED).resolve(m.id() + ".slack.json")).doesNotExist();
            assertThat(dir().resolve(m.id() + ".webhook.json")).doesNotExist();

            hook.outcome = n -> null;
            clock.advance(Duration.ofMinutes(1));
            outbox.runDueNow();
            assertThat(hook.seen).extracting(Notification::messageId)
                    .as("the deleted message's webhook was not sent again").containsOnlyOnce(m.id())
                    .contains(other.id());
            assertThat(outbox.pending()).isEmpty();
            assertThat(dir().resolve(m.id() + ".webhook.json")).as("not written back").doesNotExist();
            assertThat(dir().resolve(Outbox.DELIVERED).resolve(m.id() + ".webhook.json")).doesNotExist();
            assertThat(dir().resolve(Outbox.DELIVERED).resolve(other.id() + ".webhook.json")).exists();
        }
        assertThat(Outbox.forget(tmp.resolve("no-outbox"), m.id())).isZero();
        assertThatThrownBy(() -> Outbox.forget(dir(), "../x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(dir())).isTrue();
    }
}
