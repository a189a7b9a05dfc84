package io.github.modemvoice.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A generic webhook: POSTs the message metadata and transcript as JSON and signs it.
 *
 * <p>The body (snake_case keys, ISO-8601 UTC timestamps, the caller as the message's privacy
 * policy left it, {@code null} for what is absent):
 * <pre>{@code
 * {"event":"voicemail.stored","schema_version":1,"message_id":"20261121T221503Z-kqzrtmwa",
 *  "call_id":"...","caller":"+4915112344567","caller_redacted":"+***4567","caller_policy":"FULL",
 *  "caller_name":"Anna Muller",
 *  "started_at":"2026-11-21T22:15:03Z","ended_at":"2026-11-21T22:15:45Z","duration_seconds":42.0,
 *  "size_bytes":672044,"termination_reason":"SILENCE","finish_key":null,
 *  "transcript":"Hello, this is ...","transcript_error":null}
 * }</pre>
 *
 * <p>Two versions of the body, chosen with {@link Builder#schemaVersion(int)}: {@code 1} (the
 * default, unchanged for the receivers written against it) spells {@code caller_policy} in upper
 * case ({@code FULL}, {@code REDACTED}, {@code HMAC}); {@code 2} spells it as the message's
 * metadata does ({@code full}, {@code redacted}, {@code hmac}) and is otherwise the same. The
 * body's {@code schema_version} says which one a receiver got.
 *
 * <p>Headers: {@code Content-Type: application/json};
 * {@code X-ModemVoice-Signature: sha256=<hex>}, the HMAC-SHA256 of the exact body bytes under
 * the shared secret (check it with {@link #verifySignature(byte[], byte[], String)});
 * {@code X-ModemVoice-Timestamp}: the send time in Unix seconds (not signed: the body is the
 * same on every retry); {@code Idempotency-Key}: the message id, the same on every retry, so
 * receivers can drop duplicates.
 *
 * <p>A 2xx answer means delivered; 408, 429, 5xx, timeouts and I/O failures are retryable;
 * every other status (including redirects, which are not followed) is permanent.
 */
public final class WebhookNotifier implements Notifier {
    /** The signature header. */
    public static final String SIGNATURE_HEADER = "X-ModemVoice-Signature";
    /** The timestamp header (Unix seconds). */
    public static final String TIMESTAMP_HEADER = "X-ModemVoice-Timestamp";
    /** The idempotency header (the message id). */
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    /** The {@code event} value of the body. */
    public static final String EVENT = "voicemail.stored";
    /** The {@code schema_version} of the body unless {@link Builder#schemaVersion(int)} says otherwise. */
    public static final int SCHEMA_VERSION = 1;
    /** The newest body version: {@code caller_policy} in lower case, as in the metadata. */
    public static final int LATEST_SCHEMA_VERSION = 2;

    private final String name;
    private final byte[] secret;
    private final Clock clock;
    private final HttpDelivery http;
    private final int schemaVersion;

    private WebhookNotifier(Builder b) {
        this.name = b.name;
        this.secret = b.secret;
        this.clock = b.clock;
        this.schemaVersion = b.schemaVersion;
        this.http = b.delivery();
    }

    /**
     * @param url    where to POST
     * @param secret the shared HMAC key, at least 16 bytes (copied)
     * @return a builder
     * @throws IllegalArgumentException naming {@code url} or {@code secret} when invalid
     */
    public static Builder builder(URI url, byte[] secret) {
        return new Builder(url, secret);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        byte[] body = body(notification, schemaVersion);
        http.post("webhook " + name, body,
                SIGNATURE_HEADER, sign(secret, body),
                TIMESTAMP_HEADER, Long.toString(clock.instant().getEpochSecond()),
                IDEMPOTENCY_HEADER, notification.messageId());
    }

    /**
     * @param notification a notification
     * @return the exact JSON body a notifier of the default {@link #SCHEMA_VERSION} sends for it
     */
    public static byte[] body(Notification notification) {
        return body(notification, SCHEMA_VERSION);
    }

    /**
     * @param notification  a notification
     * @param schemaVersion 1 or 2 (see the class comment)
     * @return the exact JSON body a notifier of that version sends for it
     */
    public static byte[] body(Notification notification, int schemaVersion) {
        ObjectNode o = NotificationJson.MAPPER.createObjectNode();
        o.put("event", EVENT);
        o.put("schema_version", requireVersion(schemaVersion));
        o.setAll(NotificationJson.toJson(notification));
        if (schemaVersion >= 2) {
            o.put("caller_policy", notification.callerPolicy().name().toLowerCase(Locale.ROOT));
        }
        try {
            return NotificationJson.MAPPER.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a notification", e);
        }
    }

    /**
     * @param secret the shared key
     * @param body   the exact body
     * @return the header value {@code sha256=<lower-case hex HMAC-SHA256>}
     */
    public static String sign(byte[] secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(secret, body));
    }

    /**
     * For receivers: checks an {@value #SIGNATURE_HEADER} header against the exact body bytes
     * received, in constant time.
     *
     * @param secret the shared key
     * @param body   the body exactly as received
     * @param header the header value, e.g. {@code sha256=9f86...}; null gives false
     * @return true when the signature is valid
     */
    public static boolean verifySignature(byte[] secret, byte[] body, String header) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(body, "body");
        if (header == null || !header.startsWith("sha256=")) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring("sha256=".length()).strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, body), given);
    }

    private static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookNotifier[" + name + ", " + http.where() + "]";
    }

    /** Builds a {@link WebhookNotifier}. */
    public static final class Builder extends HttpNotifierSettings<Builder> {
        private final byte[] secret;
        private Clock clock = Clock.systemUTC();
        private int schemaVersion = SCHEMA_VERSION;

        private Builder(URI url, byte[] secret) {
            super("webhook", url, "url: must be an absolute http or https URL, was " + url);
            Objects.requireNonNull(secret, "secret");
            if (secret.length < 16) {
                throw new IllegalArgumentException("secret: must be at least 16 bytes, was " + secret.length);
            }
            this.secret = secret.clone();
        }

        /**
         * @param clock the clock for the timestamp header
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param version the body's version: {@link #SCHEMA_VERSION} (1, the default) or
         *                {@link #LATEST_SCHEMA_VERSION} (2: {@code caller_policy} in lower case)
         * @return this builder
         * @throws IllegalArgumentException naming {@code schemaVersion} for another number
         */
        public Builder schemaVersion(int version) {
            this.schemaVersion = requireVersion(version);
            return this;
        }

        /** @return the notifier */
        public WebhookNotifier build() {
            return new WebhookNotifier(this);
        }
    }

    private static int requireVersion(int version) {
        if (version < SCHEMA_VERSION || version > LATEST_SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion: must be " + SCHEMA_VERSION + " or " + LATEST_SCHEMA_VERSION
                    + ", was " + version);
        }
        return version;
    }

    /**
     * @return the secret's UTF-8 bytes, for secrets kept as text
     * @param secret a text secret
     */
    public static byte[] secretOf(String secret) {
        return Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8);
    }
}
