package io.github.modemvoice.cli;

import io.github.modemvoice.CallerText;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.internal.DtmfKeys;
import io.github.modemvoice.transport.SerialTransport;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.SimEvent;
import io.github.modemvoice.testing.SimulatedCallReport;
import io.github.modemvoice.testing.SimulatedModem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A simulated modem on pseudo-terminals, for trying {@code answer}, {@code status} and the web
 * mailbox on any Linux machine without hardware: the testing kit's {@link SimulatedModem} (the
 * same personas the tests use) behind two {@code socat} pseudo-terminal pairs (one for the
 * analog modems), whose host ends another process opens as it would open {@code /dev/ttyUSB2}.
 *
 * <p>It prints the port paths and a configuration that {@code answer --config} takes as it is
 * ({@code --write-config FILE} also writes it), then places {@code --calls N} calls. A call is
 * placed only when the host is ready: it has switched caller id on ({@code AT+CLIP=1} on the GSM
 * modules, {@code AT+VCID=1} on the analog ones; the commands the library's dialects send) and its
 * commands have then been quiet for {@link #QUIET} (its initialisation is over). It runs until
 * Ctrl-C or SIGTERM, or, with {@code --exit-after-calls}, until its calls are over.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Put a simulated modem on pseudo-terminals (needs socat) and place calls to whatever opens them:"
                + " try answer, status and the web mailbox without hardware.",
                "Prints the ports and a configuration for answer --config; runs until Ctrl-C."})
final class SimulateCommand implements Callable<Integer> {
    /** How long the host's commands must be quiet after it switched caller id on before a call is placed. */
    static final Duration QUIET = Duration.ofMillis(1500);

    /** The models by their CLI names. */
    static final Map<String, ModemModel> MODELS = Map.of(
            "simcom", ModemModel.SIMCOM_SIM7600,
            "quectel", ModemModel.QUECTEL_EC25,
            "usr5637", ModemModel.USR_5637,
            "cx93001", ModemModel.CONEXANT_CX93001);

    @Option(names = "--model", paramLabel = "MODEL",
            description = "simcom (SIM7600), quectel (EC25), usr5637 (USRobotics 5637) or cx93001 (Conexant) (default: ${DEFAULT-VALUE}).")
    String model = "simcom";

    @Option(names = "--calls", paramLabel = "N", description = "Place N calls, one after the other, each once the host is ready (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--caller", paramLabel = "NUMBER", description = "The caller's number (default: ${DEFAULT-VALUE}).")
    String caller = "+4915112344567";

    @Option(names = "--withheld", description = "The caller withholds the number.")
    boolean withheld;

    @Option(names = "--say", paramLabel = "WAV", description = "What the caller says: a WAV file (default: the bundled sample).")
    Path say;

    @Option(names = "--press", paramLabel = "KEY",
            description = "The key the caller presses after speaking, or none to hang up instead (default: ${DEFAULT-VALUE}).")
    String press = "#";

    @Option(names = "--rings", paramLabel = "N", description = "How many times a call rings before the caller gives up (default: ${DEFAULT-VALUE}).")
    int rings = 6;

    @Option(names = "--write-config", paramLabel = "FILE",
            description = "Also write the configuration to FILE (which must not exist), for answer --config FILE.")
    Path writeConfig;

    @Option(names = "--exit-after-calls", description = "Exit once the --calls are over (otherwise the modem stays on until Ctrl-C).")
    boolean exitAfterCalls;

    @Option(names = "--wait-seconds", paramLabel = "SECONDS",
            description = "How long to wait for the host to open and initialise the modem before each call (default: ${DEFAULT-VALUE}).")
    int waitSeconds = 600;

    @Override
    public Integer call() throws InterruptedException {
        ModemModel m = MODELS.get(model.toLowerCase(Locale.ROOT));
        if (m == null) {
            throw new BadOptionException("--model", "--model must be one of " + String.join(", ", List.of("simcom", "quectel",
                    "usr5637", "cx93001")) + ", was " + model);
        }
        if (calls < 0) {
            throw new BadOptionException("--calls", "--calls must be at least 0, was " + calls);
        }
        if (rings < 1) {
            throw new BadOptionException("--rings", "--rings must be at least 1, was " + rings);
        }
        if (waitSeconds < 1) {
            throw new BadOptionException("--wait-seconds", "--wait-seconds must be at least 1, was " + waitSeconds);
        }
        Optional<Character> key = finishKey();
        Prompt voice = say != null ? AnswerCommand.readPrompt("--say", say) : Prompts.bundled("caller-sample");
        if (!SimulatedModem.pseudoTerminalsAvailable()) {
            System.err.println("modem-voice: simulate needs socat for its pseudo-terminals: sudo apt-get install socat");
            return ExitStatus.MODEM_UNAVAILABLE;
        }
        Output out = new Output(System.out);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        // SIGTERM or Ctrl-C: the modem is switched off (its pseudo-terminals removed) and the
        // command exits 0, as a stop it was asked for
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                if (done.await(10, TimeUnit.SECONDS)) {
                    System.out.flush();
                    Runtime.getRuntime().halt(ExitStatus.OK);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "modem-voice-simulate-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        // the serial library releases its ports in a hook of its own: only once the simulator closed them
        SerialTransport.beforePortsCloseAtExit(done, Duration.ofSeconds(10));
        try (SimulatedModem sim = SimulatedModem.builder(m).listener(e -> step(out, e)).onPseudoTerminals()) {
            String config = config(sim, m);
            // the file first: whoever sees the configuration printed finds it written
            if (writeConfig != null) {
                int written = CliFiles.writePrivate(writeConfig, ("# a simulated modem (modem-voice simulate); valid while it runs\n"
                        + config).getBytes(StandardCharsets.UTF_8), false, "not overwritten");
                if (written != ExitStatus.OK) {
                    return written;
                }
            }
            out.raw("a simulated " + m.manufacturer() + " " + m.model() + " on pseudo-terminals");
            out.raw("  AT port:    " + sim.hostAtPath().orElseThrow());
            sim.hostAudioPath().ifPresent(p -> out.raw("  audio port: " + p));
            out.raw("");
            out.raw("configuration for answer --config FILE:");
            config.lines().forEach(l -> out.raw("  " + l));
            out.raw("");
            for (int i = 1; i <= calls && stop.getCount() > 0; i++) {
                if (!awaitHostReady(sim, stop)) {
                    if (stop.getCount() == 0) {
                        break;
                    }
                    System.err.println("modem-voice: no host initialised the modem on " + sim.hostAtPath().orElseThrow()
                            + " within " + waitSeconds + " s (start answer --config with the configuration above)");
                    return ExitStatus.MODEM_UNAVAILABLE;
                }
                out.step("call " + i + " of " + calls);
                sim.placeCall(script(voice, key));
                SimulatedCallReport report = sim.awaitCallEnded(Duration.ofMinutes(10));
                out.step("call " + i + " over: " + report.endedBy().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
            if (exitAfterCalls) {
                return ExitStatus.OK;
            }
            out.step("the simulated modem stays on; Ctrl-C ends it");
            stop.await();
            return ExitStatus.OK;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting through the hook
            }
        }
    }

    private Optional<Character> finishKey() {
        if (press.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        char c = press.length() == 1 ? Character.toUpperCase(press.charAt(0)) : 0;
        if (press.length() != 1 || !DtmfKeys.isKey(c)) {
            throw new BadOptionException("--press", "--press must be one key of " + DtmfKeys.ALL
                    + " or none, was \"" + CallerText.escape(press) + "\"");
        }
        return Optional.of(c);
    }

    private CallScript script(Prompt voice, Optional<Character> key) {
        CallScript.Builder b = CallScript.builder().rings(rings).callerAudio(voice);
        if (withheld) {
            b.callerWithheld();
        } else {
            b.caller(caller);
        }
        key.ifPresentOrElse(k -> b.ending(CallScript.Ending.KEY).finishKey(k), () -> b.ending(CallScript.Ending.HANGUP));
        return b.build();
    }

    /** @return the one-modem configuration of the simulated ports */
    static String config(SimulatedModem sim, ModemModel m) {
        StringBuilder b = new StringBuilder();
        b.append("at-port    = ").append(sim.hostAtPath().orElseThrow()).append('\n');
        sim.hostAudioPath().ifPresent(p -> b.append("audio-port = ").append(p).append('\n'));
        b.append("dialect    = ").append(m.family().cliName()).append('\n');
        return b.toString();
    }

    /**
     * Waits until the host has switched caller id on and then been quiet for {@link #QUIET}.
     *
     * @return true when it is ready; false on a stop or after {@code --wait-seconds}
     */
    private boolean awaitHostReady(SimulatedModem sim, CountDownLatch stop) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        int lastCount = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            List<String> commands = sim.commands();
            if (commands.size() != lastCount) {
                lastCount = commands.size();
                quietSince = System.nanoTime();
            }
            boolean callerId = commands.stream().anyMatch(c -> c.equalsIgnoreCase("AT+CLIP=1") || c.equalsIgnoreCase("AT+VCID=1"));
            if (callerId && !sim.isCallInProgress() && System.nanoTime() - quietSince >= QUIET.toNanos()) {
                return true;
            }
            if (stop.await(100, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return false;
    }

    private static void step(Output out, SimEvent e) {
        String said = switch (e.type()) {
            case RINGING -> "ring (" + e.detail() + ")";
            case ANSWERED -> "the host answered";
            case CALLER_SPEAKING -> "the caller speaks";
            case KEY_SENT -> "the caller presses " + e.detail();
            case CALLER_HUNG_UP -> "the caller hangs up";
            case HOST_HUNG_UP -> "the host hung up";
            case MISSED -> "nobody answered: a missed call";
            default -> null;
        };
        if (said != null) {
            out.step(said);
        }
    }
}
