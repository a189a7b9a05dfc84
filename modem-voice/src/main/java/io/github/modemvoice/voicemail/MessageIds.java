package io.github.modemvoice.voicemail;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Message ids: {@code yyyyMMdd'T'HHmmss'Z'} (UTC) plus {@code -} and an eight-letter random
 * token from an alphabet without digits, so an id never holds a digit of anything but the time,
 * sorts by time, and is safe as a file name.
 */
public final class MessageIds {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern VALID = Pattern.compile("\\d{8}T\\d{6}Z-[a-z]{8}");
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private MessageIds() {
    }

    /**
     * @param at the message's start time
     * @return a new id
     */
    public static String newId(Instant at) {
        char[] token = new char[8];
        for (int i = 0; i < token.length; i++) {
            token[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return TIME.format(at) + "-" + new String(token);
    }

    /**
     * @param id a candidate
     * @return true when it has the id form (and so cannot traverse paths)
     */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /**
     * @param id a candidate
     * @return the id
     * @throws IllegalArgumentException naming the problem (without echoing long input)
     */
    public static String requireValid(String id) {
        if (!isValid(id)) {
            String shown = id == null ? "null" : id.length() > 40 ? id.substring(0, 40) + "..." : id;
            throw new IllegalArgumentException("invalid message id \"" + shown.replaceAll("[^\\x20-\\x7E]", "?")
                    + "\" (expected yyyyMMddTHHmmssZ-xxxxxxxx)");
        }
        return id;
    }
}
