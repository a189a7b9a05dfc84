package io.github.modemvoice.routing;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.call.CallState;
import io.github.modemvoice.pipeline.MutableClock;
import io.github.modemvoice.testing.MockModem;
import io.github.modemvoice.voicemail.VoicemailBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The screen in front of the after-hours handler on a scripted SIMCom modem: what the host
 * writes to the modem shows whether a call was answered ({@code ATA}) or rejected
 * ({@code AT+CHUP}, 27.007's hang-up, which rejects a ringing call).
 */
class CallerScreenCallTest {
    private static final String BLOCKED = "+4930666666";
    private static final String FRIEND = "+4930123456";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T20:00:00Z"));
    private final LinkedBlockingQueue<CallFlowEvent> events = new LinkedBlockingQueue<>();

    private AfterHoursCallHandler handler(CallerScreen screen) {
        VoicemailBox box = VoicemailBox.builder().directory(tmp.resolve("vm"))
                .greeting(Prompt.tone(600, Duration.ofMillis(100), 0.3)).maxDuration(Duration.ofSeconds(2)).build();
        return AfterHoursCallHandler.builder().businessHours(BusinessHours.never()).voicemail(box).screen(screen)
                .listener(events::add).build();
    }

    private CallFlowEvent awaitEnd() throws InterruptedException {
        while (true) {
            CallFlowEvent e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("the call flow ended").isNotNull();
            if (e.state() == CallFlowState.DISCONNECTED) {
                return e;
            }
        }
    }

    private static void awaitIdle(MockModem m) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (m.modem().state() != CallState.IDLE) {
            assertThat(System.nanoTime() - deadline).as("modem idle within 10 s").isNegative();
            Thread.sleep(10); // polls the call state, bounded by the deadline
        }
    }

    private static long count(List<String> commands, String c) {
        return commands.stream().filter(c::equals).count();
    }

    @Test
    void aBlockedCallerIsRejectedWithoutAnAnswerAndAnAllowedOneIsAnswered() throws Exception {
        Path block = tmp.resolve("block.txt");
        Files.writeString(block, "+4930*\n");
        Path allow = tmp.resolve("allow.txt");
        Files.writeString(allow, FRIEND + "\n");
        CallerScreen screen = CallerScreen.builder().blockList(block).allowList(allow).clock(clock).build();
        try (MockModem m = MockModem.simcom().start(handler(screen))) {
            m.ring(BLOCKED);
            CallFlowEvent end = awaitEnd();
            assertThat(end.detail()).isEqualTo("screened: on the block list: rejected");
            assertThat(end.result()).contains(new CallOutcome.Screened("on the block list", CallOutcome.TurnedAway.REJECTED));
            assertThat(end.callerRedacted()).isEqualTo("+***6666");
            m.awaitCommand("AT+CHUP");
            assertThat(m.commands()).doesNotContain("ATA");
            awaitIdle(m);

            m.ring(FRIEND);
            m.awaitCommand("ATA");
            m.hangUp();
            assertThat(awaitEnd().result()).get().isNotInstanceOf(CallOutcome.Screened.class);
            assertThat(count(m.commands(), "ATA")).isEqualTo(1);
        }
        assertThat(screen.screenedOut()).isEqualTo(1);
    }

    @Test
    void blockedCallersLeftRingingGetNeitherAnAnswerNorAHangUp() throws Exception {
        Path block = tmp.resolve("block.txt");
        Files.writeString(block, BLOCKED + "\n");
        CallerScreen screen = CallerScreen.builder().blockList(block).blockedAction(CallerScreen.Action.IGNORE).build();
        try (MockModem m = MockModem.simcom().start(handler(screen))) {
            m.ring(BLOCKED);
            CallFlowEvent left = awaitEnd();
            assertThat(left.detail()).isEqualTo("screened: on the block list: left ringing");
            assertThat(left.result()).contains(new CallOutcome.Screened("on the block list", CallOutcome.TurnedAway.LEFT_RINGING));
            m.hangUp(); // the caller gives up
            assertThat(m.commands()).doesNotContain("ATA", "AT+CHUP");
        }
    }

    @Test
    void aNumberAddedToTheListWhileRunningIsBlockedFromTheNextCall() throws Exception {
        Path block = tmp.resolve("block.txt");
        Files.writeString(block, "# empty for now\n");
        CallerScreen screen = CallerScreen.builder().blockList(block).clock(clock).recheckEvery(Duration.ofSeconds(5)).build();
        try (MockModem m = MockModem.simcom().start(handler(screen))) {
            m.ring(BLOCKED);
            m.awaitCommand("ATA");
            m.hangUp();
            awaitEnd();
            awaitIdle(m); // the next ring is a new call only once the modem put the last one away

            Files.writeString(block, "# spam\n" + BLOCKED + "\n");
            clock.advance(Duration.ofSeconds(5));
            int before = m.commands().size();
            m.ring(BLOCKED);
            assertThat(awaitEnd().detail()).startsWith("screened: on the block list");
            List<String> since = m.commands().subList(before, m.commands().size());
            assertThat(since).contains("AT+CHUP").doesNotContain("ATA");
        }
    }
}
