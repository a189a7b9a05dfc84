package io.github.modemvoice.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;

/** The JSON file of one {@link Outbox.Item}: what the outbox writes and reads back after a restart. */
final class OutboxItemJson {
    private OutboxItemJson() {
    }

    /** Fields a finished item adds (when it was delivered, why it was given up). */
    interface Extra {
        void addTo(ObjectNode o);
    }

    /**
     * @param item  the item
     * @param extra fields of a finished item (when it was delivered or given up), or null
     * @return the item's file content
     * @throws IOException when Jackson cannot serialise it
     */
    static byte[] encode(Outbox.Item item, Extra extra) throws IOException {
        ObjectNode o = NotificationJson.MAPPER.createObjectNode();
        o.put("schema_version", Outbox.SCHEMA_VERSION);
        o.put("message_id", item.messageId());
        o.put("notifier", item.notifier());
        o.put("created_at", item.createdAt().toString());
        o.put("attempts", item.attempts());
        o.put("next_attempt_at", item.nextAttemptAt().toString());
        if (item.lastAttemptAt().isPresent()) {
            o.put("last_attempt_at", item.lastAttemptAt().get().toString());
        } else {
            o.putNull("last_attempt_at");
        }
        if (item.lastError().isPresent()) {
            o.put("last_error", item.lastError().get());
        } else {
            o.putNull("last_error");
        }
        if (extra != null) {
            extra.addTo(o);
        }
        o.set("notification", NotificationJson.toJson(item.notification()));
        return NotificationJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    }

    /**
     * @param o an item file's JSON
     * @return the item
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    static Outbox.Item parse(JsonNode o) {
        int version = NotificationJson.number(o, "schema_version").intValue();
        if (version > Outbox.SCHEMA_VERSION) {
            throw new IllegalArgumentException("schema_version " + version + " is newer than this library's " + Outbox.SCHEMA_VERSION);
        }
        JsonNode n = o.get("notification");
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("notification: object expected");
        }
        return new Outbox.Item(NotificationJson.text(o, "message_id"), NotificationJson.text(o, "notifier"),
                Instant.parse(NotificationJson.text(o, "created_at")),
                NotificationJson.number(o, "attempts").intValue(),
                Instant.parse(NotificationJson.text(o, "next_attempt_at")),
                NotificationJson.optionalText(o, "last_attempt_at").map(Instant::parse),
                NotificationJson.optionalText(o, "last_error"),
                NotificationJson.fromJson(n));
    }
}
