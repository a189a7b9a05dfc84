package io.github.modemvoice.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.internal.Durations;
import io.github.modemvoice.voicemail.CallerPrivacy;

import java.time.Instant;
import java.util.Optional;

/** The snake_case JSON form of a {@link Notification}, shared by the webhook and the outbox. */
final class NotificationJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private NotificationJson() {
    }

    static ObjectNode toJson(Notification n) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("message_id", n.messageId());
        o.put("call_id", n.callId());
        putOptional(o, "caller", n.caller());
        o.put("caller_redacted", n.callerRedacted());
        o.put("caller_policy", n.callerPolicy().name());
        putOptional(o, "caller_name", n.callerName());
        o.put("started_at", n.startedAt().toString());
        o.put("ended_at", n.endedAt().toString());
        o.put("duration_seconds", n.durationSeconds());
        o.put("size_bytes", n.sizeBytes());
        o.put("termination_reason", n.terminationReason().name());
        putOptional(o, "finish_key", n.finishKey().map(String::valueOf));
        o.put("transcript", n.transcript());
        putOptional(o, "transcript_error", n.transcriptError());
        if (n.line().isPresent()) {
            o.put("line", n.line().get()); // only from an answering machine with several modems
        }
        return o;
    }

    static Notification fromJson(JsonNode o) {
        String finishKey = optionalText(o, "finish_key").orElse("");
        if (finishKey.length() > 1) {
            throw new IllegalArgumentException("finish_key: one character expected");
        }
        return new Notification(text(o, "message_id"), text(o, "call_id"), optionalText(o, "caller"),
                text(o, "caller_redacted"), CallerPrivacy.Policy.valueOf(text(o, "caller_policy")),
                Instant.parse(text(o, "started_at")), Instant.parse(text(o, "ended_at")),
                Durations.ofSeconds("duration_seconds", number(o, "duration_seconds").doubleValue()), number(o, "size_bytes").longValue(),
                TerminationReason.valueOf(text(o, "termination_reason")),
                finishKey.isEmpty() ? Optional.empty() : Optional.of(finishKey.charAt(0)),
                text(o, "transcript"), optionalText(o, "transcript_error"), optionalText(o, "line"),
                optionalText(o, "caller_name"));
    }

    private static void putOptional(ObjectNode o, String field, Optional<String> value) {
        if (value.isPresent()) {
            o.put(field, value.get());
        } else {
            o.putNull(field);
        }
    }

    static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + ": string expected");
        }
        return v.asText();
    }

    static Optional<String> optionalText(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + ": string or null expected");
        }
        return Optional.of(v.asText());
    }

    static Number number(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(field + ": number expected");
        }
        return v.numberValue();
    }
}
