package io.github.modemvoice.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Slows down password guessing per client address: the first {@value #FREE_FAILURES} wrong
 * passwords cost nothing, every further one doubles a waiting time (1 s, 2 s, 4 s ... at most
 * 15 minutes) during which that address may not try again. A correct password clears the
 * address; an address that stayed quiet for an hour starts afresh. The clock is injected so
 * tests need not wait. At most {@value #MAX_ADDRESSES} addresses are remembered (the least
 * recently seen is forgotten first). Thread-safe.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 3;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    static final int MAX_ADDRESSES = 4096;

    private static final class Failures {
        int failures;
        Instant lastFailure;
        Instant blockedUntil;
    }

    private final Clock clock;
    private final Map<String, Failures> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    LoginThrottle(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param address the client's address
     * @return how long this address must still wait before it may try a password, if at all
     */
    synchronized Optional<Duration> waitBeforeTrying(String address) {
        Failures e = current(address);
        if (e == null || e.blockedUntil == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), e.blockedUntil);
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** @param address a client that gave a wrong password */
    synchronized void failed(String address) {
        Failures e = current(address);
        if (e == null) {
            e = new Failures();
            entries.put(address, e);
        }
        Instant now = clock.instant();
        e.failures++;
        e.lastFailure = now;
        if (e.failures > FREE_FAILURES) {
            int doublings = Math.min(e.failures - FREE_FAILURES - 1, 20);
            Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
            e.blockedUntil = now.plus(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
        }
    }

    /** @param address a client that logged in */
    synchronized void succeeded(String address) {
        entries.remove(address);
    }

    private Failures current(String address) {
        Failures e = entries.get(address);
        if (e != null && Duration.between(e.lastFailure, clock.instant()).compareTo(FORGET_AFTER) > 0
                && (e.blockedUntil == null || !clock.instant().isBefore(e.blockedUntil))) {
            entries.remove(address);
            return null;
        }
        return e;
    }
}
