package io.github.modemvoice.cli;

import io.github.modemvoice.machine.StatusFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code status}: what it says and its exit status, from the file the daemon writes. */
class StatusCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC);

    private int status(String... args) {
        StatusCommand cmd = new StatusCommand(new PrintStream(printed, true, StandardCharsets.UTF_8));
        String[] all = new String[args.length + 2];
        all[0] = "--dir";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return new CommandLine(cmd).execute(all);
    }

    private String text() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRunningDaemonWithItsModemUpIsHealthy() {
        StatusFile s = StatusFile.start(dir, clock);
        s.modem("/dev/serial/by-id/usb-modem-if02-port0", "simcom", "SIMCOM INCORPORATED\r\nSIMCOM_SIM7600E-H\nRevision: LE20B04SIM7600M22\u202e");
        s.state("UP");
        s.callHandled(true);
        s.callHandled(false);
        s.callHandled(false);
        s.callScreened();

        assertThat(status()).isEqualTo(StatusCommand.RUNNING);
        assertThat(text()).startsWith("running, the modem is up")
                .contains("simcom on /dev/serial/by-id/usb-modem-if02-port0", "calls handled:  3 (1 messages stored)",
                        "calls screened: 1 (blocked or withheld, not answered)",
                        "model:          SIMCOM INCORPORATED / SIMCOM_SIM7600E-H / Revision: LE20B04SIM7600M22\\u202E",
                        "last call:      2026-11-25T08:00:00Z", "last error:     none");
    }

    @Test
    void aRunningDaemonWithoutItsModemSaysSo() {
        StatusFile s = StatusFile.start(dir, clock);
        s.state("UP");
        s.state("RECONNECTING");
        s.error("the modem on /dev/ttyUSB2 was lost");

        assertThat(status()).isEqualTo(ExitStatus.MODEM_UNAVAILABLE);
        assertThat(text()).startsWith("running, but the modem is reconnecting")
                .contains("last error:     2026-11-25T08:00:00Z the modem on /dev/ttyUSB2 was lost");
    }

    @Test
    void aDaemonThatDiedWithoutStoppingIsReportedDead() throws Exception {
        Files.writeString(dir.resolve(StatusFile.NAME), """
                {"schema_version":1,"pid":2147483000,"process_started_at":"2026-11-25T07:00:00Z",
                 "state":"UP","state_since":"2026-11-25T07:00:01Z","modem":{},"calls_handled":0,
                 "messages_stored":0,"last_call_at":null,"reconnects":0,"last_error":null}
                """);
        assertThat(status()).isEqualTo(StatusCommand.DEAD);
        assertThat(text()).contains("is gone without stopping cleanly");
    }

    @Test
    void aCleanlyStoppedDaemonIsNotRunning() throws Exception {
        Files.writeString(dir.resolve(StatusFile.NAME), "{\"pid\":2147483000,\"state\":\"STOPPED\"}");
        assertThat(status()).isEqualTo(StatusCommand.NOT_RUNNING);
        assertThat(text()).startsWith("not running (stopped cleanly)");
    }

    @Test
    void noStatusFileIsNotRunningAndAnUnreadableOneIsUnknown() throws Exception {
        assertThat(status()).isEqualTo(StatusCommand.NOT_RUNNING);
        assertThat(text()).startsWith("not running: no status file in");
        Files.writeString(dir.resolve(StatusFile.NAME), "{not json");
        assertThat(status()).isEqualTo(StatusCommand.UNKNOWN);
    }

    @Test
    void jsonAddsWhetherItRunsAndTheNotificationsWaiting() throws Exception {
        StatusFile running = StatusFile.start(dir, clock);
        running.state("UP");
        running.callScreened();
        Path outbox = Files.createDirectories(dir.resolve("outbox"));
        Files.writeString(outbox.resolve("20261125T080000Z-abcdefgh.webhook.json"), "{}");
        Files.writeString(outbox.resolve("20261125T080100Z-abcdefgh.webhook.json"), "{}");
        Files.createDirectories(outbox.resolve("failed"));

        assertThat(status("--json")).isEqualTo(StatusCommand.RUNNING);
        JsonNode json = new ObjectMapper().readTree(text());
        assertThat(json.path("running").asBoolean()).isTrue();
        assertThat(json.path("notifications_waiting").asLong()).isEqualTo(2);
        assertThat(json.path("calls_screened").asLong()).isEqualTo(1);
        assertThat(json.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    }
}
