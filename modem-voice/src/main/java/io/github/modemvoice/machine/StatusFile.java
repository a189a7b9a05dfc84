package io.github.modemvoice.machine;

import io.github.modemvoice.CallerText;
import io.github.modemvoice.dialect.ModemFamily;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modemvoice.internal.AtomicFiles;
import io.github.modemvoice.routing.CallOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The answering machine's status file, {@code <dir>/.status.json}: what {@code status} reads.
 * The daemon rewrites it (atomically) when something changes, never on a timer, so an SD card
 * is not worn by a heartbeat; whether the daemon still runs is told by its process id and
 * start time, not by the file's age.
 *
 * <pre>{@code
 * {
 *   "schema_version" : 1,
 *   "pid" : 4242,
 *   "process_started_at" : "2026-11-25T08:00:01.120Z",
 *   "state" : "UP",                        // STARTING, UP, DOWN, RECONNECTING, STOPPED
 *   "state_since" : "2026-11-25T08:00:03.410Z",
 *   "modem" : { "port" : "/dev/serial/by-id/...", "dialect" : "simcom",
 *               "identification" : "SIMCOM INCORPORATED / SIMCOM_SIM7600E-H / LE20B04SIM7600M22" },
 *   "calls_handled" : 12,
 *   "messages_stored" : 9,
 *   "calls_screened" : 2,                  // of calls_handled: turned away by the block list or --withheld
 *   "last_call_at" : "2026-11-25T19:02:44Z",
 *   "reconnects" : 1,
 *   "last_error" : { "at" : "2026-11-25T13:11:05Z", "message" : "the modem on /dev/ttyUSB2 was lost" },
 *   "updated_at" : "2026-11-25T19:02:51Z"
 * }
 * }</pre>
 *
 * <p>With several modems ({@code [modem NAME]} sections) the file also holds {@code "lines"}: one
 * object per modem with {@code name} and the fields above for that modem alone; the top-level
 * counts are then their sums and {@code state} is {@code UP} only while every modem is up (see
 * {@link #line(String)}).
 */
public final class StatusFile implements StatusEntry {
    /** The file's name inside the message directory (hidden: not a message). */
    public static final String NAME = ".status.json";
    public static final int SCHEMA_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(StatusFile.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Clock clock;
    private final ObjectNode doc;
    private boolean writeFailedLogged;

    private StatusFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        this.doc = JSON.createObjectNode();
        ProcessHandle self = ProcessHandle.current();
        doc.put("schema_version", SCHEMA_VERSION);
        doc.put("pid", self.pid());
        doc.put("process_started_at", self.info().startInstant().orElse(clock.instant()).toString());
        putFresh(doc);
    }

    /** The fields of a daemon or a line that has just started: no modem yet, nothing counted. */
    private void putFresh(ObjectNode target) {
        target.put("state", "STARTING");
        target.put("state_since", clock.instant().toString());
        target.putObject("modem");
        target.put("calls_handled", 0);
        target.put("messages_stored", 0);
        target.put("calls_screened", 0);
        target.putNull("last_call_at");
        target.put("reconnects", 0);
        target.putNull("last_error");
    }

    /**
     * Starts the status of this process in a message directory and writes it.
     *
     * @param dir   the message directory
     * @param clock the clock
     * @return the status, written once
     */
    public static StatusFile start(Path dir, Clock clock) {
        StatusFile s = new StatusFile(dir.resolve(NAME), clock);
        s.write();
        return s;
    }

    /**
     * @param port           the AT port as configured
     * @param dialect        the family's CLI name
     * @param identification what the modem said of itself (ATI, AT+CGMM, ATI3: model and firmware),
     *                       empty when it was not asked
     */
    public synchronized void modem(String port, String dialect, String identification) {
        putModem(doc, port, dialect, identification);
        write();
    }

    public synchronized void state(String state) {
        if (putState(doc, state)) {
            write();
        }
    }

    public synchronized void reconnected() {
        countReconnect(doc);
        write();
    }

    public synchronized void callHandled(boolean messageStored) {
        countCall(doc, messageStored);
        write();
    }

    /**
     * Counts a call that ended: handled, with a message or not, and screened when the caller
     * screen turned it away.
     *
     * @param outcome how it ended
     */
    public synchronized void callEnded(CallOutcome outcome) {
        countEnded(doc, outcome);
        write();
    }

    /** A call the caller screen turned away (counted in {@code calls_handled} too, by {@link #callHandled}). */
    public synchronized void callScreened() {
        countScreened(doc);
        write();
    }

    public synchronized void error(String message) {
        putError(doc, message);
        write();
    }

    /**
     * Adds a line (one modem of several) to the file: {@code lines} holds one object per line
     * with the fields above ({@code name}, {@code modem}, {@code state}, {@code state_since},
     * {@code calls_handled}, {@code messages_stored}, {@code last_call_at}, {@code reconnects},
     * {@code last_error}); the top-level fields then sum the lines' counts, hold the latest call
     * and error, and {@code state} is {@code UP} only while every line is up ({@code STARTING}
     * while one still starts and none is lost, {@code DOWN} while one is down or reconnecting).
     *
     * @param name the line's name
     * @return the line's part of the file
     */
    public synchronized Line line(String name) {
        ObjectNode n = (doc.path("lines").isArray() ? (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("lines")
                : doc.putArray("lines")).addObject();
        n.put("name", name);
        putFresh(n);
        summarise();
        write();
        return new Line(n);
    }

    /** One line's part of the status file; every change rewrites the file with the sums updated. */
    public final class Line implements StatusEntry {
        private final ObjectNode node;

        private Line(ObjectNode node) {
            this.node = node;
        }

        public void modem(String port, String dialect, String identification) {
            synchronized (StatusFile.this) {
                putModem(node, port, dialect, identification);
                write();
            }
        }

        public void state(String state) {
            synchronized (StatusFile.this) {
                if (putState(node, state)) {
                    summarise();
                    write();
                }
            }
        }

        public void reconnected() {
            synchronized (StatusFile.this) {
                countReconnect(node);
                summarise();
                write();
            }
        }

        public void callHandled(boolean messageStored) {
            synchronized (StatusFile.this) {
                countCall(node, messageStored);
                summarise();
                write();
            }
        }

        /**
         * Counts a call that ended on this line (see {@link StatusFile#callEnded}).
         *
         * @param outcome how it ended
         */
        public void callEnded(CallOutcome outcome) {
            synchronized (StatusFile.this) {
                countEnded(node, outcome);
                summarise();
                write();
            }
        }

        /** A call the caller screen turned away on this line. */
        public void callScreened() {
            synchronized (StatusFile.this) {
                countScreened(node);
                summarise();
                write();
            }
        }

        public void error(String message) {
            synchronized (StatusFile.this) {
                putError(node, message);
                summarise();
                write();
            }
        }
    }

    /** The top-level fields from the lines (guarded by this). */
    private void summarise() {
        long calls = 0;
        long stored = 0;
        long screened = 0;
        long reconnects = 0;
        String lastCall = null;
        JsonNode lastError = null;
        boolean allUp = true;
        boolean anyLost = false;
        for (JsonNode l : doc.path("lines")) {
            calls += l.path("calls_handled").asLong();
            stored += l.path("messages_stored").asLong();
            screened += l.path("calls_screened").asLong();
            reconnects += l.path("reconnects").asLong();
            String at = l.path("last_call_at").asText(null);
            if (at != null && (lastCall == null || Instant.parse(at).isAfter(Instant.parse(lastCall)))) {
                lastCall = at;
            }
            JsonNode e = l.path("last_error");
            if (e.isObject() && (lastError == null
                    || Instant.parse(e.path("at").asText()).isAfter(Instant.parse(lastError.path("at").asText())))) {
                lastError = e;
            }
            String st = l.path("state").asText();
            allUp &= st.equals("UP");
            anyLost |= st.equals("DOWN") || st.equals("RECONNECTING") || st.equals("STOPPED");
        }
        doc.put("calls_handled", calls);
        doc.put("messages_stored", stored);
        doc.put("calls_screened", screened);
        doc.put("reconnects", reconnects);
        if (lastCall == null) {
            doc.putNull("last_call_at");
        } else {
            doc.put("last_call_at", lastCall);
        }
        if (lastError == null) {
            doc.putNull("last_error");
        } else {
            doc.set("last_error", lastError.deepCopy());
        }
        if (!doc.path("state").asText().equals("STOPPED")) {
            putState(doc, allUp ? "UP" : anyLost ? "DOWN" : "STARTING");
        }
    }

    private static void putModem(ObjectNode target, String port, String dialect, String identification) {
        ObjectNode m = target.putObject("modem");
        m.put("port", port);
        m.put("dialect", dialect);
        // manufacturer, model and firmware once each, as a person reads them (status, the web panel)
        String id = CallerText.escape(ModemFamily.summary(identification));
        if (id.isEmpty()) {
            m.putNull("identification");
        } else {
            m.put("identification", id.length() > 200 ? id.substring(0, 200) : id);
        }
    }

    /** @return whether the state changed */
    private boolean putState(ObjectNode target, String state) {
        if (state.equals(target.path("state").asText())) {
            return false;
        }
        target.put("state", state);
        target.put("state_since", clock.instant().toString());
        return true;
    }

    private static void countReconnect(ObjectNode target) {
        target.put("reconnects", target.path("reconnects").asLong() + 1);
    }

    private void countCall(ObjectNode target, boolean messageStored) {
        target.put("calls_handled", target.path("calls_handled").asLong() + 1);
        if (messageStored) {
            target.put("messages_stored", target.path("messages_stored").asLong() + 1);
        }
        target.put("last_call_at", clock.instant().toString());
    }

    private void countEnded(ObjectNode target, CallOutcome outcome) {
        countCall(target, outcome.storedMessage().isPresent());
        if (outcome instanceof CallOutcome.Screened) {
            countScreened(target);
        }
    }

    private static void countScreened(ObjectNode target) {
        target.put("calls_screened", target.path("calls_screened").asLong() + 1);
    }

    private void putError(ObjectNode target, String message) {
        ObjectNode e = target.putObject("last_error");
        e.put("at", clock.instant().toString());
        e.put("message", message);
    }

    private void write() {
        doc.put("updated_at", clock.instant().toString());
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(doc));
            writeFailedLogged = false;
        } catch (IOException e) {
            if (!writeFailedLogged) { // once per failure streak: a full disk must not flood the log
                writeFailedLogged = true;
                LOG.warn("cannot write the status file {}: {}", file, e.toString());
            }
        }
    }

    /**
     * @param dir the message directory
     * @return when the answering machine on that directory last took a call (answered or not),
     *         from its status file; empty when there is none or it cannot be read now
     */
    public static Optional<Instant> lastCallAt(Path dir) {
        try {
            String at = read(dir).map(n -> n.path("last_call_at").asText("")).orElse("");
            return at.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(at));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no machine on this directory, or a file being replaced
        }
    }

    /**
     * Reads a status file.
     *
     * @param dir the message directory
     * @return the document, or empty when there is none
     * @throws IOException when it exists but cannot be read or parsed
     */
    public static Optional<JsonNode> read(Path dir) throws IOException {
        try {
            return Optional.of(JSON.readTree(Files.readAllBytes(dir.resolve(NAME))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * @param status a status document
     * @return true when the process that wrote it still runs (same pid and start time)
     */
    public static boolean writerAlive(JsonNode status) {
        long pid = status.path("pid").asLong(-1);
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        Optional<Instant> started = p.get().info().startInstant();
        String written = status.path("process_started_at").asText("");
        if (started.isEmpty() || written.isEmpty()) {
            return true;
        }
        // a reused pid belongs to a process started at another time (the JDK rounds to clock ticks)
        return Math.abs(started.get().toEpochMilli() - Instant.parse(written).toEpochMilli()) < 2_000;
    }
}
