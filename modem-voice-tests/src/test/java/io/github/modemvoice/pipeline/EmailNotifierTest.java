package io.github.modemvoice.pipeline;

import com.icegreen.greenmail.util.GreenMail;
import io.github.modemvoice.voicemail.VoicemailMessage;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The e-mail notifier against a real SMTP server (GreenMail) over SMTPS with a login. */
class EmailNotifierTest extends MailTestBase {
    private GreenMail smtp;

    @BeforeEach
    void start() throws Exception {
        smtp = TestSmtp.start("smtps");
    }

    @AfterEach
    void stop() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    private EmailNotifier.Builder notifier() throws Exception {
        return EmailNotifier.builder("localhost", store)
                .security(EmailNotifier.Security.SMTPS).port(TestSmtp.port(smtp))
                .sslSocketFactory(TestSmtp.trusting())
                .login(TestSmtp.USER, TestSmtp.PASSWORD)
                .from(TestSmtp.FROM).to("office@example.com", "boss@example.com")
                .zone(ZoneOffset.UTC);
    }

    @Test
    void theWavIsAttachedByteForByteAndTheTranscriptIsInTheBody() throws Exception {
        VoicemailMessage m = stored("Hello, this is Alex. Please call me back.\nThanks.", Optional.empty());
        notifier().build().deliver(Notification.of(m));

        assertThat(smtp.waitForIncomingEmail(10_000, 2)).as("one mail per recipient").isTrue();
        MimeMessage[] got = smtp.getReceivedMessages();
        assertThat(got).hasSize(2);
        MimeMessage mail = got[0];
        assertThat(mail.getSubject()).isEqualTo("Voicemail from +4915112344567 (0:00)");
        assertThat(mail.getFrom()[0].toString()).isEqualTo(TestSmtp.FROM);
        assertThat(mail.getHeader("X-ModemVoice-Message-Id")).containsExactly(m.id());
        Multipart parts = (Multipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        String body = ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"); // SMTP lines end in CRLF
        assertThat(body).contains("Transcript:\nHello, this is Alex. Please call me back.\nThanks.")
                .contains("From:     +4915112344567", "Received: Sat 21 Nov 2026, 22:15:03 Z", "Message:  " + m.id());
        BodyPart wav = parts.getBodyPart(1);
        assertThat(wav.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(wav.getFileName()).isEqualTo(m.id() + ".wav");
        assertThat(wav.getContentType()).startsWith("audio/wav");
        byte[] sent = wav.getInputStream().readAllBytes();
        assertThat(sent).isEqualTo(Files.readAllBytes(m.audioPath().orElseThrow()));
    }

    @Test
    void theCallerNameFollowsTheNumberInTheSubjectAndBody() throws Exception {
        VoicemailMessage m = stored("hi", Optional.empty()).toBuilder().callerName(Optional.of("Anna Müller")).build();
        MimeMessage mail = notifier().build().compose(Notification.of(m));
        assertThat(mail.getSubject()).isEqualTo("Voicemail from +4915112344567 (Anna Müller) (0:00)");
        String body = (String) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
        assertThat(body).contains("From:     +4915112344567 (Anna Müller)");
    }

    @Test
    void aFailedTranscriptionIsSaidAndAnOverLargeWavIsNotAttached() throws Exception {
        VoicemailMessage m = stored("", Optional.of("whisper-cli exited with code 2"));
        notifier().maxAttachmentBytes(100).build().deliver(Notification.of(m));
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        Object content = smtp.getReceivedMessages()[0].getContent();
        Multipart parts = (Multipart) content;
        assertThat(parts.getCount()).isEqualTo(1);
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"))
                .contains("No transcript: transcription failed (whisper-cli exited with code 2).")
                .contains("is larger than 100 bytes and is not attached");
    }

    @Test
    void aWrongPasswordIsAPermanentFailureThatDoesNotShowThePassword() throws Exception {
        VoicemailMessage m = stored();
        EmailNotifier n = notifier().login(TestSmtp.USER, "wrong-password-xyz").build();
        assertDeliveryFails(n, m, false)
                .hasMessageContaining("refused the login of " + TestSmtp.USER)
                .hasMessageNotContaining("wrong-password-xyz");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void anUntrustedCertificateIsRefusedAndRetried() throws Exception {
        VoicemailMessage m = stored();
        // the JDK's own authorities do not know the test server's certificate
        EmailNotifier n = EmailNotifier.builder("localhost", store).security(EmailNotifier.Security.SMTPS)
                .port(TestSmtp.port(smtp)).login(TestSmtp.USER, TestSmtp.PASSWORD)
                .from(TestSmtp.FROM).to("office@example.com").build();
        assertDeliveryFails(n, m, true)
                .hasMessageContaining("smtps://localhost:" + TestSmtp.port(smtp));
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aMessageNoLongerStoredFailsForGood() throws Exception {
        VoicemailMessage m = stored();
        store.delete(m.id());
        assertDeliveryFails(notifier().build(), m, false)
                .hasMessageContaining("no longer stored");
    }

    @Test
    void anUnreachableServerIsRetryable() throws Exception {
        VoicemailMessage m = stored();
        EmailNotifier n = notifier().build();
        smtp.stop();
        smtp = null;
        assertDeliveryFails(n, m, true);
    }

    @Test
    void starttlsIsRequiredSoALoginNeverGoesOutInClear() throws Exception {
        GreenMail plain = TestSmtp.start("smtp"); // offers no STARTTLS
        try {
            VoicemailMessage m = stored();
            EmailNotifier n = EmailNotifier.builder("localhost", store).security(EmailNotifier.Security.STARTTLS)
                    .port(TestSmtp.port(plain)).sslSocketFactory(TestSmtp.trusting())
                    .login(TestSmtp.USER, TestSmtp.PASSWORD).from(TestSmtp.FROM).to("office@example.com").build();
            assertDeliveryFails(n, m, true)
                    .hasMessageContaining("STARTTLS");
            assertThat(plain.getReceivedMessages()).isEmpty();
        } finally {
            plain.stop();
        }
    }

    @Test
    void plainSmtpToALocalRelayWithoutALogin() throws Exception {
        GreenMail plain = TestSmtp.start("smtp");
        try {
            VoicemailMessage m = stored();
            EmailNotifier.builder("127.0.0.1", store).security(EmailNotifier.Security.NONE).port(TestSmtp.port(plain))
                    .from(TestSmtp.FROM).to("office@example.com").build().deliver(Notification.of(m));
            assertThat(plain.waitForIncomingEmail(10_000, 1)).isTrue();
            Multipart parts = (Multipart) plain.getReceivedMessages()[0].getContent();
            assertThat(parts.getBodyPart(1).getInputStream().readAllBytes())
                    .isEqualTo(Files.readAllBytes(m.audioPath().orElseThrow()));
        } finally {
            plain.stop();
        }
    }

    @Test
    void addressesAreChecked() {
        assertThatThrownBy(() -> EmailNotifier.builder("localhost", store).to("not an address"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("to: not an e-mail address");
        assertThatThrownBy(() -> EmailNotifier.builder("localhost", store).to("a@example.com").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("from:");
    }
}
