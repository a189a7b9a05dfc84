package io.github.modemvoice.cli;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The smallest {@link DataSource} for the CLI: a new {@link DriverManager} connection per call
 * (the JDBC store opens one per operation, and the web mailbox makes few). The driver must be
 * on the class path, e.g. {@code java -cp modem-voice-cli.jar:sqlite-jdbc.jar io.github.modemvoice.cli.Main}.
 */
final class DriverManagerDataSource implements DataSource {
    private final String url;
    private final String user;
    private final String password;
    private PrintWriter logWriter;

    DriverManagerDataSource(String url, String user, String password) {
        this.url = Objects.requireNonNull(url, "url");
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        requireDriver();
        return username == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, username, pass);
    }

    /**
     * Says what to do when no driver takes the URL: the CLI jar bundles none, and the JDK's own
     * "No suitable driver" does not tell a user that the driver's jar is missing.
     */
    private void requireDriver() throws SQLException {
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            int colon = url.indexOf(':', "jdbc:".length());
            String kind = colon < 0 ? url : url.substring(0, colon + 1);
            throw new SQLException("no JDBC driver for " + kind + " URLs on the class path (the CLI jar bundles none): "
                    + "start it as java -cp modem-voice-cli.jar:DRIVER.jar io.github.modemvoice.cli.Main ...",
                    e.getSQLState(), e);
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
