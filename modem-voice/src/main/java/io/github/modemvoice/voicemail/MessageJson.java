package io.github.modemvoice.voicemail;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modemvoice.call.TerminationReason;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON sidecar format (documented in {@code docs/VOICEMAIL.md}): snake_case keys, ISO-8601
 * UTC timestamps, a {@code schema_version}. Mapped by hand to and from a tree so that nothing
 * depends on how Jackson would treat {@code Optional} or records. Reading tolerates unknown
 * keys (a newer minor writer) but refuses a newer {@code schema_version}.
 */
final class MessageJson {
    /** Metadata larger than this is refused as hostile. */
    static final int MAX_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MessageJson() {
    }

    static byte[] encode(VoicemailMessage m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema_version", VoicemailMessage.SCHEMA_VERSION);
        n.put("id", m.id());
        n.put("audio_file", m.id() + ".wav");
        n.put("call_id", m.callId());
        putOptional(n, "caller", m.caller());
        n.put("caller_redacted", m.callerRedacted());
        n.put("caller_policy", m.callerPolicy().name().toLowerCase(Locale.ROOT));
        putOptional(n, "caller_name", m.callerName());
        n.put("started_at", m.startedAt().toString());
        n.put("ended_at", m.endedAt().toString());
        n.put("duration_seconds", Math.round(m.durationSeconds() * 1000) / 1000.0);
        n.put("size_bytes", m.sizeBytes());
        n.put("sample_rate", m.sampleRate());
        n.put("termination_reason", m.terminationReason().name());
        putOptional(n, "finish_key", m.finishKey().map(String::valueOf));
        n.put("heard", m.heard());
        n.put("transcript", m.transcript());
        putOptional(n, "transcript_error", m.transcriptError());
        m.line().ifPresent(l -> n.put("line", l)); // only a named line of a several-modem daemon writes it
        return toBytes(n);
    }

    static byte[] encodeInProgress(RecordingInProgress p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema_version", VoicemailMessage.SCHEMA_VERSION);
        n.put("id", p.id());
        n.put("call_id", p.callId());
        putOptional(n, "caller", p.caller());
        n.put("caller_redacted", p.callerRedacted());
        n.put("caller_policy", p.callerPolicy().name().toLowerCase(Locale.ROOT));
        n.put("started_at", p.startedAt().toString());
        p.line().ifPresent(l -> n.put("line", l));
        return toBytes(n);
    }

    private static byte[] toBytes(ObjectNode n) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise metadata", e);
        }
    }

    private static void putOptional(ObjectNode n, String key, Optional<String> value) {
        if (value.isPresent()) {
            n.put(key, value.get());
        } else {
            n.putNull(key);
        }
    }

    /**
     * @param file       where the bytes came from (for messages)
     * @param bytes      the JSON
     * @param expectedId the id the file name promises
     * @param audio      the audio path to attach
     * @return the message
     * @throws MessageStoreException naming the file when the JSON is unusable
     */
    static VoicemailMessage decode(Path file, byte[] bytes, String expectedId, Path audio) {
        ObjectNode n = parseObject(file, bytes);
        String id = text(file, n, "id");
        if (!id.equals(expectedId)) {
            throw new MessageStoreException(file, "metadata id does not match the file name");
        }
        try {
            return VoicemailMessage.builder().id(id).audioPath(Optional.of(audio)).metadataPath(Optional.of(file))
                    .callId(optText(file, n, "call_id").orElse("")).caller(optText(file, n, "caller"))
                    .callerRedacted(text(file, n, "caller_redacted")).callerPolicy(policy(file, n))
                    .startedAt(instant(file, n, "started_at")).endedAt(instant(file, n, "ended_at"))
                    .durationSeconds(number(file, n, "duration_seconds").doubleValue())
                    .sizeBytes(number(file, n, "size_bytes").longValue())
                    .sampleRate(number(file, n, "sample_rate").intValue()).terminationReason(reason(file, n))
                    .finishKey(finishKey(file, n)).heard(bool(file, n, "heard"))
                    .transcript(optText(file, n, "transcript").orElse(""))
                    .transcriptError(optText(file, n, "transcript_error"))
                    .line(optText(file, n, "line")).callerName(optText(file, n, "caller_name")).build();
        } catch (IllegalArgumentException e) {
            throw new MessageStoreException(file, "invalid metadata: " + e.getMessage(), e);
        }
    }

    /** Reads an in-progress sidecar; the caller decides what to do when it is unusable. */
    static RecordingInProgress decodeInProgress(Path file, byte[] bytes, String expectedId) {
        ObjectNode n = parseObject(file, bytes);
        String id = text(file, n, "id");
        if (!id.equals(expectedId)) {
            throw new MessageStoreException(file, "metadata id does not match the file name");
        }
        try {
            return new RecordingInProgress(id, optText(file, n, "call_id").orElse(""), optText(file, n, "caller"),
                    text(file, n, "caller_redacted"), policy(file, n), instant(file, n, "started_at"),
                    optText(file, n, "line"));
        } catch (IllegalArgumentException e) {
            throw new MessageStoreException(file, "invalid metadata: " + e.getMessage(), e);
        }
    }

    private static ObjectNode parseObject(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new MessageStoreException(file, "not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new MessageStoreException(file, "cannot parse: " + e.getClass().getSimpleName(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MessageStoreException(file, "metadata must be a JSON object");
        }
        ObjectNode n = (ObjectNode) root;
        JsonNode v = n.get("schema_version");
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new MessageStoreException(file, "missing or invalid schema_version");
        }
        int version = v.intValue();
        if (version < 1) {
            throw new MessageStoreException(file, "invalid schema_version " + version);
        }
        if (version > VoicemailMessage.SCHEMA_VERSION) {
            throw new MessageStoreException(file, "schema_version " + version
                    + " was written by a newer modem-voice; this version reads up to "
                    + VoicemailMessage.SCHEMA_VERSION);
        }
        return n;
    }

    private static JsonNode required(Path file, ObjectNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new MessageStoreException(file, "missing " + key);
        }
        return v;
    }

    private static String text(Path file, ObjectNode n, String key) {
        JsonNode v = required(file, n, key);
        if (!v.isTextual()) {
            throw new MessageStoreException(file, key + " must be a string, was " + type(v));
        }
        return v.textValue();
    }

    private static Optional<String> optText(Path file, ObjectNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new MessageStoreException(file, key + " must be a string or null, was " + type(v));
        }
        return Optional.of(v.textValue());
    }

    private static Number number(Path file, ObjectNode n, String key) {
        JsonNode v = required(file, n, key);
        if (!v.isNumber()) {
            throw new MessageStoreException(file, key + " must be a number, was " + type(v));
        }
        double d = v.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d) || d < 0 || d > 9.0e15) {
            throw new MessageStoreException(file, key + " out of range");
        }
        return v.numberValue();
    }

    private static boolean bool(Path file, ObjectNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new MessageStoreException(file, key + " must be true or false, was " + type(v));
        }
        return v.booleanValue();
    }

    private static Instant instant(Path file, ObjectNode n, String key) {
        String s = text(file, n, key);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                throw new MessageStoreException(file, key + " is not an ISO-8601 timestamp", e2);
            }
        }
    }

    private static CallerPrivacy.Policy policy(Path file, ObjectNode n) {
        String s = text(file, n, "caller_policy");
        try {
            return CallerPrivacy.Policy.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MessageStoreException(file, "unknown caller_policy", e);
        }
    }

    private static TerminationReason reason(Path file, ObjectNode n) {
        String s = text(file, n, "termination_reason");
        try {
            return TerminationReason.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MessageStoreException(file, "unknown termination_reason", e);
        }
    }

    private static Optional<Character> finishKey(Path file, ObjectNode n) {
        Optional<String> s = optText(file, n, "finish_key");
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.get().length() != 1 || "0123456789*#ABCD".indexOf(s.get().charAt(0)) < 0) {
            throw new MessageStoreException(file, "finish_key must be one DTMF key");
        }
        return Optional.of(s.get().charAt(0));
    }

    private static String type(JsonNode v) {
        JsonNodeType t = v.getNodeType();
        return t.name().toLowerCase(Locale.ROOT);
    }
}
