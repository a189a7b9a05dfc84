package io.github.modemvoice.pipeline;

import io.github.modemvoice.voicemail.VoicemailMessage;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The e-mail notifier's default mode, STARTTLS then a login, against a real SMTP server that
 * requires both: aiosmtpd (Debian's {@code python3-aiosmtpd}; GreenMail speaks SMTPS but not
 * STARTTLS). Skips when it is not installed.
 */
class EmailNotifierStarttlsTest extends MailTestBase {
    private Process server;
    private int port;
    private Path received;

    @BeforeEach
    void start() throws Exception {
        Optional<String> python = pythonWithAiosmtpd();
        Assumptions.assumeTrue(python.isPresent(), "python3-aiosmtpd not installed: apt-get install python3-aiosmtpd");
        Path script = tmp.resolve("starttls-smtp.py");
        try (InputStream in = EmailNotifierStarttlsTest.class.getResourceAsStream("starttls-smtp.py")) {
            Files.copy(in, script);
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        received = Files.createDirectory(tmp.resolve("received"));
        server = new ProcessBuilder(python.get(), script.toString(), Integer.toString(port), TestSmtp.certificatePem().toString(),
                TestSmtp.keyPem().toString(), TestSmtp.USER, TestSmtp.PASSWORD, received.toString())
                .redirectError(tmp.resolve("server.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine(); // blocks until the server is up or has died (the test's timeout bounds it)
        assertThat(line).as("the server starts; stderr: %s", Files.readString(tmp.resolve("server.err"))).isEqualTo("READY");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.getOutputStream().close(); // its stdin: the server stops
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The python3 on the PATH, or the system's (a pyenv or venv python3 lacks Debian's modules). */
    private static Optional<String> pythonWithAiosmtpd() throws Exception {
        for (String python : new String[] {"python3", "/usr/bin/python3"}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import aiosmtpd").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(python);
                }
            } catch (java.io.IOException noSuchProgram) {
                // try the next
            }
        }
        return Optional.empty();
    }

    private EmailNotifier.Builder notifier() throws Exception {
        return EmailNotifier.builder("localhost", store).security(EmailNotifier.Security.STARTTLS).port(port)
                .sslSocketFactory(TestSmtp.trusting()).from(TestSmtp.FROM).to("office@example.com");
    }

    @Test
    void starttlsThenLoginDeliversTheWavAndTheTranscript() throws Exception {
        VoicemailMessage m = stored("Please call me back.", Optional.empty());
        notifier().login(TestSmtp.USER, TestSmtp.PASSWORD).build().deliver(Notification.of(m));

        Path eml = received.resolve("1.eml");
        assertThat(eml).exists(); // written before the server answered 250
        MimeMessage mail;
        try (InputStream in = Files.newInputStream(eml)) {
            mail = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        Multipart parts = (Multipart) mail.getContent();
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n")).contains("Transcript:\nPlease call me back.");
        assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(Files.readAllBytes(m.audioPath().orElseThrow()));
    }

    @Test
    void aWrongPasswordFailsForGood() throws Exception {
        VoicemailMessage m = stored();
        EmailNotifier n = notifier().login(TestSmtp.USER, "not-the-password").build();
        assertDeliveryFails(n, m, false)
                .hasMessageContaining("refused the login").hasMessageNotContaining("not-the-password");
        try (var files = Files.list(received)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void withoutALoginTheServerRefusesTheMailForGood() throws Exception {
        VoicemailMessage m = stored();
        EmailNotifier n = notifier().build();
        assertDeliveryFails(n, m, false)
                .hasMessageContaining("SMTP 530");
    }
}
