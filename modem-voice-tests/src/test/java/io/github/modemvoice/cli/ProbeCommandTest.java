package io.github.modemvoice.cli;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.PtyBridge;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.github.modemvoice.testing.Closing.closeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code modem-voice probe} over pseudo-terminals: simulated SIMCom, Quectel and V.253 modems
 * behind a fake {@code /dev/serial/by-id} (and a fake sysfs for ttyUSB names), a port that does
 * not answer, one another process holds, one this user may not open; and the section it prints
 * configures {@code answer}, which then takes a call.
 */
class ProbeCommandTest {
    private static final String SIMCOM = "usb-SimTech__Incorporated_SimTech__Incorporated_0123456789ABCDEF";
    private static final String QUECTEL = "usb-Quectel_EC25_EC25_0000-";
    private static final String USR = "usb-U.S._Robotics_USB_Modem_0000001-if00";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> made = new ArrayList<>();
    private Path dev;
    private Path sys;

    @BeforeEach
    void devices() throws IOException {
        assumeTrue(SimulatedModem.pseudoTerminalsAvailable(), "socat not installed: apt-get install socat");
        dev = Files.createDirectories(tmp.resolve("dev/serial/by-id")).getParent().getParent();
        sys = Files.createDirectories(tmp.resolve("sys/class/tty")).getParent().getParent();
    }

    @AfterEach
    void close() {
        closeAll(made);
    }

    @Test
    void findsEveryModemItsPortsAndWhetherItTakesVoiceAndPrintsTheirSectionsWithoutChangingASetting() throws Exception {
        SimulatedModem simcom = sim(ModemModel.SIMCOM_SIM7600);
        SimulatedModem quectel = sim(ModemModel.QUECTEL_EC25);
        SimulatedModem usr = sim(ModemModel.USR_5637);
        SimulatedModem second = sim(ModemModel.SIMCOM_SIM7600);
        link("serial/by-id/" + SIMCOM + "-if00-port0", silentPort("diag"));
        link("serial/by-id/" + SIMCOM + "-if02-port0", simcom.hostAtPath().orElseThrow());
        link("serial/by-id/" + SIMCOM + "-if04-port0", simcom.hostAudioPath().orElseThrow());
        link("serial/by-id/" + QUECTEL + "if01-port0", quectel.hostAudioPath().orElseThrow());
        link("serial/by-id/" + QUECTEL + "if02-port0", quectel.hostAtPath().orElseThrow());
        link("serial/by-id/" + USR, usr.hostAtPath().orElseThrow());
        // a second SIMCom module known by its kernel names only: the interface numbers come from sysfs
        link("ttyUSB3", second.hostAtPath().orElseThrow());
        link("ttyUSB5", second.hostAudioPath().orElseThrow());
        sysfsPort("ttyUSB3", "1-1.4", 2);
        sysfsPort("ttyUSB5", "1-1.4", 4);
        link("ttyUSB7", silentPort("silent"));

        long start = System.nanoTime();
        Probed p = probe("--dev-dir", dev.toString(), "--sys-dir", sys.toString(), "--timeout", "10");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(p.status()).as(p.out()).isEqualTo(ExitStatus.OK);
        assertThat(p.out()).contains("Examining 9 serial ports");
        assertThat(modem(p, "SIMCom (simcom), SIMCOM_SIM7600E-H, firmware LE20B04SIM7600M22", byId(SIMCOM + "-if02-port0")))
                .contains("  voice:    yes (AT+CPCMREG=? answered +CPCMREG: (0-1) OK; the PCM port is there)",
                        "  AT port:  " + byId(SIMCOM + "-if02-port0") + " (USB interface 02)",
                        "  PCM port: " + byId(SIMCOM + "-if04-port0") + " (USB interface 04)");
        assertThat(modem(p, "Quectel (quectel), EC25, firmware EC25EFAR06A06M4G", byId(QUECTEL + "if02-port0")))
                .contains("  voice:    yes (AT+QPCMV=? answered +QPCMV: (0,1),(0-2) OK; the PCM port is there)",
                        "  PCM port: " + byId(QUECTEL + "if01-port0") + " (USB interface 01)");
        assertThat(modem(p, "V.253 analog voice modem (v253), U.S. Robotics 56K FAX USB V1.2.23", byId(USR)))
                .contains("  voice:    yes (AT+FCLASS=? answered 0,1,8 OK)");
        assertThat(modem(p, "SIMCom (simcom), SIMCOM_SIM7600E-H", dev.resolve("ttyUSB3").toString()))
                .contains("  AT port:  " + dev.resolve("ttyUSB3") + " (USB interface 02)",
                        "  PCM port: " + dev.resolve("ttyUSB5") + " (USB interface 04)");
        // modems in the order of their ports: by-id names sorted, Quectel's before SIMCom's
        assertThat(p.out()).contains(byId(SIMCOM + "-if00-port0") + ": USB interface 00 of modem 2: the diagnostics port (QCDM), no AT commands",
                dev.resolve("ttyUSB7") + ": no answer to AT: not an AT port (a module's diagnostics, GPS and"
                        + " audio ports do not answer AT), or it needs another speed than 115200 (--baud 9600, 19200, 57600)");
        assertThat(sections(p)).contains(
                String.join("\n", "[modem simcom]", "at-port = " + byId(SIMCOM + "-if02-port0"),
                        "audio-port = " + byId(SIMCOM + "-if04-port0"), "dialect = simcom"),
                String.join("\n", "[modem quectel]", "at-port = " + byId(QUECTEL + "if02-port0"),
                        "audio-port = " + byId(QUECTEL + "if01-port0"), "dialect = quectel"),
                String.join("\n", "[modem v253]", "at-port = " + byId(USR), "dialect = v253"),
                String.join("\n", "[modem simcom-2]", "at-port = " + dev.resolve("ttyUSB3"),
                        "audio-port = " + dev.resolve("ttyUSB5"), "dialect = simcom"));
        // only queries and test commands reached the modems; every port at once, the silent ones within 3 s
        for (SimulatedModem s : List.of(simcom, quectel, usr, second)) {
            assertThat(s.commands()).isNotEmpty().allMatch(c -> c.matches("AT|ATI\\d?|AT\\+CGM[MR]|AT\\+[A-Z]+=\\?"), "a query");
        }
        assertThat(took).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void theSectionItPrintsIsAcceptedByAnswerAsItIsWhichThenTakesACall() throws Exception {
        SimulatedModem simcom = sim(ModemModel.SIMCOM_SIM7600);
        link("serial/by-id/" + SIMCOM + "-if02-port0", simcom.hostAtPath().orElseThrow());
        link("serial/by-id/" + SIMCOM + "-if04-port0", simcom.hostAudioPath().orElseThrow());
        Probed p = probe("--dev-dir", dev.toString());
        assertThat(p.status()).as(p.out()).isEqualTo(ExitStatus.OK);

        Path messages = tmp.resolve("messages");
        Path conf = tmp.resolve("modem-voice.conf");
        Files.writeString(conf, "dir = " + messages + "\nsilence-seconds = 0\n" + String.join("\n", sections(p)) + "\n");
        CliProcess cli = CliProcess.start(tmp, List.of("answer", "--config", conf.toString()));
        try {
            cli.awaitStdout("waiting for calls on 1 of 1 modems (simcom)", Duration.ofSeconds(60));
            simcom.placeCall(CallScript.builder().caller("+4915112345678").callerAudio(Prompt.tone(440, Duration.ofSeconds(2), 0.4))
                    .ending(CallScript.Ending.KEY).hangupTimeout(Duration.ofSeconds(30)).build());
            assertThat(simcom.awaitCallEnded(Duration.ofSeconds(60)).answered()).isTrue();
            cli.awaitStdout("message saved: ", Duration.ofSeconds(60));
        } finally {
            cli.stop();
        }
        try (DirectoryMessageStore store = new DirectoryMessageStore(messages)) {
            assertThat(store.list()).extracting(m -> m.line().orElse("?")).containsExactly("simcom");
            assertThat(store.list()).allMatch(m -> m.durationSeconds() > 1.5);
        }
    }

    @Test
    void portsGivenWithoutUsbNumbersPairTheirAtPortWithTheOneOtherThatDoesNotAnswer() throws Exception {
        // as `modem-voice simulate` prints them: two pseudo-terminals, nothing in sysfs or a by-id name
        SimulatedModem quectel = sim(ModemModel.QUECTEL_EC25);
        Path at = quectel.hostAtPath().orElseThrow();
        Path audio = quectel.hostAudioPath().orElseThrow();
        Probed p = probe("--port", audio.toString(), "--port", at.toString(), "--sys-dir", sys.toString());
        assertThat(p.status()).as(p.out()).isEqualTo(ExitStatus.OK);
        assertThat(modem(p, "Quectel (quectel), EC25", at.toString())).contains("  voice:    yes",
                "  PCM port: " + audio + " (assumed: the one other port that does not answer AT; no USB interface numbers to tell it by)");
        assertThat(sections(p)).containsExactly(String.join("\n", "[modem quectel]", "at-port = " + at, "audio-port = " + audio,
                "dialect = quectel"));
    }

    @Test
    void aGsmModemWhosePcmPortCannotBeToldIsNoVoiceModem() throws Exception {
        SimulatedModem simcom = sim(ModemModel.SIMCOM_SIM7600);
        Path at = simcom.hostAtPath().orElseThrow();
        Probed p = probe("--port", at.toString(), "--sys-dir", sys.toString());
        assertThat(p.status()).as(p.out()).isEqualTo(ExitStatus.MODEM_UNAVAILABLE);
        assertThat(modem(p, "SIMCom (simcom)", at.toString())).contains("  voice:    cannot tell: AT+CPCMREG=? answered"
                + " +CPCMREG: (0-1) OK, but its PCM port (USB interface 04) was not found: this port's USB interface number"
                + " is unknown; name the ports by /dev/serial/by-id (--port)");
        assertThat(p.out()).contains("No voice modem found.").doesNotContain("[modem ");
    }

    @Test
    void aPortAnotherProcessHoldsIsNotAskedAndItsHolderIsNamed() throws Exception {
        Path port = silentPort("held");
        Process holder = new ProcessBuilder("sleep", "60").redirectInput(port.toFile()).start();
        made.add(holder::destroy);
        Probed p = probe("--port", port.toString());
        assertThat(p.status()).isEqualTo(ExitStatus.MODEM_UNAVAILABLE);
        assertThat(p.out()).contains(port + ": in use by [sleep (pid " + holder.pid() + ")], so it was not asked; stop that program first",
                "No voice modem found.");
    }

    @Test
    void aPortThisUserMayNotOpenIsNamedWithTheCommandThatLetsThem() throws Exception {
        Path port = silentPort("locked");
        Path device = port.toRealPath();
        List<String> cmd = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        String classPath = System.getProperty("java.class.path");
        if (root) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed to run the probe as nobody");
            // the device as a modem's: root:dialout 0660; nobody is not in dialout
            GroupPrincipal dialout = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName("dialout");
            Files.setAttribute(device, "posix:group", dialout);
            Files.setPosixFilePermissions(device, PosixFilePermissions.fromString("rw-rw----"));
            classPath = copyForEveryone(classPath);
            cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        } else {
            Files.setPosixFilePermissions(device, PosixFilePermissions.fromString("---------"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-XX:TieredStopAtLevel=1", "-cp", classPath, Main.class.getName(), "probe", "--port", port.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(ExitStatus.MODEM_UNAVAILABLE);
        assertThat(out).contains(port + ": you may not open it");
        if (root) {
            assertThat(out).contains(device + " belongs to root:dialout (rw-rw----), and you (nobody) are not in group dialout."
                    + " Add yourself: sudo usermod -aG dialout nobody, then log in again");
        }
    }

    @Test
    void withoutAnyPortItSaysWhereItLookedAndExits69() throws Exception {
        Probed p = probe("--dev-dir", dev.toString());
        assertThat(p.status()).isEqualTo(ExitStatus.MODEM_UNAVAILABLE);
        assertThat(p.out()).startsWith("No serial ports under " + dev + " (serial/by-id, ttyUSB*, ttyACM*)");
    }

    private record Probed(int status, String out) {
    }

    private static Probed probe(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = Main.execute(new CommandLine(new ProbeCommand(out)), args);
        return new Probed(status, bytes.toString(StandardCharsets.UTF_8));
    }

    /** @return the block of lines printed for the modem whose AT port is {@code atPort} */
    private static String modem(Probed p, String heading, String atPort) {
        for (String block : p.out().split("\n\n")) {
            String line = "  AT port:  " + atPort;
            if (block.lines().anyMatch(l -> l.equals(line) || l.startsWith(line + " ("))) {
                assertThat(block).as(p.out()).contains(": " + heading);
                return block;
            }
        }
        throw new AssertionError("no modem with the AT port " + atPort + " in:\n" + p.out());
    }

    /** @return the [modem NAME] sections, each as its lines joined */
    private static List<String> sections(Probed p) {
        String config = p.out().substring(p.out().indexOf("# For /etc/modem-voice/modem-voice.conf"));
        List<String> out = new ArrayList<>();
        for (String part : config.split("\n(?=\\[modem )")) {
            if (part.startsWith("[modem ")) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private String byId(String name) {
        return dev.resolve("serial/by-id").resolve(name).toString();
    }

    private SimulatedModem sim(ModemModel model) {
        SimulatedModem s = SimulatedModem.builder(model).onPseudoTerminals();
        made.add(s);
        return s;
    }

    private Path silentPort(String name) throws IOException {
        PtyBridge b = PtyBridge.start(Files.createDirectories(tmp.resolve("ptys")), name);
        made.add(b);
        return b.hostEnd();
    }

    private void link(String name, Path target) throws IOException {
        Files.createSymbolicLink(dev.resolve(name), target);
    }

    /** sysfs as a usb-serial port shows it: class/tty/NAME/device is the port, below its interface, below the device */
    private void sysfsPort(String name, String usbDevice, int usbInterface) throws IOException {
        Path device = Files.createDirectories(sys.resolve("devices/usb1").resolve(usbDevice));
        Files.writeString(device.resolve("idVendor"), "1e0e\n");
        Files.writeString(device.resolve("idProduct"), "9001\n");
        Path iface = Files.createDirectories(device.resolve(usbDevice + ":1." + usbInterface));
        Files.writeString(iface.resolve("bInterfaceNumber"), String.format("%02x%n", usbInterface));
        Path port = Files.createDirectories(iface.resolve(name));
        Files.createDirectories(sys.resolve("class/tty").resolve(name));
        Files.createSymbolicLink(sys.resolve("class/tty").resolve(name).resolve("device"), port);
    }

    /** The class path copied where every user may read it (nobody cannot enter root's Maven repository). */
    private String copyForEveryone(String classPath) throws IOException {
        Path copy = Files.createDirectories(tmp.resolve("cp"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = copy.resolve((i++) + "-" + from.getFileName());
            if (Files.isDirectory(from)) {
                try (Stream<Path> tree = Files.walk(from)) {
                    for (Path f : (Iterable<Path>) tree::iterator) {
                        Path t = to.resolve(from.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(from, to);
            }
            entries.add(to.toString());
        }
        try (Stream<Path> tree = Files.walk(tmp)) {
            for (Path f : (Iterable<Path>) tree::iterator) {
                if (!Files.isSymbolicLink(f)) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
