package io.github.modemvoice.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modemvoice.voicemail.CallerPrivacy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotifierTest {
    static final byte[] SECRET = "0123456789abcdef-webhook-secret".getBytes(StandardCharsets.UTF_8);
    static final Instant START = Instant.parse("2026-11-21T22:15:03Z");
    final ObjectMapper json = new ObjectMapper();
    Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    WebhookNotifier webhook() {
        return WebhookNotifier.builder(receiver.url("/hooks/voicemail"), SECRET)
                .clock(Clock.fixed(Instant.parse("2026-11-21T22:16:00Z"), ZoneOffset.UTC))
                .requestTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void webhookPostsSignedSnakeCaseJson() throws Exception {
        Notification n = Notification.of(Messages.message(START, CallerPrivacy.full(), "Please call back."));

        webhook().deliver(n);

        Receiver.Request r = receiver.requests.get(0);
        assertThat(r.path()).isEqualTo("/hooks/voicemail");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Idempotency-Key")).isEqualTo(n.messageId());
        assertThat(r.header("X-ModemVoice-Timestamp")).isEqualTo(Long.toString(Instant.parse("2026-11-21T22:16:00Z").getEpochSecond()));
        assertThat(WebhookNotifier.verifySignature(SECRET, r.body(), r.header("X-ModemVoice-Signature"))).isTrue();
        assertThat(WebhookNotifier.verifySignature("another-secret-of-16+".getBytes(StandardCharsets.UTF_8), r.body(),
                r.header("X-ModemVoice-Signature"))).isFalse();
        byte[] tampered = r.body().clone();
        tampered[tampered.length - 2] ^= 1;
        assertThat(WebhookNotifier.verifySignature(SECRET, tampered, r.header("X-ModemVoice-Signature"))).isFalse();
        assertThat(WebhookNotifier.verifySignature(SECRET, r.body(), "sha256=zz")).isFalse();
        assertThat(WebhookNotifier.verifySignature(SECRET, r.body(), null)).isFalse();

        JsonNode body = json.readTree(r.body());
        assertThat(body.get("event").asText()).isEqualTo("voicemail.stored");
        assertThat(body.get("message_id").asText()).isEqualTo(n.messageId());
        assertThat(body.get("caller").asText()).isEqualTo(Messages.NUMBER);
        assertThat(body.get("caller_redacted").asText()).isEqualTo("+***4567");
        assertThat(body.get("started_at").asText()).isEqualTo("2026-11-21T22:15:03Z");
        assertThat(body.get("duration_seconds").asDouble()).isEqualTo(42.0);
        assertThat(body.get("transcript").asText()).isEqualTo("Please call back.");
        assertThat(body.get("transcript_error").isNull()).isTrue();
        assertThat(body.get("finish_key").isNull()).isTrue();
    }

    @Test
    void webhookCarriesTheCallerOnlyAsThePolicyLeftIt() throws Exception {
        webhook().deliver(Notification.of(Messages.message(START, CallerPrivacy.redacted(), "")));
        webhook().deliver(Notification.of(Messages.message(START, CallerPrivacy.hmac(SECRET), "")));
        for (Receiver.Request r : receiver.requests) {
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("15112344567");
        }
        assertThat(json.readTree(receiver.requests.get(1).body()).get("caller").asText()).startsWith("hmac-sha256:");
    }

    @Test
    void statusCodesMapToRetryableOrPermanent() {
        Notification n = Notification.of(Messages.message(START, CallerPrivacy.full(), ""));
        for (int status : new int[] {500, 503, 408, 429}) {
            receiver.status = status;
            assertThatThrownBy(() -> webhook().deliver(n)).as("HTTP %d", status)
                    .isInstanceOfSatisfying(NotificationException.class, e -> assertThat(e.isRetryable()).isTrue())
                    .hasMessageContaining("HTTP " + status);
        }
        for (int status : new int[] {400, 401, 404, 410, 301}) {
            receiver.status = status;
            assertThatThrownBy(() -> webhook().deliver(n)).as("HTTP %d", status)
                    .isInstanceOfSatisfying(NotificationException.class, e -> assertThat(e.isRetryable()).isFalse());
        }
        receiver.status = 204;
        receiver.answer = "";
        webhook().deliver(n);
    }

    @Test
    void unreachableEndpointIsRetryable() {
        int port = receiver.port();
        receiver.close();
        WebhookNotifier w = WebhookNotifier.builder(URI.create("http://127.0.0.1:" + port + "/x"), SECRET).build();
        assertThatThrownBy(() -> w.deliver(Notification.of(Messages.message(START, CallerPrivacy.full(), ""))))
                .isInstanceOfSatisfying(NotificationException.class, e -> assertThat(e.isRetryable()).isTrue());
    }

    @Test
    void webhookConfigurationIsValidated() {
        assertThatThrownBy(() -> WebhookNotifier.builder(URI.create("ftp://x/y"), SECRET)).hasMessageContaining("url");
        assertThatThrownBy(() -> WebhookNotifier.builder(receiver.url("/"), new byte[4])).hasMessageContaining("secret");
        assertThatThrownBy(() -> WebhookNotifier.builder(receiver.url("/"), SECRET).name("Bad Name")).hasMessageContaining("name");
    }

    SlackNotifier slack() {
        return SlackNotifier.builder(receiver.url("/services/T000/B000/XXXX")).zone(ZoneId.of("Europe/Berlin")).build();
    }

    @Test
    void slackShowsCallerTimeDurationExcerptAndId() throws Exception {
        String longText = "Hello <!channel> & welcome. " + "x".repeat(400);
        Notification n = Notification.of(Messages.message(START, CallerPrivacy.full(), longText));

        slack().deliver(n);

        JsonNode body = json.readTree(receiver.requests.get(0).body());
        String all = body.toString();
        assertThat(body.get("text").asText()).contains(Messages.NUMBER).contains("23:15 CET").contains("0:42");
        assertThat(body.get("blocks")).isNotEmpty();
        assertThat(all).contains("tel:" + Messages.NUMBER).contains(n.messageId());
        assertThat(all).contains("&lt;!channel&gt; &amp; welcome").doesNotContain("<!channel>");
        String excerpt = body.get("blocks").get(2).get("text").get("text").asText();
        assertThat(excerpt).startsWith("> Hello").endsWith("\u2026");
        assertThat(excerpt.length()).isLessThan(330);
    }

    @Test
    void slackShowsTheCallerNameAfterTheNumberAsText() throws Exception {
        Notification n = Notification.of(Messages.message(START, CallerPrivacy.full(), "hi").toBuilder()
                .callerName(Optional.of("Anna <!here> Müller")).build());

        slack().deliver(n);

        JsonNode body = json.readTree(receiver.requests.get(0).body());
        assertThat(body.get("text").asText()).contains(Messages.NUMBER + " (Anna &lt;!here&gt; Müller)");
        assertThat(body.get("blocks").get(1).get("fields").get(0).get("text").asText())
                .isEqualTo("*From*\n<tel:" + Messages.NUMBER + "|" + Messages.NUMBER + "> (Anna &lt;!here&gt; Müller)");
        assertThat(body.toString()).doesNotContain("<!here>");
    }

    @Test
    void slackNeverShowsWhatThePolicyHides() throws Exception {
        slack().deliver(Notification.of(Messages.message(START, CallerPrivacy.redacted(), "hi")));
        slack().deliver(Notification.of(Messages.message(START, CallerPrivacy.hmac(SECRET), "hi")));
        for (Receiver.Request r : receiver.requests) {
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("15112344567").doesNotContain("tel:");
        }
        assertThat(json.readTree(receiver.requests.get(0).body()).get("text").asText()).contains("+***4567");
        assertThat(json.readTree(receiver.requests.get(1).body()).get("text").asText()).contains("hmac-sha256:");
    }

    @Test
    void slackStatusMapping() {
        Notification n = Notification.of(Messages.message(START, CallerPrivacy.full(), ""));
        receiver.status = 404;
        receiver.answer = "no_service";
        assertThatThrownBy(() -> slack().deliver(n))
                .isInstanceOfSatisfying(NotificationException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("no_service")
                .hasMessageNotContaining("XXXX");
        receiver.status = 429;
        assertThatThrownBy(() -> slack().deliver(n))
                .isInstanceOfSatisfying(NotificationException.class, e -> assertThat(e.isRetryable()).isTrue());
    }

    @Test
    void statusesThatAreWorthRetrying() {
        for (int permanent : new int[] {300, 301, 302, 303, 307, 308, 400, 401, 403, 404, 405, 410, 413, 422}) {
            assertThat(HttpDelivery.isRetryable(permanent)).as("HTTP %d", permanent).isFalse();
        }
        for (int retry : new int[] {408, 425, 429, 500, 502, 503, 504}) {
            assertThat(HttpDelivery.isRetryable(retry)).as("HTTP %d", retry).isTrue();
        }
    }

    @Test
    void aClientErrorIsPermanentAndCarriesItsStatus() {
        receiver.status = 404;
        Notification n = Notification.of(Messages.message(START, CallerPrivacy.full(), ""));
        assertThatThrownBy(() -> webhook().deliver(n)).isInstanceOfSatisfying(NotificationException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.httpStatus()).hasValue(404);
            assertThat(e.getMessage()).contains("answered HTTP 404");
        });
    }
}
