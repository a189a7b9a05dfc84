package io.github.modemvoice.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The many-lines benchmark ({@link ManyLinesBench}) in small: two lines, a round of callers who
 * press the finish key and one of callers who hang up, so that the harness itself (its byte
 * comparison, its wire timestamps, its webhook receiver) keeps working. Figures are not judged
 * here: the unit suite runs on loaded machines; docs/BENCHMARKS.md has the real run.
 */
class ManyLinesBenchSmokeTest {
    @Test
    void twoLinesTwoRoundsStoreEveryMessageIntactAndMeasureEveryLatency() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ManyLinesBench.Result r = ManyLinesBench.run(2, 2, false, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(r.problems()).as("%s", out).isEmpty();
        assertThat(r.calls()).isEqualTo(4);
        assertThat(r.messagesIntact()).isEqualTo(4);
        assertThat(r.finishKeyToOnHookMs()).hasSize(2);
        assertThat(r.answerToGreetingMs()).hasSize(4);
        assertThat(r.hangupToWebhookMs()).hasSize(2);
        assertThat(java.util.stream.DoubleStream.of(r.finishKeyToOnHookMs()).min().orElseThrow()).isPositive();
        assertThat(java.util.stream.DoubleStream.of(r.answerToGreetingMs()).min().orElseThrow()).isPositive();
        assertThat(java.util.stream.DoubleStream.of(r.hangupToWebhookMs()).min().orElseThrow()).isPositive();
        assertThat(r.worstLinePacingErrorPercent()).as("the greeting's pace was measured").isFinite();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("messages stored intact (byte-compared) 4");
    }
}
