package io.github.modemvoice.pipeline;

import io.github.modemvoice.CallerText;
import io.github.modemvoice.OperationInterruptedException;
import io.github.modemvoice.voicemail.MessageStore;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * E-mails each message to the team, the way Asterisk's voicemail does: the WAV attached
 * ({@code <id>.wav}, {@code audio/wav}) and, in a plain-text body, the caller (as the message's
 * privacy policy left it), the local time, the duration, the whole transcript (or why there is
 * none) and the message id. Sent over SMTP with Jakarta Mail (Eclipse Angus Mail, an optional
 * dependency: add {@code org.eclipse.angus:angus-mail} to use this class).
 *
 * <pre>{@code
 * Notifier mail = EmailNotifier.builder("smtp.example.com", store)
 *         .security(EmailNotifier.Security.STARTTLS)        // port 587 unless set
 *         .login("voicemail@example.com", password)
 *         .from("voicemail@example.com")
 *         .to("office@example.com", "boss@example.com")
 *         .build();
 * }</pre>
 *
 * <p>{@link Security#STARTTLS} requires the server to offer STARTTLS (the login never goes out
 * in clear); {@link Security#SMTPS} speaks TLS from the first byte (port 465). The server's
 * certificate is checked against the system's trusted authorities (or the
 * {@link Builder#sslSocketFactory socket factory} given) and its host name. The audio is read
 * from the {@link MessageStore} when the mail is sent, so the outbox holds no copy of it; a
 * WAV larger than {@link Builder#maxAttachmentBytes} (10 MiB unless set: what many mail servers
 * still accept) is left out and the body says so.
 *
 * <p>Outcomes for the {@link Outbox}: a rejected login, a recipient or sender the server refuses
 * for good (SMTP 5xx), or a message no longer stored are permanent; an unreachable server, a
 * timeout, or a temporary refusal (SMTP 4xx) is retried. The password never appears in messages
 * or logs. Thread-safe.
 */
public final class EmailNotifier implements Notifier {
    /** Default largest attachment. */
    public static final long DEFAULT_MAX_ATTACHMENT_BYTES = 10L << 20;

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM uuuu, HH:mm:ss z", Locale.ENGLISH);

    /** How the connection to the SMTP server is protected. */
    public enum Security {
        /** Plain SMTP (port 25): only for a relay on the same host or a trusted network. */
        NONE(25),
        /** SMTP upgraded with the STARTTLS command, required (port 587). */
        STARTTLS(587),
        /** SMTP inside TLS from the start, "implicit TLS" (port 465). */
        SMTPS(465);

        private final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        /** @return the port used unless one is set */
        public int defaultPort() {
            return defaultPort;
        }
    }

    private final String name;
    private final String host;
    private final int port;
    private final Security security;
    private final Optional<String> user;
    private final Optional<String> password;
    private final InternetAddress from;
    private final List<InternetAddress> to;
    private final MessageStore store;
    private final ZoneId zone;
    private final long maxAttachmentBytes;
    private final Session session;

    private EmailNotifier(Builder b) {
        this.name = b.name;
        this.host = b.host;
        this.port = b.port > 0 ? b.port : b.security.defaultPort();
        this.security = b.security;
        this.user = b.user;
        this.password = b.password;
        this.from = b.from;
        this.to = List.copyOf(b.to);
        this.store = b.store;
        this.zone = b.zone;
        this.maxAttachmentBytes = b.maxAttachmentBytes;
        this.session = Session.getInstance(properties(b));
    }

    private Properties properties(Builder b) {
        String p = protocol();
        Properties props = new Properties();
        props.put("mail." + p + ".host", host);
        props.put("mail." + p + ".port", Integer.toString(port));
        props.put("mail." + p + ".connectiontimeout", Long.toString(b.connectTimeout.toMillis()));
        props.put("mail." + p + ".timeout", Long.toString(b.readTimeout.toMillis()));
        props.put("mail." + p + ".writetimeout", Long.toString(b.readTimeout.toMillis()));
        props.put("mail." + p + ".auth", Boolean.toString(user.isPresent()));
        props.put("mail." + p + ".from", from.getAddress());
        if (security == Security.STARTTLS) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (security != Security.NONE) {
            props.put("mail." + p + ".ssl.checkserveridentity", "true");
            props.put("mail." + p + ".ssl.protocols", "TLSv1.3 TLSv1.2");
            b.sslSocketFactory.ifPresent(f -> props.put("mail." + p + ".ssl.socketFactory", f));
        }
        return props;
    }

    private String protocol() {
        return security == Security.SMTPS ? "smtps" : "smtp";
    }

    /**
     * @param host  the SMTP server
     * @param store where the messages' audio is read from when a mail is sent
     * @return a builder
     * @throws IllegalArgumentException naming {@code host} when it is blank
     */
    public static Builder builder(String host, MessageStore store) {
        return new Builder(host, store);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Notification n) {
        Objects.requireNonNull(n, "n");
        MimeMessage mail;
        try {
            mail = compose(n);
        } catch (MessagingException e) {
            throw new NotificationException("email " + name + ": cannot compose the mail for " + n.messageId() + ": " + e, false, e);
        }
        send(mail, n.messageId());
    }

    /**
     * @param n a notification
     * @return the mail this notifier sends for it (not sent)
     * @throws MessagingException when it cannot be composed
     * @throws NotificationException (permanent) when the message's audio is no longer stored
     */
    public MimeMessage compose(Notification n) throws MessagingException {
        long size = audioSize(n);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(from);
        m.setRecipients(Message.RecipientType.TO, to.toArray(Address[]::new));
        m.setSentDate(new Date(n.endedAt().toEpochMilli()));
        m.setSubject(oneLine("Voicemail from " + SlackNotifier.callerText(n) + n.line().map(l -> " on line " + l).orElse("") + " ("
                + SlackNotifier.formatDuration(n.durationSeconds()) + ")"), "UTF-8");
        m.setHeader("X-ModemVoice-Message-Id", n.messageId());
        boolean attach = size <= maxAttachmentBytes;
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body(n, attach, size), "UTF-8");
        MimeMultipart parts = new MimeMultipart();
        parts.addBodyPart(text);
        if (attach) {
            MimeBodyPart wav = new MimeBodyPart();
            wav.setDataHandler(new DataHandler(new StoredAudio(store, n.messageId())));
            wav.setFileName(n.messageId() + ".wav");
            wav.setDisposition(MimeBodyPart.ATTACHMENT);
            parts.addBodyPart(wav);
        }
        m.setContent(parts);
        m.saveChanges();
        return m;
    }

    /** The plain-text body. */
    String body(Notification n, boolean attached, long size) {
        StringBuilder b = new StringBuilder();
        b.append("New voicemail\n\n");
        b.append("From:     ").append(oneLine(SlackNotifier.callerText(n))).append('\n');
        b.append("Received: ").append(LOCAL.format(n.startedAt().atZone(zone))).append('\n');
        b.append("Duration: ").append(SlackNotifier.formatDuration(n.durationSeconds())).append('\n');
        b.append("Message:  ").append(n.messageId()).append('\n');
        b.append('\n');
        String t = n.transcript().strip();
        if (!t.isEmpty()) {
            b.append("Transcript:\n").append(CallerText.escapeKeepingLines(t)).append('\n');
        } else if (n.transcriptError().isPresent()) {
            b.append("No transcript: transcription failed (").append(oneLine(n.transcriptError().get())).append(").\n");
        } else {
            b.append("No transcript.\n");
        }
        b.append('\n');
        if (attached) {
            b.append("The recording is attached (").append(n.messageId()).append(".wav).\n");
        } else {
            b.append("The recording (").append(size).append(" bytes) is larger than ").append(maxAttachmentBytes)
                    .append(" bytes and is not attached; it stays in the mailbox as message ").append(n.messageId()).append(".\n");
        }
        return b.toString();
    }

    private static String oneLine(String s) {
        return CallerText.escape(s).replaceAll("\\s+", " ").strip();
    }

    /** @return the stored WAV's size: the file's length when the store keeps files, else the metadata's */
    private long audioSize(Notification n) {
        Optional<io.github.modemvoice.voicemail.VoicemailMessage> stored;
        try {
            stored = store.get(n.messageId());
        } catch (RuntimeException e) {
            throw new NotificationException("email " + name + ": cannot read message " + n.messageId() + ": " + e, true, e);
        }
        if (stored.isEmpty()) {
            throw new NotificationException("email " + name + ": message " + n.messageId()
                    + " is no longer stored; nothing to send", false, null);
        }
        Optional<java.nio.file.Path> file = stored.get().audioPath();
        if (file.isPresent()) {
            try {
                return java.nio.file.Files.size(file.get());
            } catch (IOException e) {
                throw new NotificationException("email " + name + ": cannot read " + file.get() + ": " + e, true, e);
            }
        }
        return n.sizeBytes();
    }

    private void send(MimeMessage mail, String messageId) {
        String what = "email " + name + ": " + protocol() + "://" + host + ":" + port;
        try (Transport t = session.getTransport(protocol())) {
            t.connect(host, port, user.orElse(null), password.orElse(null));
            t.sendMessage(mail, mail.getAllRecipients());
        } catch (AuthenticationFailedException e) {
            throw new NotificationException(what + " refused the login of " + user.orElse("(none)")
                    + ": " + Excerpts.head(String.valueOf(e.getMessage()), 200), false, e);
        } catch (SMTPSendFailedException e) {
            // 4xx: try later (greylisting, quota, a busy server); 5xx: refused for good
            boolean temporary = e.getReturnCode() >= 400 && e.getReturnCode() < 500;
            throw new NotificationException(what + " refused the mail (SMTP " + e.getReturnCode() + "): "
                    + Excerpts.head(String.valueOf(e.getMessage()), 200), temporary, e);
        } catch (SendFailedException e) {
            throw new NotificationException(what + " refused recipients " + addresses(e.getInvalidAddresses())
                    + addresses(e.getValidUnsentAddresses()) + ": " + Excerpts.head(String.valueOf(e.getMessage()), 200), false, e);
        } catch (MessagingException e) {
            if (Thread.currentThread().isInterrupted()) {
                InterruptedException why = new InterruptedException("interrupted while sending");
                why.initCause(e);
                throw new OperationInterruptedException("e-mail of " + messageId, why);
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof NotificationException ne) {
                    throw ne; // the audio went away while it was being sent
                }
            }
            throw new NotificationException(what + " unreachable or failed: " + Excerpts.head(cause.toString(), 300), true, e);
        }
    }

    private static String addresses(Address[] a) {
        if (a == null || a.length == 0) {
            return "";
        }
        List<String> s = new ArrayList<>();
        for (Address x : a) {
            s.add(x.toString());
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "EmailNotifier[" + name + ", " + protocol() + "://" + host + ":" + port + "]";
    }

    /** The attachment: opened from the store each time Jakarta Mail reads it (it may read twice). */
    private record StoredAudio(MessageStore store, String id) implements DataSource {
        @Override
        public InputStream getInputStream() throws IOException {
            try {
                return store.openAudio(id);
            } catch (NoSuchElementException e) {
                throw new IOException(new NotificationException("message " + id + " is no longer stored", false, e));
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public String getContentType() {
            return "audio/wav";
        }

        @Override
        public String getName() {
            return id + ".wav";
        }
    }

    /** Builds an {@link EmailNotifier}. */
    public static final class Builder extends NotifierSettings<Builder> {
        private final String host;
        private final MessageStore store;
        private int port;
        private Security security = Security.STARTTLS;
        private Optional<String> user = Optional.empty();
        private Optional<String> password = Optional.empty();
        private InternetAddress from;
        private final List<InternetAddress> to = new ArrayList<>();
        private ZoneId zone = ZoneId.systemDefault();
        private long maxAttachmentBytes = DEFAULT_MAX_ATTACHMENT_BYTES;
        private Duration readTimeout = Duration.ofSeconds(60);
        private Optional<SSLSocketFactory> sslSocketFactory = Optional.empty();

        private Builder(String host, MessageStore store) {
            super("email", Duration.ofSeconds(10));
            if (host == null || host.isBlank() || !host.strip().equals(host)) {
                throw new IllegalArgumentException("host: must name the SMTP server, was "
                        + (host == null ? "null" : "\"" + host + "\""));
            }
            this.host = host;
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * @param port 1 to 65535; the security's default port unless set
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: must be 1 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param security how the connection is protected (STARTTLS unless set)
         * @return this builder
         */
        public Builder security(Security security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /**
         * @param user     the SMTP login
         * @param password its password
         * @return this builder
         */
        public Builder login(String user, String password) {
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("user: must not be blank");
            }
            this.user = Optional.of(user);
            this.password = Optional.of(Objects.requireNonNull(password, "password"));
            return this;
        }

        /**
         * @param address the sender, e.g. {@code voicemail@example.com}
         * @return this builder
         */
        public Builder from(String address) {
            this.from = address("from", address);
            return this;
        }

        /**
         * @param addresses one or more recipients
         * @return this builder
         */
        public Builder to(String... addresses) {
            for (String a : addresses) {
                to.add(address("to", a));
            }
            return this;
        }

        /**
         * @param zone the time zone of the times in the body (the system's unless set)
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * @param bytes the largest WAV attached, at least 1
         * @return this builder
         */
        public Builder maxAttachmentBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxAttachmentBytes: must be at least 1, was " + bytes);
            }
            this.maxAttachmentBytes = bytes;
            return this;
        }

        /**
         * @param timeout the longest wait for each answer of the server, 60 s unless set
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            CommandTranscriber.requirePositive(timeout);
            this.readTimeout = timeout;
            return this;
        }

        /**
         * @param factory makes the TLS sockets, e.g. one trusting a private certificate authority
         *                (the JDK's default, with the system's authorities, unless set)
         * @return this builder
         */
        public Builder sslSocketFactory(SSLSocketFactory factory) {
            this.sslSocketFactory = Optional.of(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /**
         * @return the notifier
         * @throws IllegalArgumentException naming {@code from} or {@code to} when missing
         */
        public EmailNotifier build() {
            if (from == null) {
                throw new IllegalArgumentException("from: the sender address is required");
            }
            if (to.isEmpty()) {
                throw new IllegalArgumentException("to: at least one recipient is required");
            }
            return new EmailNotifier(this);
        }

        private static InternetAddress address(String field, String address) {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException(field + ": an e-mail address is required");
            }
            try {
                InternetAddress a = new InternetAddress(address.strip(), true);
                if (a.isGroup() || !a.getAddress().contains("@")) {
                    throw new AddressException("not a single address with a domain");
                }
                return a;
            } catch (AddressException e) {
                throw new IllegalArgumentException(field + ": not an e-mail address: \"" + address + "\" ("
                        + e.getMessage() + ")", e);
            }
        }
    }
}
