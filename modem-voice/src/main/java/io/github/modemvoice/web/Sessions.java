package io.github.modemvoice.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Logged-in sessions, in memory (a restart logs everyone out). A session id and its CSRF token
 * are 32 random bytes each (base64url). A session ends after {@link #IDLE} without a request,
 * {@link #ABSOLUTE} after login, or at logout; at most {@value #MAX_SESSIONS} live at once (the
 * oldest is dropped). Thread-safe.
 */
final class Sessions {
    static final Duration IDLE = Duration.ofHours(12);
    static final Duration ABSOLUTE = Duration.ofDays(7);
    static final int MAX_SESSIONS = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One login. */
    static final class Session {
        final String id;
        final String csrf;
        final Instant created;
        Instant lastSeen;

        Session(String id, String csrf, Instant created) {
            this.id = id;
            this.csrf = csrf;
            this.created = created;
            this.lastSeen = created;
        }

        /**
         * @param token the token a request carried, or null
         * @return true when it is this session's CSRF token
         */
        boolean csrfMatches(String token) {
            return token != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.US_ASCII),
                    token.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private final Clock clock;
    private final Map<String, Session> byId = new LinkedHashMap<>();

    Sessions(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * @param text a value from a cookie
     * @return true when it has the form of {@link #randomToken()}
     */
    static boolean looksLikeToken(String text) {
        return text.length() == 43 && text.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9' || c == '-' || c == '_');
    }

    synchronized Session create() {
        expire();
        while (byId.size() >= MAX_SESSIONS) {
            Iterator<String> it = byId.keySet().iterator();
            it.next();
            it.remove();
        }
        Session s = new Session(randomToken(), randomToken(), clock.instant());
        byId.put(s.id, s);
        return s;
    }

    /**
     * @param id a session id from a cookie, or null
     * @return the live session, touched
     */
    synchronized Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        expire();
        Session s = byId.get(id);
        if (s != null) {
            s.lastSeen = clock.instant();
        }
        return Optional.ofNullable(s);
    }

    synchronized void remove(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    private void expire() {
        Instant now = clock.instant();
        byId.values().removeIf(s -> now.isAfter(s.lastSeen.plus(IDLE)) || now.isAfter(s.created.plus(ABSOLUTE)));
    }
}
