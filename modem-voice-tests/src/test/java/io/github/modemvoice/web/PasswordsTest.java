package io.github.modemvoice.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordsTest {
    @TempDir
    Path tmp;

    @Test
    void aHashHasItsIterationsAndSaltAndChecksTheRightPasswordOnly() {
        String hash = Passwords.hash("s3cret ü".toCharArray(), 1000);
        assertThat(hash).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(Passwords.hash("s3cret ü".toCharArray(), 1000)).isNotEqualTo(hash); // a new salt each time
        Passwords p = Passwords.of(hash);
        assertThat(p.hashed()).isTrue();
        assertThat(p.matches("s3cret ü".toCharArray())).isTrue();
        assertThat(p.matches("s3cret u".toCharArray())).isFalse();
        assertThat(p.matches(new char[0])).isFalse();
    }

    @Test
    void theDefaultIterationsAreWritten() {
        assertThat(Passwords.hash("x".toCharArray())).startsWith("pbkdf2-sha256$600000$");
    }

    @Test
    void aPlainPasswordIsComparedExactly() {
        Passwords p = Passwords.of("plain pass");
        assertThat(p.hashed()).isFalse();
        assertThat(p.matches("plain pass".toCharArray())).isTrue();
        assertThat(p.matches("plain pas".toCharArray())).isFalse();
        assertThat(p.matches("plain pass ".toCharArray())).isFalse();
    }

    @Test
    void malformedHashesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Passwords.of("pbkdf2-sha256$1000$abc")).hasMessageContaining("expected pbkdf2-sha256$");
        assertThatThrownBy(() -> Passwords.of("pbkdf2-sha256$many$abc$def")).hasMessageContaining("iterations must be a number");
        assertThatThrownBy(() -> Passwords.of("pbkdf2-sha256$10$AAAAAAAAAAAAAAAAAAAAAA$AAAA")).hasMessageContaining("iterations must be");
        assertThatThrownBy(() -> Passwords.of("pbkdf2-sha256$1000$!!$!!")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> Passwords.of("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAA")).hasMessageContaining("32-byte key");
        assertThatThrownBy(() -> Passwords.of("")).hasMessageContaining("must not be empty");
    }

    @Test
    void aPasswordFileGivesItsFirstLineAndAWarningWhenOthersMayReadIt() throws Exception {
        Path f = tmp.resolve("pw");
        Files.writeString(f, "open sesame\r\nsecond line ignored\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertThat(Passwords.fromFile(f).matches("open sesame".toCharArray())).isTrue();
        assertThat(Passwords.permissionWarning(f)).isEmpty();
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Passwords.permissionWarning(f)).get().asString().contains("rw-r--r--", "chmod 600");

        Path hashed = tmp.resolve("hashed");
        Files.writeString(hashed, Passwords.hash("pw".toCharArray(), 1000) + "\n");
        assertThat(Passwords.fromFile(hashed).hashed()).isTrue();
        assertThat(Passwords.fromFile(hashed).matches("pw".toCharArray())).isTrue();
    }

    @Test
    void unusablePasswordFilesNameTheFile() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty"), "\nx\n");
        assertThatThrownBy(() -> Passwords.fromFile(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--password-file").hasMessageContaining("empty");
        assertThatThrownBy(() -> Passwords.fromFile(tmp.resolve("missing"))).hasMessageContaining("cannot read");
        Path big = Files.write(tmp.resolve("big"), new byte[5000]);
        assertThatThrownBy(() -> Passwords.fromFile(big)).hasMessageContaining("larger than");
        Path bad = Files.writeString(tmp.resolve("bad"), "pbkdf2-sha256$x");
        assertThatThrownBy(() -> Passwords.fromFile(bad)).hasMessageContaining(bad.toString());
    }
}
