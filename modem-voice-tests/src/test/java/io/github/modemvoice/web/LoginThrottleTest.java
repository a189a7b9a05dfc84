package io.github.modemvoice.web;

import io.github.modemvoice.pipeline.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T22:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void theWaitDoublesAfterTheFreeFailuresUpToTheCap() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("10.0.0.1");
            assertThat(throttle.waitBeforeTrying("10.0.0.1")).isEmpty();
        }
        long[] expected = {1, 2, 4, 8, 16};
        for (long seconds : expected) {
            throttle.failed("10.0.0.1");
            assertThat(throttle.waitBeforeTrying("10.0.0.1")).hasValue(Duration.ofSeconds(seconds));
            clock.advance(Duration.ofSeconds(seconds).minusMillis(1));
            assertThat(throttle.waitBeforeTrying("10.0.0.1")).hasValue(Duration.ofMillis(1));
            clock.advance(Duration.ofMillis(1));
            assertThat(throttle.waitBeforeTrying("10.0.0.1")).isEmpty();
        }
        for (int i = 0; i < 30; i++) {
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.waitBeforeTrying("10.0.0.1")).hasValue(LoginThrottle.MAX_DELAY);
    }

    @Test
    void addressesAreCountedApartAndASuccessClears() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.waitBeforeTrying("10.0.0.1")).isPresent();
        assertThat(throttle.waitBeforeTrying("10.0.0.2")).isEmpty();
        throttle.succeeded("10.0.0.1");
        assertThat(throttle.waitBeforeTrying("10.0.0.1")).isEmpty();
        throttle.failed("10.0.0.1");
        assertThat(throttle.waitBeforeTrying("10.0.0.1")).isEmpty(); // counting starts again
    }

    @Test
    void aQuietHourForgetsEarlierFailures() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("10.0.0.1");
        }
        clock.advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
        throttle.failed("10.0.0.1");
        assertThat(throttle.waitBeforeTrying("10.0.0.1")).isEmpty();
    }
}
