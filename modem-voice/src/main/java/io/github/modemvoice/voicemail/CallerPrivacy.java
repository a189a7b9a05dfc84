package io.github.modemvoice.voicemail;

import io.github.modemvoice.CallerText;
import io.github.modemvoice.PhoneNumbers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * How much of the caller's number goes into a message's metadata: the full number (the
 * default: the team needs it to call back), the redacted form, or a keyed HMAC-SHA256 hash (lets
 * you recognise repeat callers without storing numbers).
 */
public final class CallerPrivacy {

    /** The policies. */
    public enum Policy {
        /** The full number. */
        FULL,
        /** Only the last four digits, e.g. {@code +***4567}. */
        REDACTED,
        /** {@code hmac-sha256:<hex>} of the number under a secret key. */
        HMAC
    }

    private final Policy policy;
    private final byte[] key;

    private CallerPrivacy(Policy policy, byte[] key) {
        this.policy = policy;
        this.key = key;
    }

    /** @return keep the full number */
    public static CallerPrivacy full() {
        return new CallerPrivacy(Policy.FULL, null);
    }

    /** @return keep only the redacted number */
    public static CallerPrivacy redacted() {
        return new CallerPrivacy(Policy.REDACTED, null);
    }

    /**
     * @param key the secret key, at least 16 bytes
     * @return keep an HMAC-SHA256 of the number
     */
    public static CallerPrivacy hmac(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < 16) {
            throw new IllegalArgumentException("callerPrivacy: HMAC key must be at least 16 bytes, was " + key.length);
        }
        return new CallerPrivacy(Policy.HMAC, key.clone());
    }

    /** @return the policy */
    public Policy policy() {
        return policy;
    }

    /**
     * @param number the caller's number, if presented
     * @return what the metadata keeps; under FULL the number with control and bidi formatting
     *         characters escaped ({@link CallerText#escape(String)}), the HMAC of the number as
     *         received
     */
    public Optional<String> apply(Optional<String> number) {
        if (number.isEmpty()) {
            return Optional.empty();
        }
        String n = number.get();
        switch (policy) {
            case FULL:
                // caller id is data from the network, not terminal input: controls and bidi
                // formatting characters are escaped before the number is stored
                return Optional.of(CallerText.escape(n));
            case REDACTED:
                return Optional.of(PhoneNumbers.redact(n));
            default:
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(key, "HmacSHA256"));
                    return Optional.of("hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(n.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("HmacSHA256 unavailable", e);
                }
        }
    }

    /**
     * The caller's name (analog {@code NAME=}, GSM {@code +CLIP} alpha field or CNAP) is kept
     * only under {@link Policy#FULL}, escaped like the number: a name identifies the caller as
     * much as the number, and neither a redacted nor a keyed-hash policy has a form for it.
     *
     * @param name the name the line sent, if any
     * @return what the metadata keeps
     */
    public Optional<String> applyToName(Optional<String> name) {
        if (policy != Policy.FULL) {
            return Optional.empty();
        }
        return name.map(String::strip).filter(n -> !n.isEmpty()).map(CallerText::escape);
    }

    @Override
    public String toString() {
        return "CallerPrivacy[" + policy + "]";
    }
}
