package io.github.modemvoice.cli;

import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.web.Passwords;
import io.github.modemvoice.web.WebMailbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void httpAddressesAreParsedOrRefusedByName() {
        assertThat(WebOptions.parseAddress("127.0.0.1:8080")).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
        assertThat(WebOptions.parseAddress("0.0.0.0:80")).isEqualTo(new InetSocketAddress("0.0.0.0", 80));
        assertThat(WebOptions.parseAddress("[::1]:8443")).isEqualTo(new InetSocketAddress("::1", 8443));
        assertThat(WebOptions.parseAddress("9000")).isEqualTo(new InetSocketAddress("127.0.0.1", 9000));
        assertThatThrownBy(() -> WebOptions.parseAddress("host:http")).hasMessageStartingWith("--http: the port must be a number");
        assertThatThrownBy(() -> WebOptions.parseAddress("host:70000")).hasMessageStartingWith("--http: the port must be 0 to 65535");
        assertThatThrownBy(() -> WebOptions.parseAddress("::1:80")).hasMessageStartingWith("--http: expected ADDRESS:PORT");
        assertThatThrownBy(() -> WebOptions.parseAddress("[::1]80")).hasMessageStartingWith("--http: expected [IPv6]:PORT");
    }

    @Test
    void theWebMailboxIsOffUnlessAskedAndThenNeedsAPassword() {
        WebOptions none = new WebOptions();
        none.validate(false);
        assertThat(none.startIfAsked(false, new DirectoryMessageStore(tmp), tmp, null, new Output(System.out))).isNull();

        WebOptions noPassword = new WebOptions();
        noPassword.http = "127.0.0.1:0";
        assertThatThrownBy(() -> noPassword.validate(false)).hasMessageStartingWith("--password-file is required");
        WebOptions serveDefaults = new WebOptions();
        assertThatThrownBy(() -> serveDefaults.validate(true)).hasMessageStartingWith("--password-file is required");
        WebOptions badZone = new WebOptions();
        badZone.http = "0";
        badZone.passwordFile = tmp.resolve("pw");
        badZone.timeZone = "Mars/Olympus";
        assertThatThrownBy(() -> badZone.validate(false)).hasMessageStartingWith("--time-zone: unknown zone");
    }

    @Test
    void hashPasswordWritesAPrivateFileThatServeAccepts() throws Exception {
        Path out = tmp.resolve("web-password");
        InputStream stdin = System.in;
        PrintStream stderr = System.err;
        int code;
        try {
            System.setIn(new ByteArrayInputStream("s3cret phrase of words\n".getBytes(StandardCharsets.UTF_8)));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            code = new CommandLine(new Main()).execute("hash-password", "--iterations", "1000", "--output", out.toString());
        } finally {
            System.setIn(stdin);
            System.setErr(stderr);
        }
        assertThat(code).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(Files.readString(out)).startsWith(Passwords.PREFIX + "1000$");

        WebOptions options = new WebOptions();
        options.http = "127.0.0.1:0";
        options.passwordFile = out;
        options.timeZone = "Europe/Berlin";
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (DirectoryMessageStore store = new DirectoryMessageStore(tmp.resolve("vm"));
             WebMailbox web = options.startIfAsked(false, store, tmp.resolve("vm"), () -> "idle",
                     new Output(new PrintStream(progress, true, StandardCharsets.UTF_8)))) {
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("web mailbox on http://127.0.0.1:" + web.address().getPort());
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + web.address().getPort() + "/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void serveOpensADirectoryOrAJdbcStore() {
        StoreOptions dirServe = new ServeCommand().storage;
        dirServe.dir = tmp.resolve("vm");
        try (var store = dirServe.openStore()) {
            assertThat(store).isInstanceOf(DirectoryMessageStore.class);
        }
        StoreOptions jdbc = new ServeCommand().storage;
        jdbc.dir = tmp.resolve("spool");
        jdbc.db.jdbcUrl = "jdbc:sqlite:" + tmp.resolve("vm.db");
        jdbc.db.jdbcTable = "web_test";
        try (var store = jdbc.openStore()) {
            assertThat(store).isInstanceOf(io.github.modemvoice.pipeline.JdbcMessageStore.class);
            assertThat(store.list()).isEmpty(); // connected through DriverManager, table created
        }
        assertThat(tmp.resolve("vm.db")).exists();
        StoreOptions stray = new ServeCommand().storage;
        stray.db.jdbcUser = "x";
        assertThatThrownBy(stray::openStore).hasMessageContaining("need --jdbc-url");
    }
}
