package io.github.modemvoice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSourceTest {
    @TempDir
    Path tmp;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final PrintStream warnings = new PrintStream(err, true, StandardCharsets.UTF_8);
    final SecretSource source = SecretSource.WEBHOOK;

    String warned() {
        return err.toString(StandardCharsets.UTF_8);
    }

    Path file(String content, String mode) throws Exception {
        Path f = tmp.resolve("secret");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void aPrivateFileGivesTheSecretWithoutItsLineEnd() throws Exception {
        assertThat(source.resolve(file("s3cret value\n", "rw-------"), null, Map.of(), warnings)).hasValue("s3cret value");
        assertThat(source.resolve(file("crlf\r\n", "r--------"), null, Map.of(), warnings)).hasValue("crlf");
        assertThat(warned()).isEmpty();
    }

    @Test
    void aFileOthersCanReadIsUsedWithAWarning() throws Exception {
        Path f = file("s3cret", "rw-r--r--");
        assertThat(source.resolve(f, null, Map.of(), warnings)).hasValue("s3cret");
        assertThat(warned()).contains(f.toString(), "readable by other users", "chmod 600").doesNotContain("s3cret\n");
    }

    @Test
    void theEnvironmentIsUsedWhenNoOptionIsGiven() {
        assertThat(source.resolve(null, null, Map.of("MODEMVOICE_WEBHOOK_SECRET", "from-env"), warnings)).hasValue("from-env");
        assertThat(source.resolve(null, null, Map.of(), warnings)).isEmpty();
        assertThat(warned()).isEmpty();
    }

    @Test
    void theCommandLineValueStillWorksButIsWarnedAbout() {
        assertThat(source.resolve(null, "on-the-line", Map.of("MODEMVOICE_WEBHOOK_SECRET", "env"), warnings))
                .hasValue("on-the-line");
        assertThat(warned()).contains("--webhook-secret is visible", "ps", "--webhook-secret-file", "MODEMVOICE_WEBHOOK_SECRET")
                .doesNotContain("on-the-line");
    }

    @Test
    void badSourcesAreNamed() throws Exception {
        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> source.resolve(missing, null, Map.of(), warnings))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--webhook-secret-file").hasMessageContaining(missing.toString());
        Path empty = file("\n", "rw-------");
        assertThatThrownBy(() -> source.resolve(empty, null, Map.of(), warnings))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> source.resolve(empty, "x", Map.of(), warnings))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
        assertThatThrownBy(() -> source.resolve(null, null, Map.of("MODEMVOICE_WEBHOOK_SECRET", " "), warnings))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEMVOICE_WEBHOOK_SECRET");
    }

    @Test
    void aWebhookWithoutASecretIsAUsageErrorNamingTheWaysToGiveOne() {
        picocli.CommandLine cl = new picocli.CommandLine(new Main());
        java.io.StringWriter errors = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(errors, true));
        int status = Main.execute(cl, "recover", "--dir", tmp.resolve("vm").toString(), "--webhook", "http://127.0.0.1:9/x");
        assertThat(status).isEqualTo(ExitStatus.USAGE);
        assertThat(errors.toString()).contains("--webhook-secret-file", "MODEMVOICE_WEBHOOK_SECRET");
        assertThat(Main.execute(new picocli.CommandLine(new Main()), "recover", "--no-such")).isEqualTo(ExitStatus.USAGE);
    }
}
