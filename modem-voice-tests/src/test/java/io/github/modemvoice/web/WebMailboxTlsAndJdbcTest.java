package io.github.modemvoice.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modemvoice.pipeline.JdbcMessageStore;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebMailboxTlsAndJdbcTest {
    private static final Instant T0 = Instant.parse("2026-11-21T22:15:03Z");

    @TempDir
    Path tmp;

    @Test
    void servesHttpsFromAPkcs12KeystoreWithSecureCookies() throws Exception {
        Path keystore = tmp.resolve("web.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "web", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("web", ks.getCertificate("web"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);

        try (DirectoryMessageStore store = new DirectoryMessageStore(tmp.resolve("vm"));
             WebMailbox web = WebMailbox.builder(store, Passwords.of(WebFixture.PASSWORD))
                     .address(new InetSocketAddress("127.0.0.1", 0))
                     .tls(keystore, "changeit".toCharArray())
                     .start()) {
            WebClient client = new WebClient("https://127.0.0.1:" + web.address().getPort(), HttpClient.newBuilder()
                    .sslContext(ctx).followRedirects(HttpClient.Redirect.NEVER).build());
            HttpResponse<byte[]> form = client.get("/login");
            assertThat(WebClient.setCookies(form)).allSatisfy(c -> assertThat(c).contains("; Secure", "HttpOnly"));
            client.login(WebFixture.PASSWORD);
            assertThat(client.get("/api/messages").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aKeystoreThatCannotBeReadIsAConfigurationError() throws Exception {
        Path notAKeystore = Files.writeString(tmp.resolve("x.p12"), "nonsense");
        try (DirectoryMessageStore store = new DirectoryMessageStore(tmp.resolve("vm"))) {
            assertThatThrownBy(() -> WebMailbox.builder(store, Passwords.of("x")).address(new InetSocketAddress("127.0.0.1", 0))
                    .tls(notAKeystore, "changeit".toCharArray()).start())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tls-keystore")
                    .hasMessageContaining(notAKeystore.toString());
        }
    }

    @Test
    void worksOverTheJdbcStore() throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + tmp.resolve("vm.db").toAbsolutePath());
        try (JdbcMessageStore store = JdbcMessageStore.builder(ds).spoolDirectory(tmp.resolve("spool")).build()) {
            VoicemailMessage m = WebFixture.store(store, T0, "+4915112344567", "from the database", Duration.ofSeconds(1));
            byte[] wav;
            try (InputStream in = store.openAudio(m.id())) {
                wav = in.readAllBytes();
            }
            try (WebMailbox web = WebMailbox.builder(store, Passwords.of(WebFixture.PASSWORD))
                    .address(new InetSocketAddress("127.0.0.1", 0)).start()) {
                WebClient client = new WebClient("http://127.0.0.1:" + web.address().getPort());
                String csrf = client.login(WebFixture.PASSWORD);
                assertThat(WebClient.text(client.get("/"))).contains("from the database");
                HttpResponse<byte[]> part = client.send(client.request("/api/messages/" + m.id() + "/audio")
                        .header("Range", "bytes=40-49"));
                assertThat(part.statusCode()).isEqualTo(206);
                assertThat(part.body()).isEqualTo(Arrays.copyOfRange(wav, 40, 50));
                JsonNode status = new ObjectMapper().readTree(client.get("/api/status").body());
                assertThat(status.get("messages").asInt()).isEqualTo(1);
                assertThat(status.get("disk_free_bytes").isNull()).isTrue(); // no directory given
                assertThat(client.postJson("/api/messages/" + m.id() + "/heard", "{\"heard\":true}", csrf).statusCode())
                        .isEqualTo(200);
                assertThat(store.get(m.id())).get().extracting(VoicemailMessage::heard).isEqualTo(true);
                assertThat(client.send(client.request("/api/messages/" + m.id()).header(WebMailbox.CSRF_HEADER, csrf)
                        .method("DELETE", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(204);
                assertThat(store.list()).isEmpty();
            }
        }
    }
}
