package io.github.modemvoice.pipeline;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real SMTP server for the tests: GreenMail, with a TLS certificate made for this run by the
 * JDK's keytool for {@code localhost} and {@code 127.0.0.1} (GreenMail's bundled one names no
 * host, so a client that checks the server's identity, as ours does, would refuse it).
 * One certificate per JVM: GreenMail reads its key store once.
 */
public final class TestSmtp {
    /** The login every server accepts. */
    public static final String USER = "voicemail";
    /** Its password. */
    public static final String PASSWORD = "smtp-password-of-the-test";
    /** The sender. */
    public static final String FROM = "voicemail@example.com";
    private static final String STORE_PASSWORD = "changeit";
    private static Path certificatePem;
    private static Path keyPem;

    private TestSmtp() {
    }

    /** @return the PEM file of the server's certificate (what {@code --smtp-ca-file} takes) */
    public static synchronized Path certificatePem() throws IOException, InterruptedException {
        if (certificatePem == null) {
            Path dir = Files.createTempDirectory("modemvoice-smtp-tls");
            Path ks = dir.resolve("smtp.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "greenmail", "-keyalg", "RSA",
                    "-keysize", "2048", "-validity", "3", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD,
                    "-keypass", STORE_PASSWORD).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + out);
            }
            Certificate cert;
            try (InputStream in = Files.newInputStream(ks)) {
                KeyStore k = KeyStore.getInstance("PKCS12");
                k.load(in, STORE_PASSWORD.toCharArray());
                cert = k.getCertificate("greenmail");
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
            Path pem = dir.resolve("smtp-ca.pem");
            try {
                Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                        + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
            Path key = dir.resolve("smtp-key.pem");
            try (InputStream in = Files.newInputStream(ks)) {
                KeyStore k = KeyStore.getInstance("PKCS12");
                k.load(in, STORE_PASSWORD.toCharArray());
                byte[] pkcs8 = k.getKey("greenmail", STORE_PASSWORD.toCharArray()).getEncoded();
                Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                        + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
            keyPem = key;
            System.setProperty("greenmail.tls.keystore.file", ks.toString());
            System.setProperty("greenmail.tls.keystore.password", STORE_PASSWORD);
            certificatePem = pem;
        }
        return certificatePem;
    }

    /** @return the PEM file of the server's private key (PKCS#8), for servers that are not GreenMail */
    public static synchronized Path keyPem() throws IOException, InterruptedException {
        certificatePem();
        return keyPem;
    }

    /** @return a socket factory that trusts only the test server's certificate */
    public static SSLSocketFactory trusting() throws Exception {
        Path pem = certificatePem();
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("smtp", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    /**
     * @param protocol {@code smtps} or {@code smtp}
     * @return a started server on a free port of 127.0.0.1, with the login {@link #USER} / {@link #PASSWORD}
     */
    public static GreenMail start(String protocol) throws Exception {
        certificatePem(); // the key store first: GreenMail reads it when it starts its first TLS server
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", protocol).dynamicPort());
        mail.setUser(FROM, USER, PASSWORD);
        mail.start();
        return mail;
    }

    /** @return the server's port */
    public static int port(GreenMail mail) {
        List<Integer> ports = List.of(mail.getSmtps() != null ? mail.getSmtps().getPort() : mail.getSmtp().getPort());
        return ports.get(0);
    }
}
