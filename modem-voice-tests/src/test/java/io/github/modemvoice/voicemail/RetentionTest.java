package io.github.modemvoice.voicemail;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.pipeline.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionTest {
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    private static VoicemailMessage store(MessageStore s, Instant start, boolean heard) {
        String id = MessageIds.newId(start);
        Path part = s.recordingFile(id);
        WavWriter.writeAll(part, Prompt.tone(440, Duration.ofMillis(100), 0.3));
        VoicemailMessage m = s.store(VoicemailMessage.builder().id(id).callId("c").caller(Optional.of("+4915112344567"))
                .callerRedacted("+***4567").callerPolicy(CallerPrivacy.Policy.FULL).startedAt(start)
                .endedAt(start.plusMillis(100)).durationSeconds(0.1).sizeBytes(1644)
                .terminationReason(TerminationReason.SILENCE).build(), part);
        return heard ? s.markHeard(id, true) : m;
    }

    @Test
    void heardMessagesOlderThanTheKeptDaysGoAsTheClockMovesOnNewOnesStay() {
        try (DirectoryMessageStore s = new DirectoryMessageStore(dir)) {
            VoicemailMessage heard10 = store(s, T0.minus(Duration.ofDays(10)), true);
            VoicemailMessage new60 = store(s, T0.minus(Duration.ofDays(60)), false);
            VoicemailMessage heard6 = store(s, T0.minus(Duration.ofDays(6)), true);
            Retention r = Retention.builder(s, Duration.ofDays(7)).clock(clock).build();

            assertThat(r.pruneNow()).extracting(VoicemailMessage::id).containsExactly(heard10.id());
            assertThat(dir.resolve(heard10.id() + ".wav")).doesNotExist();
            assertThat(dir.resolve(heard10.id() + ".json")).doesNotExist();
            assertThat(r.pruneNow()).isEmpty();

            clock.advance(Duration.ofDays(1).minusSeconds(1));
            assertThat(r.pruneNow()).as("6 days 23:59:59 old").isEmpty();
            clock.advance(Duration.ofSeconds(2));
            assertThat(r.pruneNow()).extracting(VoicemailMessage::id).containsExactly(heard6.id());
            assertThat(s.list()).extracting(VoicemailMessage::id).containsExactly(new60.id());
        }
    }

    @Test
    void theScheduleRunsAPassAtOnceAndTellsTheListener() throws Exception {
        try (DirectoryMessageStore s = new DirectoryMessageStore(dir)) {
            VoicemailMessage old = store(s, T0.minus(Duration.ofDays(40)), true);
            LinkedBlockingQueue<VoicemailMessage> deleted = new LinkedBlockingQueue<>();
            try (Retention r = Retention.builder(s, Duration.ofDays(30)).clock(clock).every(Duration.ofHours(1))
                    .listener(deleted::add).build().start()) {
                VoicemailMessage m = deleted.poll(10, TimeUnit.SECONDS);
                assertThat(m).as("first pass at start").isNotNull();
                assertThat(m.id()).isEqualTo(old.id());
            }
            assertThat(s.list()).isEmpty();
        }
    }

    @Test
    void aFailedDeletionIsLoggedAndTheOthersGoOn() {
        try (DirectoryMessageStore s = new DirectoryMessageStore(dir)) {
            VoicemailMessage a = store(s, T0.minus(Duration.ofDays(40)), true);
            VoicemailMessage b = store(s, T0.minus(Duration.ofDays(41)), true);
            Retention r = Retention.builder(s, Duration.ofDays(30)).clock(clock).remover(id -> {
                if (id.equals(a.id())) {
                    throw new MessageStoreException(dir, "disk on fire");
                }
                return s.delete(id);
            }).build();
            assertThat(r.pruneNow()).extracting(VoicemailMessage::id).isEqualTo(List.of(b.id()));
            assertThat(s.get(a.id())).isPresent();
        }
        assertThatThrownBy(() -> Retention.builder(null, Duration.ofDays(1)).build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Retention.builder(new DirectoryMessageStore(dir), Duration.ofHours(23)).build())
                .hasMessageContaining("keep must be at least one day");
    }
}
