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
    void aTableFromBeforeTheLineAndCallerNameColumnsGetsThem() throws Exception {
        SQLiteDataSource ds = sqlite(tempDir.resolve("old.db"));
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
            // the table as JdbcMessageStore created it before the line column existed
            st.execute("CREATE TABLE modemvoice_message (id VARCHAR(40) PRIMARY KEY, schema_version INTEGER NOT NULL, "
                    + "call_id TEXT NOT NULL, caller TEXT, caller_redacted TEXT NOT NULL, caller_policy VARCHAR(16) NOT NULL, "
                    + "started_at VARCHAR(30) NOT NULL, ended_at VARCHAR(30) NOT NULL, duration_seconds DOUBLE PRECISION NOT NULL, "
                    + "size_bytes BIGINT NOT NULL, sample_rate INTEGER NOT NULL, termination_reason VARCHAR(32) NOT NULL, "
                    + "finish_key VARCHAR(2), heard BOOLEAN NOT NULL, transcript TEXT NOT NULL, transcript_error TEXT, "
                    + "stored_at VARCHAR(30) NOT NULL, audio BLOB NOT NULL)");
            st.execute("INSERT INTO modemvoice_message VALUES ('20260102T030405Z-abcdwxyz', 1, 'call-1', NULL, 'withheld', "
                    + "'FULL', '2026-01-02T03:04:05.000000000Z', '2026-01-02T03:04:06.000000000Z', 1.0, 44, 8000, "
                    + "'SILENCE', NULL, 0, '', NULL, '2026-01-02T03:04:07.000000000Z', x'00')");
        }
        try (JdbcMessageStore old = JdbcMessageStore.builder(ds).spoolDirectory(tempDir.resolve("old-spool")).build()) {
            assertThat(old.list()).singleElement().satisfies(m -> {
                assertThat(m.line()).isEmpty();
                assertThat(m.callerName()).isEmpty();
            });
            var m = record(java.time.Instant.parse("2026-01-03T03:04:05Z"), java.time.Duration.ofMillis(100),
                    java.util.Optional.empty(), io.github.modemvoice.voicemail.CallerPrivacy.Policy.FULL)
                    .toBuilder().line(java.util.Optional.of("office")).callerName(java.util.Optional.of("Müller, Anna")).build();
            java.nio.file.Path part = old.recordingFile(m.id());
            java.nio.file.Files.createDirectories(part.getParent());
            java.nio.file.Files.copy(store.recordingFile(m.id()), part);
            old.store(m, part);
            assertThat(old.get(m.id()).orElseThrow().line()).contains("office");
            assertThat(old.get(m.id()).orElseThrow().callerName()).contains("Müller, Anna");
        }
    }

    @Test
    void configurationIsValidated() {
        SQLiteDataSource ds = sqlite(tempDir.resolve("x.db"));
        assertThatThrownBy(() -> JdbcMessageStore.builder(ds).build()).hasMessageContaining("spoolDirectory");
        assertThatThrownBy(() -> JdbcMessageStore.builder(ds).tableName("x; DROP TABLE y")).hasMessageContaining("tableName");
    }
}
