package io.github.modemvoice.pipeline;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The PostgreSQL server given by {@code MODEMVOICE_TEST_PG_URL}, {@code _USER} and
 * {@code _PASSWORD} ({@code .ci/run} starts one), and the tables a test makes in it: each has a
 * fresh name and is dropped (with its outbox table) afterwards, so runs can share a server.
 */
final class TestPostgres {
    private final String skipped;
    private PGSimpleDataSource dataSource;
    private final List<String> tables = new ArrayList<>();

    /** @param skipped what is skipped without a server, for the skip message ("PostgreSQL outbox tests") */
    TestPostgres(String skipped) {
        this.skipped = skipped;
    }

    /** The server, opened on first use; skips the calling test when none is configured. */
    DataSource dataSource() {
        String url = System.getenv("MODEMVOICE_TEST_PG_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "MODEMVOICE_TEST_PG_URL not set: " + skipped + " skipped (.ci/run starts a server)");
        if (dataSource == null) {
            dataSource = new PGSimpleDataSource();
            dataSource.setURL(url);
            dataSource.setUser(System.getenv("MODEMVOICE_TEST_PG_USER"));
            dataSource.setPassword(System.getenv("MODEMVOICE_TEST_PG_PASSWORD"));
        }
        return dataSource;
    }

    /** A table name no other run uses, {@code prefix} and 16 random letters and digits; dropped by {@link #dropTables}. */
    String newTable(String prefix) {
        String t = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        tables.add(t);
        return t;
    }

    /** Drops every table {@link #newTable} named, and its outbox table; nothing when no server was used. */
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
        tables.clear();
    }
}
