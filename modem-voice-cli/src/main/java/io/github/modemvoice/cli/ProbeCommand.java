package io.github.modemvoice.cli;

import io.github.modemvoice.CallerText;
import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.dialect.ModemFamily;
import io.github.modemvoice.internal.Threads;
import io.github.modemvoice.transport.SerialConfig;
import io.github.modemvoice.transport.SerialTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code probe}: finds the modems. Lists the serial ports ({@link ProbePort}), checks that this
 * user may open each and that no other process has it ({@link PortAccess}), asks each the
 * registry's identification and the family's audio question ({@link ModemProbe}), all ports at
 * once, each within {@code --timeout}; then tells per modem its family, model, firmware, whether
 * it can take voice calls, its AT and PCM ports ({@link UsbLayout}), and prints a
 * {@code [modem NAME]} section per voice modem for {@code answer --config}. For each port it
 * cannot use it says why and what to do. It never changes a modem's settings.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Find the modems: ask every serial port who it is, tell which can take voice calls and which "
                + "port is their AT and PCM port, and print [modem NAME] sections for answer --config. "
                + "Changes no setting of any modem.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"  0  at least one voice modem was found", " 69  none was found"})
final class ProbeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", description = "Examine this port (repeatable); default: every "
            + "/dev/serial/by-id/* name, then /dev/ttyUSB* and /dev/ttyACM*.")
    List<Path> ports;

    @Option(names = "--dev-dir", paramLabel = "DIR", description = "Where the device names are (default: ${DEFAULT-VALUE}).")
    Path devDir = Path.of("/dev");

    @Option(names = "--sys-dir", paramLabel = "DIR", description = "Where sysfs is, for the USB interface numbers "
            + "(default: ${DEFAULT-VALUE}).")
    Path sysDir = Path.of("/sys");

    @Option(names = "--baud", description = "Serial speed (default: ${DEFAULT-VALUE}).")
    int baud = SerialConfig.DEFAULT_BAUD_RATE;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Longest time per port (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 10;

    private final PrintStream out;

    ProbeCommand() {
        this(System.out);
    }

    ProbeCommand(PrintStream out) {
        this.out = out;
    }

    /**
     * What one port turned out to be: an answer, or why it cannot be used.
     *
     * @param silent it was opened and asked, and did not answer {@code AT}
     */
    private record Finding(ProbePort port, ModemProbe.Answer answer, String problem, boolean silent) {
        Finding(ProbePort port, ModemProbe.Answer answer) {
            this(port, answer, null, false);
        }

        Finding(ProbePort port, String problem) {
            this(port, null, problem, false);
        }
    }

    /**
     * A modem: its AT port's finding, its PCM port (GSM) and every port of its USB device.
     *
     * @param pcmAssumed the PCM port was not told by its USB interface number (none known) but is the
     *                   one other port given that did not answer AT
     */
    private record Modem(Finding at, Optional<ProbePort> pcm, List<ProbePort> ports, boolean pcmAssumed) {
        ModemFamily family() {
            return at.answer().family().orElseThrow();
        }

        boolean voice() {
            return at.answer().voice() && (!UsbLayout.hasPcmPort(family()) || pcm.isPresent());
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second, was " + timeoutSeconds);
        }
        List<Path> paths = ports != null ? ports : ProbePort.list(devDir);
        if (paths.isEmpty()) {
            out.println("No serial ports under " + devDir + " (serial/by-id, ttyUSB*, ttyACM*): is the modem plugged in"
                    + " and powered? (lsusb, dmesg | tail). A port on the board (ttyS*, ttyAMA*): give it with --port.");
            return ExitStatus.MODEM_UNAVAILABLE;
        }
        out.println("Examining " + paths.size() + " serial port" + (paths.size() == 1 ? "" : "s")
                + " (at most " + timeoutSeconds + " s each, all at once) ...");
        List<Finding> findings = examine(paths.stream().map(p -> ProbePort.describe(p, sysDir)).toList());
        List<Modem> modems = modems(findings);

        Map<ProbePort, String> used = new HashMap<>();
        for (int i = 0; i < modems.size(); i++) {
            Modem m = modems.get(i);
            printModem(i + 1, m);
            used.put(m.at().port(), "AT");
            m.pcm().ifPresent(p -> used.put(p, "PCM"));
        }
        List<String> others = new ArrayList<>();
        for (Finding f : findings) {
            if (!used.containsKey(f.port())) {
                others.add("  " + f.port().path() + ": " + otherPort(f, modems));
            }
        }
        if (!others.isEmpty()) {
            out.println();
            out.println("Other ports:");
            others.forEach(out::println);
        }
        List<Modem> voice = modems.stream().filter(Modem::voice).toList();
        out.println();
        if (voice.isEmpty()) {
            out.println("No voice modem found.");
            return ExitStatus.MODEM_UNAVAILABLE;
        }
        out.println("# For /etc/modem-voice/modem-voice.conf: these sections go at its end (and its own at-port and"
                + " audio-port lines go away).");
        Map<String, Integer> names = new HashMap<>();
        for (Modem m : voice) {
            String family = m.family().cliName();
            int n = names.merge(family, 1, Integer::sum);
            out.println("[modem " + (n == 1 ? family : family + "-" + n) + "]");
            out.println("at-port = " + m.at().port().path());
            m.pcm().ifPresent(p -> out.println("audio-port = " + p.path()));
            out.println("dialect = " + family);
        }
        return ExitStatus.OK;
    }

    /** Every port at once, each bounded by the timeout (a port that does not finish is closed). */
    private List<Finding> examine(List<ProbePort> candidates) throws InterruptedException {
        ExecutorService pool = Executors.newCachedThreadPool(Threads.numbered("probe"));
        try {
            Map<ProbePort, AtomicReference<SerialTransport>> open = new LinkedHashMap<>();
            Map<ProbePort, Future<Finding>> running = new LinkedHashMap<>();
            for (ProbePort p : candidates) {
                AtomicReference<SerialTransport> transport = new AtomicReference<>();
                open.put(p, transport);
                running.put(p, pool.submit(() -> examine(p, transport)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            List<Finding> findings = new ArrayList<>();
            for (Map.Entry<ProbePort, Future<Finding>> e : running.entrySet()) {
                try {
                    findings.add(e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException t) {
                    e.getValue().cancel(true);
                    Optional.ofNullable(open.get(e.getKey()).get()).ifPresent(SerialTransport::close);
                    findings.add(new Finding(e.getKey(), null, "no complete answer within " + timeoutSeconds + " s"
                            + silentAdvice(e.getKey()), true));
                } catch (ExecutionException x) {
                    findings.add(new Finding(e.getKey(), "cannot be examined: " + x.getCause()));
                }
            }
            return findings;
        } finally {
            pool.shutdownNow();
        }
    }

    private Finding examine(ProbePort p, AtomicReference<SerialTransport> transport) {
        Path path = p.path();
        if (!Files.exists(path)) {
            return new Finding(p, "it does not exist (a dangling link: the modem was unplugged?)");
        }
        Optional<String> denied = PortAccess.permissionProblem(path);
        if (denied.isPresent()) {
            return new Finding(p, denied.get());
        }
        List<PortAccess.Holder> holders = PortAccess.holders(path);
        if (!holders.isEmpty()) {
            boolean mm = holders.stream().anyMatch(PortAccess.Holder::isModemManager);
            return new Finding(p, "in use by " + holders.stream().map(PortAccess.Holder::toString).toList()
                    + ", so it was not asked; " + (mm ? PortAccess.modemManagerAdvice(p.usbId()) : "stop that program first"));
        }
        SerialTransport t = new SerialTransport(SerialConfig.builder(path.toString()).baudRate(baud).build());
        transport.set(t);
        try (AtChannel at = AtChannel.builder(t).defaultTimeout(Duration.ofSeconds(2)).start()) {
            return new Finding(p, ModemProbe.ask(at));
        } catch (io.github.modemvoice.transport.TransportOpenException e) {
            return new Finding(p, e.getMessage());
        } catch (ModemVoiceException e) {
            return new Finding(p, null, "no answer to AT" + silentAdvice(p), true);
        } finally {
            t.close();
        }
    }

    /** Why a port may be silent, and what to try. */
    private String silentAdvice(ProbePort p) {
        String advice = ": not an AT port (a module's diagnostics, GPS and audio ports do not answer AT), or it needs"
                + " another speed than " + baud + " (--baud 9600, 19200, 57600)";
        Optional<PortAccess.Holder> mm = PortAccess.modemManager();
        return mm.map(h -> advice + "; ModemManager runs (pid " + h.pid() + ") and may hold it: "
                + PortAccess.modemManagerAdvice(p.usbId())).orElse(advice);
    }

    /** The answering ports of a recognised family, one modem per USB device (or per port without one). */
    private static List<Modem> modems(List<Finding> findings) {
        Map<String, List<Finding>> byDevice = new LinkedHashMap<>();
        for (Finding f : findings) {
            if (f.answer() != null && f.answer().family().isPresent()) {
                String key = f.port().usbDevice().orElse("port:" + f.port().path());
                byDevice.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
            }
        }
        List<Modem> modems = new ArrayList<>();
        for (List<Finding> group : byDevice.values()) {
            ModemFamily family = group.get(0).answer().family().orElseThrow();
            Optional<UsbLayout> layout = UsbLayout.of(family);
            Finding at = layout.flatMap(l -> group.stream()
                    .filter(f -> f.port().usbInterface().orElse(-1) == l.at()).findFirst()).orElse(group.get(0));
            List<ProbePort> siblings = findings.stream().map(Finding::port)
                    .filter(p -> p.usbDevice().isPresent() && p.usbDevice().equals(at.port().usbDevice())).toList();
            Optional<ProbePort> pcm = layout.flatMap(l -> siblings.stream()
                    .filter(p -> p.usbInterface().orElse(-1) == l.pcm()).findFirst());
            modems.add(new Modem(at, pcm, siblings.isEmpty() ? List.of(at.port()) : siblings, false));
        }
        return pairWithoutUsbNumbers(modems, findings);
    }

    /**
     * Ports without USB interface numbers (pseudo-terminals, a simulated modem, ports given with
     * --port on a system without sysfs): when exactly one GSM modem lacks its PCM port and exactly
     * one other such port was asked and did not answer AT, that port is taken as its PCM port,
     * and said to be assumed.
     */
    private static List<Modem> pairWithoutUsbNumbers(List<Modem> modems, List<Finding> findings) {
        List<Modem> lacking = modems.stream().filter(m -> UsbLayout.hasPcmPort(m.family()) && m.pcm().isEmpty()
                && m.at().port().usbInterface().isEmpty()).toList();
        List<ProbePort> silent = findings.stream().filter(f -> f.silent() && f.port().usbInterface().isEmpty())
                .map(Finding::port).toList();
        if (lacking.size() != 1 || silent.size() != 1) {
            return modems;
        }
        List<Modem> out = new ArrayList<>(modems);
        Modem m = lacking.get(0);
        out.set(out.indexOf(m), new Modem(m.at(), Optional.of(silent.get(0)), List.of(m.at().port(), silent.get(0)), true));
        return out;
    }

    private void printModem(int n, Modem m) {
        ModemProbe.Answer a = m.at().answer();
        out.println();
        out.println("Modem " + n + ": " + ModemProbe.displayName(m.family()) + ", " + CallerText.escape(a.model())
                + (a.firmware().isEmpty() ? "" : ", firmware " + CallerText.escape(a.firmware())));
        String commands = a.voiceCommand() + " answered " + CallerText.escape(a.voiceReply());
        Optional<UsbLayout> layout = UsbLayout.of(m.family());
        String voice;
        if (m.voice()) {
            voice = "yes (" + commands + (layout.isPresent() ? "; the PCM port is there" : "") + ")";
        } else if (!a.voice()) {
            voice = "no (" + commands + (m.family() == ModemFamily.V253 ? ": class 8, voice, is not in the list" : "") + ")";
        } else {
            voice = "cannot tell: " + commands + ", but its PCM port (USB interface " + String.format("%02d", layout.orElseThrow().pcm())
                    + ") was not found" + (m.at().port().usbInterface().isEmpty()
                    ? ": this port's USB interface number is unknown; name the ports by /dev/serial/by-id (--port)" : "");
        }
        out.println("  voice:    " + voice);
        out.println("  AT port:  " + portLine(m.at().port()));
        m.pcm().ifPresent(p -> out.println("  PCM port: " + portLine(p) + (m.pcmAssumed()
                ? " (assumed: the one other port that does not answer AT; no USB interface numbers to tell it by)" : "")));
    }

    private static String portLine(ProbePort p) {
        String iface = p.interfaceText();
        return p.path() + (iface.isEmpty() ? "" : " (" + iface + ")");
    }

    /** A port that is neither a modem's AT port nor its PCM port: what it is, or why it cannot be used. */
    private static String otherPort(Finding f, List<Modem> modems) {
        for (int i = 0; i < modems.size(); i++) {
            Modem m = modems.get(i);
            if (m.ports().contains(f.port()) && f.port().usbInterface().isPresent()) {
                Optional<String> role = UsbLayout.of(m.family()).flatMap(l -> l.role(f.port().usbInterface().getAsInt()));
                if (role.isPresent()) {
                    return f.port().interfaceText() + " of modem " + (i + 1) + ": " + role.get();
                }
            }
        }
        if (f.answer() != null) {
            return "answers AT, but modem-voice does not know this modem (\"" + CallerText.escape(f.answer().identification()
                    .replace('\n', ' ')) + "\"); answer --dialect " + ModemFamily.names().replace(", ", "|") + " may still work";
        }
        return f.problem();
    }
}
