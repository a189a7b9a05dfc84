package io.github.modemvoice.cli;

import io.github.modemvoice.pipeline.EmailNotifier;
import io.github.modemvoice.pipeline.Notifier;
import io.github.modemvoice.voicemail.MessageStore;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** E-mail of each message (the WAV attached, the transcript in the body) through an SMTP server. */
final class MailOptions {
    @Option(names = "--smtp-host", paramLabel = "HOST", description = "E-mail each message through this SMTP server.")
    String host;

    @Option(names = "--smtp-port", paramLabel = "PORT",
            description = "The server's port (default: 587 with starttls, 465 with smtps, 25 with none).")
    Integer port;

    @Option(names = "--smtp-security", paramLabel = "MODE", converter = SecurityConverter.class,
            description = "starttls (required, the login never goes out in clear), smtps (TLS from the start) or none "
                    + "(a relay on this host only) (default: starttls).")
    EmailNotifier.Security security = EmailNotifier.Security.STARTTLS;

    @Option(names = "--smtp-user", paramLabel = "USER", description = "The SMTP login (with --smtp-password-file).")
    String user;

    @Option(names = "--smtp-password-file", paramLabel = "FILE",
            description = "File holding the SMTP password (mode 0600). Or set the environment variable MODEMVOICE_SMTP_PASSWORD.")
    Path passwordFile;

    @Option(names = "--smtp-ca-file", paramLabel = "FILE",
            description = "Trust the server certificates signed by the certificates in this PEM file instead of the "
                    + "system's authorities (a private mail server).")
    Path caFile;

    @Option(names = "--mail-from", paramLabel = "ADDRESS", converter = AddressConverter.class,
            description = "The sender address, e.g. voicemail@example.com.")
    String from;

    @Option(names = "--mail-to", paramLabel = "ADDRESS", split = ",", converter = AddressConverter.class,
            description = "Where each message is e-mailed (a comma-separated list).")
    List<String> to;

    /**
     * Checks the options and reads the password and certificates now (before a modem is touched).
     *
     * @param env      the environment
     * @param warnings stderr
     * @return the e-mail notifier given the store, or nothing without {@code --smtp-host}
     * @throws IllegalArgumentException for options that do not fit together
     * @throws ConfigException          for an unreadable password or certificate file
     */
    Optional<Function<MessageStore, Notifier>> notifier(Map<String, String> env, PrintStream warnings) {
        Optional<String> password = SecretSource.SMTP_PASSWORD.resolve(passwordFile, env, warnings);
        if (host == null) {
            if (from != null || to != null || user != null || passwordFile != null || port != null || caFile != null) {
                throw new IllegalArgumentException("--smtp-port, --smtp-user, --smtp-password-file, --smtp-ca-file, "
                        + "--mail-from and --mail-to need --smtp-host");
            }
            return Optional.empty();
        }
        if (from == null || to == null || to.isEmpty()) {
            throw new IllegalArgumentException("--smtp-host needs --mail-from ADDRESS and --mail-to ADDRESS[,ADDRESS...]");
        }
        if (user != null && password.isEmpty()) {
            throw new IllegalArgumentException("--smtp-user needs a password: --smtp-password-file FILE or the environment variable "
                    + SecretSource.SMTP_PASSWORD.envVariable());
        }
        if (user == null && passwordFile != null) {
            throw new IllegalArgumentException("--smtp-password-file needs --smtp-user");
        }
        if (user != null && security == EmailNotifier.Security.NONE) {
            throw new IllegalArgumentException("--smtp-user with --smtp-security none would send the password in clear; "
                    + "use starttls or smtps");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new BadOptionException("--smtp-port", "--smtp-port must be 1 to 65535, was " + port);
        }
        Optional<SSLSocketFactory> tls = caFile == null ? Optional.empty() : Optional.of(trusting(caFile));
        // built once now, so that a wrong host or address shows at start-up
        Function<MessageStore, Notifier> make = store -> {
            EmailNotifier.Builder b = EmailNotifier.builder(host, store).security(security).from(from)
                    .to(to.toArray(String[]::new));
            if (port != null) {
                b.port(port);
            }
            if (user != null) {
                b.login(user, password.orElseThrow());
            }
            tls.ifPresent(b::sslSocketFactory);
            return b.build();
        };
        return Optional.of(make);
    }

    /** A socket factory trusting exactly the certificates of a PEM file. */
    static SSLSocketFactory trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certs.isEmpty()) {
                throw new ConfigException("--smtp-ca-file: " + pem + " holds no certificate");
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (IOException e) {
            throw new ConfigException("--smtp-ca-file: cannot read " + pem + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("--smtp-ca-file: " + pem + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    static final class SecurityConverter implements ITypeConverter<EmailNotifier.Security> {
        @Override
        public EmailNotifier.Security convert(String value) {
            return FlowOptions.parse(EmailNotifier.Security.class, value);
        }
    }

    /** One e-mail address, as the notifier will check it. */
    static final class AddressConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.strip();
            if (!v.matches("[^@\\s,<>\"]+@[^@\\s,<>\"]+\\.[^@\\s,<>\"]+")) {
                throw new TypeConversionException("'" + v + "' is not an e-mail address such as office@example.com");
            }
            return v;
        }
    }
}
