package io.github.modemvoice.cli;

import io.github.modemvoice.machine.StatusFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modemvoice.CallerText;
import io.github.modemvoice.dialect.ModemFamily;
import io.github.modemvoice.internal.AtomicFiles;
import io.github.modemvoice.pipeline.Outbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Tells a person (or a script, with {@code --json}) whether the answering machine is healthy.
 * Exit statuses follow the LSB init-script {@code status} convention, plus one for a daemon that
 * runs without its modem.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show whether the answering machine runs and its modem answers.",
        footerHeading = "%nExit status:%n",
        footer = {"  0  running, the modem is up",
                "  1  not running, but the status file says it should be (it crashed or was killed)",
                "  3  not running (stopped cleanly, or never started on this directory)",
                "  4  status unknown (the status file cannot be read)",
                " 69  running, but the modem is down or reconnecting (with several modems: any of them)"})
final class StatusCommand implements Callable<Integer> {
    static final int RUNNING = 0;
    static final int DEAD = 1;
    static final int NOT_RUNNING = 3;
    static final int UNKNOWN = 4;

    @Option(names = ConfigFile.OPTION, paramLabel = "FILE", description = "Read --dir from the answering machine's configuration file.")
    Path config;

    @Option(names = "--dir", description = "The message directory (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("voicemail");

    @Option(names = "--json", description = "Print the status as JSON (the status file plus 'running' and 'notifications_waiting').")
    boolean json;

    private final PrintStream out;

    StatusCommand() {
        this(System.out);
    }

    StatusCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Optional<JsonNode> read;
        try {
            read = StatusFile.read(dir);
        } catch (IOException e) {
            String why = "cannot read " + dir.resolve(StatusFile.NAME) + ": " + AtomicFiles.describe(e);
            System.err.println("modem-voice: " + why);
            printJsonIfAsked("UNKNOWN", why);
            return UNKNOWN;
        }
        if (read.isEmpty()) {
            String why = Files.isDirectory(dir) ? "no status file in " + dir.toAbsolutePath() + " (the answering machine writes "
                    + StatusFile.NAME + " there when it starts)"
                    : "the message directory " + dir.toAbsolutePath() + " does not exist (check --dir or dir in the configuration file)";
            if (!printJsonIfAsked("NOT_STARTED", why)) {
                out.println("not running: " + why);
            }
            return NOT_RUNNING;
        }
        ObjectNode status = (ObjectNode) read.get();
        boolean alive = StatusFile.writerAlive(status);
        String state = status.path("state").asText("UNKNOWN");
        long waiting = countOutbox(Outbox.besideMessages(dir));
        int code;
        String verdict;
        if (!alive) {
            code = state.equals("STOPPED") ? NOT_RUNNING : DEAD;
            verdict = code == NOT_RUNNING ? "not running (stopped cleanly)" : "not running: the process " + status.path("pid").asText()
                    + " is gone without stopping cleanly (crashed or killed)";
        } else if (state.equals("UP")) {
            code = RUNNING;
            verdict = status.path("lines").isArray() ? "running, all " + status.path("lines").size() + " modems are up"
                    : "running, the modem is up";
        } else if (status.path("lines").isArray()) {
            code = ExitStatus.MODEM_UNAVAILABLE;
            long up = 0;
            for (JsonNode l : status.path("lines")) {
                up += l.path("state").asText().equals("UP") ? 1 : 0;
            }
            verdict = "running, but only " + up + " of " + status.path("lines").size() + " modems are up";
        } else {
            code = ExitStatus.MODEM_UNAVAILABLE;
            verdict = "running, but the modem is " + state.toLowerCase(Locale.ROOT);
        }
        if (json) {
            status.put("running", alive);
            status.put("notifications_waiting", waiting);
            print(status);
            return code;
        }
        out.println(verdict);
        out.println("  state:          " + state + " since " + status.path("state_since").asText());
        JsonNode modem = status.path("modem");
        if (modem.has("port")) {
            out.println("  modem:          " + modem.path("dialect").asText() + " on " + modem.path("port").asText());
            model(modem, "  ");
        }
        printCounts(status, "  ");
        for (JsonNode l : status.path("lines")) {
            JsonNode m = l.path("modem");
            out.println("  line " + l.path("name").asText() + ": " + l.path("state").asText() + " since "
                    + l.path("state_since").asText() + (m.has("port") ? ", " + m.path("dialect").asText() + " on "
                    + m.path("port").asText() : ""));
            model(m, "    ");
            printCounts(l, "    ");
        }
        out.println("  notifications waiting: " + waiting + (waiting > 0 ? " (in " + Outbox.besideMessages(dir) + ")" : ""));
        return code;
    }

    /**
     * With {@code --json}, the answer for a directory without a readable status file: the same
     * object a script reads otherwise, with {@code running} false, a {@code state} the status file
     * never holds ({@code NOT_STARTED}, {@code UNKNOWN}) and the reason.
     *
     * @return whether it printed (only with {@code --json})
     */
    private boolean printJsonIfAsked(String state, String reason) {
        if (!json) {
            return false;
        }
        ObjectNode n = MAPPER.createObjectNode();
        n.put("running", false);
        n.put("state", state);
        n.put("reason", reason);
        n.put("directory", dir.toAbsolutePath().toString());
        print(n);
        return true;
    }

    private void print(ObjectNode n) {
        try {
            out.println(MAPPER.writeValueAsString(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Calls, last call, reconnects and last error of the daemon or of one line. */
    private void printCounts(JsonNode n, String indent) {
        out.println(indent + "calls handled:  " + n.path("calls_handled").asLong() + " (" + n.path("messages_stored").asLong()
                + " messages stored)");
        out.println(indent + "calls screened: " + n.path("calls_screened").asLong() + " (blocked or withheld, not answered)");
        out.println(indent + "last call:      " + (n.path("last_call_at").isNull() ? "none" : n.path("last_call_at").asText()));
        out.println(indent + "reconnects:     " + n.path("reconnects").asLong());
        JsonNode err = n.path("last_error");
        out.println(indent + "last error:     " + (err.isObject() ? err.path("at").asText() + " " + err.path("message").asText() : "none"));
    }

    /** The model line: what the modem said of itself, each of manufacturer, model and firmware once. */
    private void model(JsonNode modem, String indent) {
        String summary = ModemFamily.summary(modem.path("identification").asText(""));
        if (!summary.isEmpty()) {
            out.println(indent + "model:          " + CallerText.escape(summary));
        }
    }

    /** @return the notifications waiting in the outbox, or -1 when it cannot be listed */
    private static long countOutbox(Path outbox) {
        try {
            return Outbox.countItems(outbox);
        } catch (IOException e) {
            return -1;
        }
    }
}
