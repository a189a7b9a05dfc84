package io.github.modemvoice.pipeline;

import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.MessageStoreContract;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store contract on an embedded SQLite database file. */
class JdbcMessageStoreSqliteTest extends MessageStoreContract {

    static SQLiteDataSource sqlite(Path file) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return ds;
    }

    @Override
    protected MessageStore newStore(Path tempDir) {
        return JdbcMessageStore.builder(sqlite(tempDir.resolve("mailbox.db")))
                .spoolDirectory(tempDir.resolve("spool"))
                .build();
    }

    @Test
    void theStorageCheckCoversTheSpoolDirectoryAndTheDatabase() throws Exception {
        java.nio.file.Path spool = tempDir.resolve("spool-checked");
        try (JdbcMessageStore store = JdbcMessageStore.builder(sqlite(tempDir.resolve("checked.db")))
                .spoolDirectory(spool).build()) {
            io.github.modemvoice.voicemail.StorageCheck.Result ok = store.checkStorage(16_044);
            assertThat(ok.ok()).as("%s", ok).isTrue();
            assertThat(ok.location()).startsWith("database table ");
            java.nio.file.Files.delete(spool);
            java.nio.file.Files.writeString(spool, "a file where the spool directory was");
            io.github.modemvoice.voicemail.StorageCheck.Result noSpool = store.checkStorage(16_044);
            assertThat(noSpool.ok()).isFalse();
            assertThat(noSpool.location()).isEqualTo("spool directory " + spool);
            assertThat(noSpool.reason()).isEqualTo("exists and is not a directory");
        }
        try (JdbcMessageStore down = JdbcMessageStore.builder(sqlite(tempDir.resolve("no/such/dir/x.db")))
                .spoolDirectory(tempDir.resolve("spool-down")).build()) {
            io.github.modemvoice.voicemail.StorageCheck.Result r = down.checkStorage(16_044);
            assertThat(r.ok()).isFalse();
            assertThat(r.location()).startsWith("database table ");
            assertThat(r.reason()).startsWith("cannot connect: ");
        }
    }

    @Test
    void aSecondStoreOverTheSameDatabaseSeesTheMessages() {
        MessageStore other = newStore(tempDir);
        try {
            assertThat(other.list()).isEmpty();
            var m = record(java.time.Instant.parse("2026-01-02T03:04:05Z"), java.time.Duration.ofMillis(100),
                    java.util.Optional.empty(), io.github.modemvoice.voicemail.CallerPrivacy.Policy.FULL);
            store.store(m, store.recordingFile(m.id()));
            assertThat(other.get(m.id())).isPresent();
        } finally {
            other.close();
        }
    }

    @Test
    void configurationIsValidated() {
        SQLiteDataSource ds = sqlite(tempDir.resolve("x.db"));
        assertThatThrownBy(() -> JdbcMessageStore.builder(ds).build()).hasMessageContaining("spoolDirectory");
        assertThatThrownBy(() -> JdbcMessageStore.builder(ds).tableName("x; DROP TABLE y")).hasMessageContaining("tableName");
    }
}
