package io.github.modemvoice.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modemvoice.voicemail.CallerPrivacy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The notification's JSON (webhook payload and outbox records): the line, and records written before it existed. */
class NotificationJsonTest {
    private static final Instant START = Instant.parse("2026-11-30T22:15:03Z");

    @Test
    void aNamedLineTravelsWithTheNotificationAndASingleModemWritesNone() {
        Notification named = Notification.of(Messages.message(START, CallerPrivacy.full(), "call me back").toBuilder()
                .line(Optional.of("office")).build());
        ObjectNode json = NotificationJson.toJson(named);
        assertThat(json.path("line").asText()).isEqualTo("office");
        Notification back = NotificationJson.fromJson(json);
        assertThat(back).isEqualTo(named);
        assertThat(back.duration()).isEqualTo(Duration.ofSeconds(42));

        Notification single = Notification.of(Messages.message(START, CallerPrivacy.full(), ""));
        assertThat(NotificationJson.toJson(single).has("line")).isFalse();
    }

    @Test
    void theCallerNameTravelsWithTheNotificationAndIsNullWhenNoneCame() {
        Notification named = Notification.of(Messages.message(START, CallerPrivacy.full(), "").toBuilder()
                .callerName(Optional.of("Anna Müller")).build());
        ObjectNode json = NotificationJson.toJson(named);
        assertThat(json.path("caller_name").asText()).isEqualTo("Anna Müller");
        assertThat(NotificationJson.fromJson(json)).isEqualTo(named);
        ObjectNode none = NotificationJson.toJson(Notification.of(Messages.message(START, CallerPrivacy.full(), "")));
        assertThat(none.get("caller_name").isNull()).isTrue();
        none.remove("caller_name"); // an outbox record written before the field existed
        assertThat(NotificationJson.fromJson(none).callerName()).isEmpty();
    }

    @Test
    void anOutboxRecordWrittenBeforeTheLineFieldIsStillRead() {
        ObjectNode old = NotificationJson.toJson(Notification.of(Messages.message(START, CallerPrivacy.full(), "")));
        old.remove("line");
        JsonNode copy = old.deepCopy();
        assertThat(NotificationJson.fromJson(copy).line()).isEmpty();
    }
}
