package io.github.modemvoice.pipeline;

import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.MessageStoreContract;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The store contract on a real PostgreSQL server given by {@code MODEMVOICE_TEST_PG_URL},
 * {@code _USER} and {@code _PASSWORD} ({@code .ci/run} starts one). Every test gets its own
 * table, dropped afterwards, so runs can share a server.
 */
class JdbcMessageStorePostgresTest extends MessageStoreContract {
    private final TestPostgres postgres = new TestPostgres("PostgreSQL contract tests");

    @Override
    protected MessageStore newStore(Path tempDir) {
        DataSource dataSource = postgres.dataSource();
        String table = postgres.newTable("mv_test_");
        return JdbcMessageStore.builder(dataSource)
                .spoolDirectory(tempDir.resolve("spool-" + table))
                .tableName(table)
                .build();
    }

    @AfterEach
    void dropTables() throws SQLException {
        postgres.dropTables();
    }
}
