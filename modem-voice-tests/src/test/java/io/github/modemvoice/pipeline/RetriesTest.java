package io.github.modemvoice.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetriesTest {
    private static final Instant CREATED = Instant.parse("2026-11-21T22:00:00Z");
    private static final Duration MAX_AGE = Duration.ofHours(24);

    @Test
    void aPassingFailureInsideMaxAgeIsRetried() {
        assertThat(Retries.giveUp(CREATED, 3, CREATED.plusSeconds(60), MAX_AGE, true, "HTTP 503")).isEmpty();
    }

    @Test
    void aPermanentFailureIsGivenUpAtOnceWithItsReason() {
        assertThat(Retries.giveUp(CREATED, 1, CREATED.plusSeconds(1), MAX_AGE, false, "HTTP 404"))
                .contains("permanent failure after 1 attempt(s): HTTP 404");
    }

    @Test
    void aPassingFailureAtMaxAgeIsGivenUp() {
        assertThat(Retries.giveUp(CREATED, 9, CREATED.plus(MAX_AGE), MAX_AGE, true, "timeout"))
                .contains("gave up after 9 attempt(s) over PT24H: timeout");
    }

    @Test
    void theNextAttemptNeverFallsAfterMaxAge() {
        assertThat(Retries.nextAttempt(CREATED, CREATED.plusSeconds(10), MAX_AGE, Duration.ofMinutes(5)))
                .isEqualTo(CREATED.plusSeconds(310));
        assertThat(Retries.nextAttempt(CREATED, CREATED.plus(MAX_AGE).minusSeconds(60), MAX_AGE, Duration.ofMinutes(5)))
                .isEqualTo(CREATED.plus(MAX_AGE));
    }
}
