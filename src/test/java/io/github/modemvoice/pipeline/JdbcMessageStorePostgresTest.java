package io.github.modemvoice.pipeline;

import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.MessageStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The store contract on a real PostgreSQL server given by {@code MODEMVOICE_TEST_PG_URL},
 * {@code _USER} and {@code _PASSWORD} ({@code .ci/run} starts one). Every test gets its own
 * table, dropped afterwards, so runs can share a server.
 */
class JdbcMessageStorePostgresTest extends MessageStoreContract {
    private PGSimpleDataSource dataSource;
    private final List<String> tables = new ArrayList<>();

    @Override
    protected MessageStore newStore(Path tempDir) {
        String url = System.getenv("MODEMVOICE_TEST_PG_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "MODEMVOICE_TEST_PG_URL not set: PostgreSQL contract tests skipped (.ci/run starts a server)");
        if (dataSource == null) {
            dataSource = new PGSimpleDataSource();
            dataSource.setURL(url);
            dataSource.setUser(System.getenv("MODEMVOICE_TEST_PG_USER"));
            dataSource.setPassword(System.getenv("MODEMVOICE_TEST_PG_PASSWORD"));
        }
        String table = "mv_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        tables.add(table);
        return JdbcMessageStore.builder(dataSource)
                .spoolDirectory(tempDir.resolve("spool-" + table))
                .tableName(table)
                .build();
    }

    @AfterEach
    void dropTables() throws SQLException {
        if (dataSource == null) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String t : tables) {
                s.execute("DROP TABLE IF EXISTS " + t + "_outbox");
                s.execute("DROP TABLE IF EXISTS " + t);
            }
        }
    }
}
