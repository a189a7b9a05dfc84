package io.github.modemvoice.pipeline;

import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.audio.AudioFormatException;
import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.StorageCheck;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * A {@link MessageStore} in any JDBC database: metadata, transcript and audio of a message in one
 * row, written in one transaction. Several modem hosts can share one mailbox this way.
 *
 * <pre>{@code
 * MessageStore store = JdbcMessageStore.builder(dataSource)
 *         .spoolDirectory(Path.of("/var/spool/modemvoice"))
 *         .build();
 * }</pre>
 *
 * <p>The table ({@value #DEFAULT_TABLE} unless set) and an index on {@code started_at} are
 * created on first use if missing:
 * <pre>
 * id VARCHAR(40) PRIMARY KEY, schema_version INTEGER, call_id TEXT, caller TEXT (null when
 * unknown), caller_redacted TEXT, caller_policy VARCHAR(16), started_at VARCHAR(30),
 * ended_at VARCHAR(30), duration_seconds DOUBLE PRECISION, size_bytes BIGINT,
 * sample_rate INTEGER, termination_reason VARCHAR(32), finish_key VARCHAR(2), heard BOOLEAN,
 * transcript TEXT, transcript_error TEXT, line VARCHAR(32), caller_name TEXT (the name
 * caller id sent, kept under the FULL privacy policy only), stored_at VARCHAR(30),
 * audio BYTEA (PostgreSQL) or BLOB (others)
 * </pre>
 * Times are fixed-width ISO-8601 UTC text with nanoseconds
 * ({@code 2026-11-21T22:15:03.000000000Z}): exact on every database, and they sort as text.
 *
 * <p>With a {@link JdbcOutbox} attached, {@link #store} also inserts one pending row per
 * notifier into {@code <table>_outbox} in the same transaction as the message row: a message is
 * never stored without its notification intent, and any host sharing the database may deliver it.
 *
 * <p>Recordings in progress are streamed to {@code <spool directory>/<id>.wav.part} (the
 * spool directory is created 0700); {@link #store} inserts the row and deletes that file after
 * the commit. {@link #recover()} repairs spool files a crash left behind and stores them with
 * reason {@code INTERRUPTED} (their caller and call id are lost with the crash and stored as
 * unknown); a spool file whose message is already in the table (a crash between the commit and
 * the deletion) is just deleted.
 *
 * <p>{@link #openAudio} reads the whole audio into memory (a message is a few MB at most).
 * The {@code DataSource} is not closed by {@link #close()}. On SQLite the store runs one
 * statement at a time and sets a busy timeout on its connections. Thread-safe.
 *
 * <p>One file on purpose: one table's SQL (schema, store, read, update, the spool of recordings and its recovery) for SQLite and PostgreSQL, kept together so the statements can be read side by side.
 */
public final class JdbcMessageStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcMessageStore.class);
    /** The default table name. */
    public static final String DEFAULT_TABLE = "modemvoice_message";
    /** The suffix of recordings in progress in the spool directory. */
    public static final String PART_SUFFIX = ".wav.part";
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,47}");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String COLUMNS = "id, schema_version, call_id, caller, caller_redacted, caller_policy, started_at, "
            + "ended_at, duration_seconds, size_bytes, sample_rate, termination_reason, finish_key, heard, transcript, "
            + "transcript_error, line, caller_name";

    private final DataSource dataSource;
    private final Path spool;
    private final String table;
    private final ReentrantLock sqliteLock = new ReentrantLock();
    private final Object schemaLock = new Object();
    private volatile boolean schemaReady;
    private volatile boolean sqlite;
    private volatile boolean postgres;
    private volatile boolean closed;
    /** The notifiers whose outbox rows {@link #store} inserts with each message; set by {@link JdbcOutbox}. */
    private volatile List<String> outboxNotifiers = List.of();
    private volatile java.time.Clock outboxClock = java.time.Clock.systemUTC();

    private JdbcMessageStore(Builder b) {
        this.dataSource = b.dataSource;
        this.table = b.table;
        try {
            this.spool = SafeFiles.privateDirectory(b.spool).toAbsolutePath();
        } catch (IOException e) {
            throw new ModemVoiceException(b.spool + ": cannot create the spool directory: " + e, e);
        }
    }

    /**
     * @param dataSource the database
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** @return the table name */
    public String table() {
        return table;
    }

    @Override
    public Path recordingFile(String id) {
        MessageIds.requireValid(id);
        ensureOpen();
        return spool.resolve(id + PART_SUFFIX);
    }

    @Override
    public VoicemailMessage store(VoicemailMessage message, Path recording) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(recording, "recording");
        ensureOpen();
        String id = message.id();
        long size;
        try {
            size = Files.size(recording);
        } catch (IOException e) {
            throw new ModemVoiceException(recording + ": cannot read the recording of message " + id + ": " + e, e);
        }
        if (size > Integer.MAX_VALUE) {
            throw new ModemVoiceException(recording + ": recording of " + size + " bytes is too large for the database");
        }
        String sql = "INSERT INTO " + table + " (" + COLUMNS + ", stored_at, audio) VALUES ("
                + "?, ".repeat(COLUMNS.split(",").length + 1) + "?)";
        run("store " + id, true, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); InputStream in = Files.newInputStream(recording)) {
                int i = bindMetadata(ps, message);
                ps.setString(++i, TIME.format(Instant.now()));
                ps.setBinaryStream(++i, in, (int) size);
                ps.executeUpdate();
                insertOutboxRows(c, id, outboxNotifiers, outboxClock.instant());
            } catch (IOException e) {
                throw new ModemVoiceException(recording + ": cannot read the recording of message " + id + ": " + e, e);
            } catch (SQLException e) {
                if (isDuplicate(e) && exists(c, id)) {
                    throw new IllegalStateException("message " + id + " is already stored in " + table, e);
                }
                throw e;
            }
            return null;
        });
        if (recording.toAbsolutePath().equals(recordingFile(id))) {
            try {
                Files.deleteIfExists(recording);
            } catch (IOException e) {
                LOG.warn("store {}: message {} is stored but its spool file could not be deleted: {}", table, id, e.toString());
            }
        }
        return message.withPaths(Optional.empty(), Optional.empty());
    }

    private static int bindMetadata(PreparedStatement ps, VoicemailMessage m) throws SQLException {
        int i = 0;
        ps.setString(++i, m.id());
        ps.setInt(++i, m.schemaVersion());
        ps.setString(++i, m.callId());
        setOptional(ps, ++i, m.caller());
        ps.setString(++i, m.callerRedacted());
        ps.setString(++i, m.callerPolicy().name());
        ps.setString(++i, TIME.format(m.startedAt()));
        ps.setString(++i, TIME.format(m.endedAt()));
        ps.setDouble(++i, m.durationSeconds());
        ps.setLong(++i, m.sizeBytes());
        ps.setInt(++i, m.sampleRate());
        ps.setString(++i, m.terminationReason().name());
        setOptional(ps, ++i, m.finishKey().map(String::valueOf));
        ps.setBoolean(++i, m.heard());
        ps.setString(++i, m.transcript());
        setOptional(ps, ++i, m.transcriptError());
        setOptional(ps, ++i, m.line());
        setOptional(ps, ++i, m.callerName());
        return i;
    }

    private static void setOptional(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            ps.setString(index, value.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }

    private static boolean isDuplicate(SQLException e) {
        String state = e.getSQLState();
        return (state != null && state.startsWith("23")) || e.getErrorCode() == 19 /* SQLITE_CONSTRAINT */;
    }

    private boolean exists(Connection c, String id) {
        try {
            c.rollback();
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void discardRecording(String id) {
        Path f = recordingFile(id);
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new ModemVoiceException(f + ": cannot delete: " + e, e);
        }
    }

    @Override
    public List<VoicemailMessage> list() {
        ensureOpen();
        return run("list", false, c -> {
            List<VoicemailMessage> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table
                    + " ORDER BY started_at DESC, id DESC");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<VoicemailMessage> get(String id) {
        MessageIds.requireValid(id);
        ensureOpen();
        return run("get " + id, false, c -> select(c, id));
    }

    private Optional<VoicemailMessage> select(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static VoicemailMessage read(ResultSet rs) throws SQLException {
        String finishKey = rs.getString("finish_key");
        return VoicemailMessage.builder().schemaVersion(rs.getInt("schema_version")).id(rs.getString("id"))
                .callId(rs.getString("call_id")).caller(Optional.ofNullable(rs.getString("caller")))
                .callerRedacted(rs.getString("caller_redacted"))
                .callerPolicy(CallerPrivacy.Policy.valueOf(rs.getString("caller_policy")))
                .startedAt(Instant.parse(rs.getString("started_at"))).endedAt(Instant.parse(rs.getString("ended_at")))
                .durationSeconds(rs.getDouble("duration_seconds")).sizeBytes(rs.getLong("size_bytes"))
                .sampleRate(rs.getInt("sample_rate"))
                .terminationReason(TerminationReason.valueOf(rs.getString("termination_reason")))
                .finishKey(finishKey == null || finishKey.isEmpty() ? Optional.empty() : Optional.of(finishKey.charAt(0)))
                .heard(rs.getBoolean("heard")).transcript(Objects.requireNonNullElse(rs.getString("transcript"), ""))
                .transcriptError(Optional.ofNullable(rs.getString("transcript_error")))
                .line(Optional.ofNullable(rs.getString("line")))
                .callerName(Optional.ofNullable(rs.getString("caller_name"))).build();
    }

    @Override
    public InputStream openAudio(String id) {
        MessageIds.requireValid(id);
        ensureOpen();
        byte[] audio = run("read audio of " + id, false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT audio FROM " + table + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    byte[] b = rs.getBytes(1);
                    return b == null ? new byte[0] : b;
                }
            }
        });
        if (audio == null) {
            throw new NoSuchElementException("no message " + id);
        }
        return new ByteArrayInputStream(audio);
    }

    @Override
    public VoicemailMessage markHeard(String id, boolean heard) {
        MessageIds.requireValid(id);
        ensureOpen();
        return update(id, "heard = ?", ps -> {
            ps.setBoolean(1, heard);
            return 1;
        });
    }

    @Override
    public VoicemailMessage updateTranscript(String id, String transcript, Optional<String> error) {
        MessageIds.requireValid(id);
        Objects.requireNonNull(transcript, "transcript");
        Objects.requireNonNull(error, "error");
        ensureOpen();
        return update(id, "transcript = ?, transcript_error = ?", ps -> {
            ps.setString(1, transcript);
            setOptional(ps, 2, error);
            return 2;
        });
    }

    private interface Binder {
        /** Binds the assignments' parameters from 1 and returns how many there are. */
        int bind(PreparedStatement ps) throws SQLException;
    }

    private VoicemailMessage update(String id, String assignments, Binder binder) {
        Optional<VoicemailMessage> updated = run("update " + id, true, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + assignments + " WHERE id = ?")) {
                ps.setString(binder.bind(ps) + 1, id);
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return select(c, id);
        });
        return updated.orElseThrow(() -> new NoSuchElementException("no message " + id));
    }

    /** Deletes the message's row and, in the same transaction, its outbox rows (its notifications). */
    @Override
    public boolean delete(String id) {
        MessageIds.requireValid(id);
        ensureOpen();
        return run("delete " + id, true, c -> {
            // its notifications go with it, in the same transaction (the rows of JdbcOutbox)
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + outboxTable() + " WHERE message_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /**
     * The spool directory must take the longest recording (it is streamed there first; see
     * {@link StorageCheck#probeDirectory}), and the database must answer
     * ({@link Connection#isValid} within 5 s).
     */
    @Override
    public StorageCheck.Result checkStorage(long messageBytes) {
        StorageCheck.Result spoolOk = StorageCheck.probeDirectory(spool, messageBytes);
        if (!spoolOk.ok()) {
            return StorageCheck.Result.unusable("spool directory " + spoolOk.location(), spoolOk.reason());
        }
        String where = "database table " + table;
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(5) ? StorageCheck.Result.usable(where)
                    : StorageCheck.Result.unusable(where, "the connection is not valid");
        } catch (SQLException | RuntimeException e) {
            return StorageCheck.Result.unusable(where, "cannot connect: " + e.getMessage());
        }
    }

    @Override
    public List<VoicemailMessage> recover() {
        ensureOpen();
        List<Path> parts = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(spool, "*" + PART_SUFFIX)) {
            ds.forEach(parts::add);
        } catch (IOException e) {
            throw new ModemVoiceException(spool + ": cannot list the spool directory: " + e, e);
        }
        parts.sort(null);
        List<VoicemailMessage> recovered = new ArrayList<>();
        for (Path part : parts) {
            String name = part.getFileName().toString();
            String id = name.substring(0, name.length() - PART_SUFFIX.length());
            if (!MessageIds.isValid(id)) {
                LOG.warn("store {}: ignoring {} in the spool directory: not a message id", table, name);
                continue;
            }
            try {
                recoverOne(id, part).ifPresent(recovered::add);
            } catch (RuntimeException e) {
                LOG.warn("store {}: cannot recover message {} (spool file left in place): {}", table, id, e.toString());
            }
        }
        return recovered;
    }

    private Optional<VoicemailMessage> recoverOne(String id, Path part) {
        try {
            if (get(id).isPresent()) {
                Files.deleteIfExists(part); // stored before the crash; only the clean-up was lost
                return Optional.empty();
            }
            if (Files.size(part) <= WavWriter.HEADER_BYTES) {
                LOG.warn("store {}: recording {} left by a crash holds no audio; deleted", table, id);
                Files.deleteIfExists(part);
                return Optional.empty();
            }
            WavInfo info;
            try {
                info = WavWriter.repair(part);
            } catch (AudioFormatException e) {
                Path damaged = spool.resolve(id + ".wav.damaged");
                Files.move(part, damaged, StandardCopyOption.REPLACE_EXISTING);
                LOG.warn("store {}: recording {} left by a crash is not repairable, kept as {}: {}", table, id, damaged, e.getMessage());
                return Optional.empty();
            }
            Instant started = ID_TIME.parse(id.substring(0, 16), Instant::from);
            Duration length = info.duration();
            VoicemailMessage m = VoicemailMessage.builder().id(id).callId("unknown").callerRedacted("unknown")
                    .callerPolicy(CallerPrivacy.Policy.FULL).startedAt(started).endedAt(started.plus(length))
                    .duration(length).sizeBytes(Files.size(part)).sampleRate(info.sampleRate())
                    .terminationReason(TerminationReason.INTERRUPTED).build();
            VoicemailMessage stored = store(m, part);
            LOG.warn("store {}: recovered message {} ({} s) left by a crash", table, id,
                    String.format(Locale.ROOT, "%.1f", m.durationSeconds()));
            return Optional.of(stored);
        } catch (IOException e) {
            throw new ModemVoiceException(part + ": " + e, e);
        }
    }

    /** @return the outbox table: the message table's name with {@code _outbox} */
    String outboxTable() {
        return table + "_outbox";
    }

    boolean isPostgres() {
        ensureSchema();
        return postgres;
    }

    void outboxNotifiers(List<String> names, java.time.Clock clock) {
        this.outboxClock = clock;
        this.outboxNotifiers = List.copyOf(names);
    }

    /**
     * Inserts the pending outbox rows of a message, in the caller's transaction, skipping
     * notifiers that already have one.
     *
     * @return how many rows were inserted
     */
    int insertOutboxRows(Connection c, String id, List<String> notifiers, Instant now) throws SQLException {
        int inserted = 0;
        for (String notifier : notifiers) {
            try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM " + outboxTable()
                    + " WHERE message_id = ? AND notifier = ?")) {
                check.setString(1, id);
                check.setString(2, notifier);
                try (ResultSet rs = check.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + outboxTable()
                    + " (message_id, notifier, created_at, state, attempts, next_attempt_at) VALUES (?, ?, ?, 'PENDING', 0, ?)")) {
                ps.setString(1, id);
                ps.setString(2, notifier);
                ps.setString(3, TIME.format(now));
                ps.setString(4, TIME.format(now));
                inserted += ps.executeUpdate();
            }
        }
        return inserted;
    }

    /** Marks the store closed; the data source is left open. */
    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("message store " + table + " is closed");
        }
    }

    interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    <T> T run(String what, boolean transaction, SqlWork<T> work) {
        ensureSchema();
        boolean locked = sqlite;
        if (locked) {
            sqliteLock.lock();
        }
        try (Connection c = connect()) {
            if (!transaction) {
                return work.apply(c);
            }
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException re) {
                    e.addSuppressed(re);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new ModemVoiceException("message store " + table + ": " + what + " failed: " + e.getMessage(), e);
        } finally {
            if (locked) {
                sqliteLock.unlock();
            }
        }
    }

    private Connection connect() throws SQLException {
        Connection c = dataSource.getConnection();
        if (sqlite) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /**
     * A table made before a later column gets it: {@code ALTER TABLE ... ADD COLUMN}, which
     * SQLite and PostgreSQL both have. Runs in autocommit, so a failed probe does not abort a
     * PostgreSQL transaction.
     *
     * @param column the column's name
     * @param type   its SQL type
     * @param what   what it holds, for the log line
     */
    private void addColumnIfMissing(Statement s, String column, String type, String what) throws SQLException {
        String probe = "SELECT " + column + " FROM " + table + " WHERE 1 = 0";
        try (ResultSet rs = s.executeQuery(probe)) {
            return; // present
        } catch (SQLException missing) {
            LOG.info("store {}: adding the column {} ({})", table, column, what);
        }
        try {
            s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
        } catch (SQLException e) {
            // another host may have added it at the same moment
            try (ResultSet rs = s.executeQuery(probe)) {
                LOG.debug("store {}: column {} added by another host", table, column);
            } catch (SQLException still) {
                e.addSuppressed(still);
                throw e;
            }
        }
    }

    private void ensureSchema() {
        if (schemaReady) {
            return;
        }
        synchronized (schemaLock) {
            if (schemaReady) {
                return;
            }
            SQLException last = null;
            for (int attempt = 0; attempt < 2 && !schemaReady; attempt++) {
                try (Connection c = dataSource.getConnection()) {
                    String product = c.getMetaData().getDatabaseProductName();
                    postgres = product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
                    sqlite = product != null && product.toLowerCase(Locale.ROOT).contains("sqlite");
                    c.setAutoCommit(true);
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
                                + "id VARCHAR(40) PRIMARY KEY, "
                                + "schema_version INTEGER NOT NULL, "
                                + "call_id TEXT NOT NULL, "
                                + "caller TEXT, "
                                + "caller_redacted TEXT NOT NULL, "
                                + "caller_policy VARCHAR(16) NOT NULL, "
                                + "started_at VARCHAR(30) NOT NULL, "
                                + "ended_at VARCHAR(30) NOT NULL, "
                                + "duration_seconds DOUBLE PRECISION NOT NULL, "
                                + "size_bytes BIGINT NOT NULL, "
                                + "sample_rate INTEGER NOT NULL, "
                                + "termination_reason VARCHAR(32) NOT NULL, "
                                + "finish_key VARCHAR(2), "
                                + "heard BOOLEAN NOT NULL, "
                                + "transcript TEXT NOT NULL, "
                                + "transcript_error TEXT, "
                                + "line VARCHAR(32), "
                                + "caller_name TEXT, "
                                + "stored_at VARCHAR(30) NOT NULL, "
                                + "audio " + (postgres ? "BYTEA" : "BLOB") + " NOT NULL)");
                        s.execute("CREATE INDEX IF NOT EXISTS " + table + "_started_idx ON " + table + " (started_at)");
                        addColumnIfMissing(s, "line", "VARCHAR(32)", "the modem that took a message");
                        addColumnIfMissing(s, "caller_name", "TEXT", "the caller's name from caller id");
                        s.execute("CREATE TABLE IF NOT EXISTS " + outboxTable() + " ("
                                + "message_id VARCHAR(40) NOT NULL, "
                                + "notifier VARCHAR(32) NOT NULL, "
                                + "created_at VARCHAR(30) NOT NULL, "
                                + "state VARCHAR(12) NOT NULL, "
                                + "attempts INTEGER NOT NULL, "
                                + "next_attempt_at VARCHAR(30) NOT NULL, "
                                + "claimed_by VARCHAR(80), "
                                + "claimed_until VARCHAR(30), "
                                + "last_attempt_at VARCHAR(30), "
                                + "last_error TEXT, "
                                + "last_http_status INTEGER, "
                                + "done_at VARCHAR(30), "
                                + "PRIMARY KEY (message_id, notifier))");
                        s.execute("CREATE INDEX IF NOT EXISTS " + outboxTable() + "_due_idx ON " + outboxTable()
                                + " (state, next_attempt_at)");
                    }
                    schemaReady = true;
                } catch (SQLException e) {
                    // another host may have created it at the same moment: try once more
                    last = e;
                }
            }
            if (!schemaReady) {
                throw new ModemVoiceException("message store " + table + ": cannot create the schema: "
                        + (last == null ? "unknown" : last.getMessage()), last);
            }
        }
    }

    /** Builds a {@link JdbcMessageStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private Path spool;
        private String table = DEFAULT_TABLE;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * @param directory where recordings in progress are written before they go into the
         *                  database; must be stable across restarts so that {@link #recover()}
         *                  finds what a crash left (required)
         * @return this builder
         */
        public Builder spoolDirectory(Path directory) {
            this.spool = Objects.requireNonNull(directory, "spoolDirectory");
            return this;
        }

        /**
         * @param name the table name: lower-case letters, digits and {@code _}, up to 48
         *             ({@value #DEFAULT_TABLE} unless set)
         * @return this builder
         */
        public Builder tableName(String name) {
            if (name == null || !TABLE.matcher(name).matches()) {
                throw new IllegalArgumentException("tableName: must match " + TABLE.pattern() + ", was " + name);
            }
            this.table = name;
            return this;
        }

        /**
         * Builds the store; the schema is created on first use.
         *
         * @return the store
         * @throws IllegalArgumentException naming {@code spoolDirectory} when it is not set
         */
        public JdbcMessageStore build() {
            if (spool == null) {
                throw new IllegalArgumentException("spoolDirectory: required (recordings in progress are written there)");
            }
            return new JdbcMessageStore(this);
        }
    }
}
