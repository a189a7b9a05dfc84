package io.github.modemvoice.pipeline;

import io.github.modemvoice.machine.Mailbox;
import io.github.modemvoice.machine.StatusFile;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The machine's mailbox view: what the CLI's mailbox commands and the web page both go through. */
class MailboxViewTest {
    static final Instant T0 = Instant.parse("2026-11-21T22:16:00Z");

    @TempDir
    Path dir;

    @Test
    void deletingForgetsTheNotificationRecordsAndTheCountsFollow() {
        VoicemailMessage m = Messages.message(T0.minusSeconds(60), CallerPrivacy.full(), "Please call back.");
        VoicemailMessage other = Messages.message(T0.minusSeconds(30), CallerPrivacy.full(), "");
        OutboxTest.Scripted hook = new OutboxTest.Scripted("webhook");
        hook.outcome = n -> new NotificationException("HTTP 503", true, null);
        try (Outbox outbox = Outbox.builder(Outbox.besideMessages(dir)).notifier(hook).jitter(0).build();
             DirectoryMessageStore store = new DirectoryMessageStore(dir)) {
            outbox.enqueue(m);
            outbox.enqueue(other);
            Mailbox mailbox = new Mailbox(store, Optional.of(dir));
            assertThat(mailbox.notificationsWaiting()).isEqualTo(2);
            assertThat(mailbox.notificationsFailed()).isZero();

            assertThat(mailbox.delete(m.id())).as("its record was removed").isTrue();
            assertThat(mailbox.notificationsWaiting()).isEqualTo(1);
            assertThat(mailbox.delete(m.id())).as("nothing left of it").isFalse();
            assertThatThrownBy(() -> mailbox.delete("../x")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theLastCallComesFromTheMachinesStatusFile() {
        try (DirectoryMessageStore store = new DirectoryMessageStore(dir)) {
            Mailbox mailbox = new Mailbox(store, Optional.of(dir));
            assertThat(mailbox.lastCallAt()).isEmpty();
            StatusFile status = StatusFile.start(dir, Clock.fixed(T0, ZoneOffset.UTC));
            status.callHandled(false);
            assertThat(mailbox.lastCallAt()).contains(T0);
            assertThat(new Mailbox(store, Optional.empty()).lastCallAt()).isEmpty();
            assertThat(new Mailbox(store, Optional.empty()).notificationsWaiting()).isZero();
        }
    }
}
