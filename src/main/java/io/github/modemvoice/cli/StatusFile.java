package io.github.modemvoice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modemvoice.internal.AtomicFiles;
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
 *               "identification" : "SIMCOM INCORPORATED / SIMCOM_SIM7600E-H / Revision: LE20B04SIM7600M22" },
 *   "calls_handled" : 12,
 *   "messages_stored" : 9,
 *   "calls_screened" : 2,                  // of calls_handled: turned away by the block list or --withheld
 *   "last_call_at" : "2026-11-25T19:02:44Z",
 *   "reconnects" : 1,
 *   "last_error" : { "at" : "2026-11-25T13:11:05Z", "message" : "the modem on /dev/ttyUSB2 was lost" },
 *   "updated_at" : "2026-11-25T19:02:51Z"
 * }
 * }</pre>
 */
final class StatusFile {
    /** The file's name inside the message directory (hidden: not a message). */
    static final String NAME = ".status.json";
    static final int SCHEMA_VERSION = 1;

    private static final Logger log = LoggerFactory.getLogger(StatusFile.class);
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
        doc.put("state", "STARTING");
        doc.put("state_since", clock.instant().toString());
        doc.putObject("modem");
        doc.put("calls_handled", 0);
        doc.put("messages_stored", 0);
        doc.put("calls_screened", 0);
        doc.putNull("last_call_at");
        doc.put("reconnects", 0);
        doc.putNull("last_error");
    }

    /**
     * Starts the status of this process in a message directory and writes it.
     *
     * @param dir   the message directory
     * @param clock the clock
     * @return the status, written once
     */
    static StatusFile start(Path dir, Clock clock) {
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
    synchronized void modem(String port, String dialect, String identification) {
        ObjectNode m = doc.putObject("modem");
        m.put("port", port);
        m.put("dialect", dialect);
        String id = io.github.modemvoice.CallerText.escape(String.join(" / ", identification.strip().split("\\s*\\R\\s*")));
        if (id.isEmpty()) {
            m.putNull("identification");
        } else {
            m.put("identification", id.length() > 200 ? id.substring(0, 200) : id);
        }
        write();
    }

    synchronized void state(String state) {
        if (!state.equals(doc.path("state").asText())) {
            doc.put("state", state);
            doc.put("state_since", clock.instant().toString());
            write();
        }
    }

    synchronized void reconnected() {
        doc.put("reconnects", doc.path("reconnects").asLong() + 1);
        write();
    }

    synchronized void callHandled(boolean messageStored) {
        doc.put("calls_handled", doc.path("calls_handled").asLong() + 1);
        if (messageStored) {
            doc.put("messages_stored", doc.path("messages_stored").asLong() + 1);
        }
        doc.put("last_call_at", clock.instant().toString());
        write();
    }

    /** A call the caller screen turned away (counted in {@code calls_handled} too, by {@link #callHandled}). */
    synchronized void callScreened() {
        doc.put("calls_screened", doc.path("calls_screened").asLong() + 1);
        write();
    }

    synchronized void error(String message) {
        ObjectNode e = doc.putObject("last_error");
        e.put("at", clock.instant().toString());
        e.put("message", message);
        write();
    }

    private void write() {
        doc.put("updated_at", clock.instant().toString());
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(doc));
            writeFailedLogged = false;
        } catch (IOException e) {
            if (!writeFailedLogged) { // once per failure streak: a full disk must not flood the log
                writeFailedLogged = true;
                log.warn("cannot write the status file {}: {}", file, e.toString());
            }
        }
    }

    /**
     * Reads a status file.
     *
     * @param dir the message directory
     * @return the document, or empty when there is none
     * @throws IOException when it exists but cannot be read or parsed
     */
    static Optional<JsonNode> read(Path dir) throws IOException {
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
    static boolean writerAlive(JsonNode status) {
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
