package io.github.modemvoice.cli;

import io.github.modemvoice.CallerText;
import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.call.CallState;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemSupervisor;
import io.github.modemvoice.dialect.ModemFamily;
import io.github.modemvoice.internal.Deadline;
import io.github.modemvoice.internal.DtmfKeys;
import io.github.modemvoice.machine.AnsweringMachine;
import io.github.modemvoice.machine.MachineLine;
import io.github.modemvoice.machine.StatusFile;
import io.github.modemvoice.machine.StorageUnusableException;
import io.github.modemvoice.routing.BusinessHours;
import io.github.modemvoice.routing.CallFlowEvent;
import io.github.modemvoice.routing.CallOutcome;
import io.github.modemvoice.routing.CallerScreen;
import io.github.modemvoice.transport.SerialTransport;
import io.github.modemvoice.voicemail.VoicemailMessage;
import io.github.modemvoice.web.WebMailbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The answering machine on a real modem. */
@Command(name = "answer", mixinStandardHelpOptions = true,
        description = "Answer calls on a real modem and take messages (after hours, or always without --business-hours).")
final class AnswerCommand implements Callable<Integer>, ConfigFile.Reader {
    /** The longest {@code --once} waits for a call left ringing to end. */
    private static final Duration CALL_OVER_LIMIT = Duration.ofMinutes(5);

    @Option(names = ConfigFile.OPTION, paramLabel = "FILE",
            description = "Read options from FILE (name = value per line; flags typed here override it).")
    Path config;

    @Option(names = "--at-port", description = "The modem's AT command port, e.g. /dev/ttyUSB2 (required unless the"
            + " --config file lists modems in [modem NAME] sections).")
    Path atPort;

    @Option(names = "--audio-port", description = "The PCM audio port (SIMCom/Quectel), e.g. /dev/ttyUSB4.")
    Path audioPort;

    @Option(names = "--dialect", description = "simcom, quectel, v253 or auto (default: ${DEFAULT-VALUE}).")
    String dialect = "auto";

    @Option(names = "--baud", description = "Serial speed (default: ${DEFAULT-VALUE}).")
    int baud = 115200;

    @Option(names = "--dir", description = "Where messages are stored (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("voicemail");

    @Option(names = "--greeting", description = "Greeting WAV: PCM, float, A-law or mu-law at any rate, mono or stereo; converted to 8000 Hz "
            + "16-bit mono at start-up (default: the bundled prompt).")
    Path greeting;

    @Option(names = "--goodbye", description = "Goodbye WAV played after the message (default: none).")
    Path goodbye;

    @Option(names = "--max-seconds", description = "Longest message (default: ${DEFAULT-VALUE}).")
    int maxSeconds = 120;

    @Option(names = "--min-seconds", description = "Shorter recordings are discarded (default: ${DEFAULT-VALUE}).")
    int minSeconds = 1;

    @Option(names = "--silence-seconds", description = "Silence that ends a message, 0 = off (default: ${DEFAULT-VALUE}).")
    int silenceSeconds = 5;

    @Option(names = "--finish-keys", description = "Keys that end a message, empty = none (default: ${DEFAULT-VALUE}).")
    String finishKeys = "#";

    @Option(names = "--skip-greeting", paramLabel = "KEY",
            description = "The key a caller presses to skip the greeting to the beep, none = no key (default: ${DEFAULT-VALUE}).")
    String skipGreeting = "#";

    @Option(names = "--business-hours", description = "Business hours JSON; without it every call goes to voicemail.")
    Path businessHours;

    @picocli.CommandLine.Mixin
    NotifyOptions notify = new NotifyOptions();

    @Mixin
    FlowOptions flow = new FlowOptions();

    @Mixin
    TranscribeOptions transcribe = new TranscribeOptions();

    @Mixin
    DatabaseOptions storeOptions = new DatabaseOptions();

    @Option(names = "--once", description = "Handle exactly one call, then exit.")
    boolean once;

    @Option(names = "--verbose", description = "Log the library's INFO messages to stderr.")
    boolean verbose;

    @Mixin
    WebOptions web = new WebOptions();

    @Mixin
    ScreeningOptions screening = new ScreeningOptions();

    @Mixin
    RetentionOptions retention = new RetentionOptions();

    /** Set by the shutdown hook: SIGTERM or Ctrl-C asked the command to stop. */
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    /** The {@code --config} file, for its {@code [modem NAME]} sections; null without one. */
    private ConfigFile configFile;

    @Override
    public void configFile(ConfigFile file) {
        this.configFile = file;
    }

    @Override
    public Integer call() throws Exception {
        Output out = new Output(System.out);
        validate();
        boolean sections = configFile != null && !configFile.sections().isEmpty();
        if (!sections && atPort == null) {
            throw new IllegalArgumentException("Missing required option: '--at-port=<atPort>' (or [modem NAME] sections"
                    + " in the " + ConfigFile.OPTION + " file)");
        }
        List<MachineLine> lines = sections ? configuredLines() : List.of(singleLine());
        // every option and file is read and checked before a modem is touched
        AnsweringMachine.Builder b = machine(lines, out, sections);
        if (!Files.exists(dir) && !sections) {
            out.step("messages will be stored in " + dir.toAbsolutePath());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicInteger status = new AtomicInteger(ExitStatus.SOFTWARE);
        AnsweringMachine machine = b.build();
        Thread hook = onSignal(machine::close, stopped, status);
        WebMailbox mailbox = null;
        try {
            try {
                machine.start();
            } catch (StorageUnusableException e) {
                // a database is named by its URL (without its parameters), a directory by its path
                System.err.println("modem-voice: " + CallerText.escape(storeOptions.jdbcUrl == null ? e.getMessage()
                        : "cannot store messages in " + storeOptions.describe(dir) + " (" + e.location() + "): " + e.reason()));
                return status(status, ExitStatus.STORAGE_UNUSABLE);
            }
            int up = machine.awaitModems(Duration.ofMinutes(2));
            if (up == 0 && !stopRequested.get()) {
                if (sections) {
                    System.err.println("modem-voice: none of the " + lines.size() + " modems in " + configFile.path()
                            + " could be opened");
                } else {
                    System.err.println("modem-voice: cannot open or initialise the modem on " + atPort + ": "
                            + machine.lines().get(0).lastFailure().map(Throwable::getMessage).orElse("unknown"));
                }
                return status(status, ExitStatus.MODEM_UNAVAILABLE);
            }
            mailbox = web.startIfAsked(false, machine.mailbox().store(), dir, machine::summary, out);
            AnsweringMachine.Line first = machine.lines().get(0);
            if (sections) {
                out.step("waiting for calls on " + up + " of " + lines.size() + " modems ("
                        + String.join(", ", lines.stream().map(l -> l.name().orElseThrow()).toList()) + "); status in "
                        + dir.resolve(StatusFile.NAME).toAbsolutePath());
            } else {
                out.step("waiting for calls on " + atPort + " (" + first.identified().map(i -> i.dialect().name())
                        .orElse(dialect) + " dialect); messages go to " + storeOptions.describe(dir));
            }
            if (once) {
                return status(status, once(machine, first, out));
            }
            while (!machine.awaitStopped(Duration.ofDays(1))) {
                // runs until SIGTERM / Ctrl-C: losses of a modem are its supervisor's to mend
            }
            out.step("stopped");
            return status(status, ExitStatus.OK);
        } finally {
            try {
                if (mailbox != null) {
                    mailbox.close();
                }
                machine.close(); // only now: the message is stored and the queues drained
            } finally {
                stopped.countDown(); // the signal hook and the serial library's wait end here, whatever close did
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting through the hook
            }
        }
    }

    private static int status(AtomicInteger status, int code) {
        status.set(code);
        return code;
    }

    /**
     * The machine the options describe: each mixin fills its part of the builder.
     *
     * @param lines    the modems
     * @param out      progress
     * @param sections whether the modems come from {@code [modem NAME]} sections
     */
    private AnsweringMachine.Builder machine(List<MachineLine> lines, Output out, boolean sections) {
        Map<String, String> env = System.getenv();
        AnsweringMachine.Builder b = AnsweringMachine.builder().directory(dir)
                .listener(new MachineOutput(out, stopRequested::get));
        lines.forEach(b::line);
        retention.configure(b);
        notify.configure(b, env, System.err);
        boolean hours = businessHours != null || lines.stream().anyMatch(l -> l.businessHours().isPresent());
        flow.configure(b, hours, env, System.err);
        transcribe.configure(b, env, System.err);
        storeOptions.configure(b, env, System.err);
        // the files, once the options fit together
        b.businessHours(businessHours == null ? BusinessHours.never() : readHours(businessHours))
                .greeting(greeting == null ? Prompts.bundled("greeting") : readPrompt("--greeting", greeting));
        Optional<Prompt> goodbyePrompt = Optional.ofNullable(goodbye).map(f -> readPrompt("--goodbye", f));
        Optional<Character> skip = skipKey();
        b.voicemail(v -> {
            v.maxDuration(Duration.ofSeconds(maxSeconds)).minDuration(Duration.ofSeconds(minSeconds))
                    .silenceTimeout(Duration.ofSeconds(silenceSeconds)).finishKeys(finishKeys).skipKey(skip);
            goodbyePrompt.ifPresent(v::goodbye);
            return v;
        });
        Optional<CallerScreen> screen = screening.build();
        screen.ifPresent(sc -> out.step("screening calls: " + sc.describe()));
        b.calls(ScreeningOptions.apply(screen));
        if (retention.keepDays != null) {
            out.step("heard messages older than " + retention.keepDays + " days are deleted (checked hourly)");
        }
        return b;
    }

    /** The one modem of {@code --at-port}. */
    private MachineLine singleLine() {
        return MachineLine.builder(atPort).audioPort(audioPort).baud(baud).family(family(dialect, "--dialect")).build();
    }

    static Optional<ModemFamily> family(String dialect, String where) {
        if ("auto".equalsIgnoreCase(dialect)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModemFamily.byName(dialect));
        } catch (IllegalArgumentException e) {
            throw new BadOptionException(where, where + ": " + e.getMessage(), e);
        }
    }

    /** The modems of the {@code [modem NAME]} sections, their files read now. */
    private List<MachineLine> configuredLines() {
        Path file = configFile.path();
        if (once) {
            throw new IllegalArgumentException("--once handles one call on one modem; " + file
                    + " lists modems in [modem NAME] sections (answer one of them with --at-port instead)");
        }
        for (String key : new String[] {"at-port", "audio-port"}) {
            int line = configFile.lineOf(key);
            if (line > 0 || (key.equals("at-port") ? atPort : audioPort) != null) {
                throw new ConfigException((line > 0 ? file + ":" + line : "--" + key) + ": " + key
                        + " belongs in each [modem NAME] section when " + file + " lists modems");
            }
        }
        return ModemLines.of(configFile, new ModemLines.Defaults(dialect, baud, dir, greeting, businessHours)).stream()
                .map(ModemLines.ModemLine::toMachineLine).toList();
    }

    /** {@code --once}: the first call, its message and its notifications. */
    private int once(AnsweringMachine machine, AnsweringMachine.Line line, Output out) throws Exception {
        Optional<CallFlowEvent> done = Optional.empty();
        while (done.isEmpty()) {
            done = machine.awaitFirstCall(Duration.ofSeconds(1));
            if (done.isEmpty() && line.state() != ModemSupervisor.State.UP) {
                // the line dropped or a signal closed the modem; the handler may still be storing
                // what it captured (closing waits for it, so a call in progress has ended by now)
                done = machine.awaitFirstCall(Duration.ofSeconds(stopRequested.get() ? 1 : 30));
                if (done.isEmpty()) {
                    out.step(stopRequested.get() ? "stopped before a call completed" : "the modem was lost before a call completed");
                    return stopRequested.get() ? ExitStatus.INTERRUPTED : ExitStatus.MODEM_UNAVAILABLE;
                }
            }
        }
        line.modem().ifPresent(m -> awaitCallOver(out, m));
        int code = report(out, done.get(), machine, line);
        return stopRequested.get() && code == ExitStatus.OK ? ExitStatus.INTERRUPTED : code;
    }

    /**
     * Ctrl-C / SIGTERM: {@code close} hangs up (a recording in progress ends and is stored as a
     * message: Modem.close waits for the call handler), then the main thread drains the pipeline
     * and this hook exits with the command's own status (not the JVM's 143).
     *
     * @return the installed hook, to be removed when the command ends first
     */
    private Thread onSignal(Runnable close, CountDownLatch stopped, AtomicInteger status) {
        Thread hook = new Thread(() -> {
            stopRequested.set(true);
            close.run();
            try {
                // long enough to store the message, wait for its notifications and drain
                if (stopped.await(notify.notifyWaitSeconds + transcribe.timeoutSeconds + 45L, TimeUnit.SECONDS)) {
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(status.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "modem-voice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // jSerialComm closes its ports in a hook of its own: not before the modem is closed here
        SerialTransport.beforePortsCloseAtExit(stopped, Duration.ofSeconds(notify.notifyWaitSeconds + transcribe.timeoutSeconds + 45L));
        return hook;
    }

    /**
     * A call left ringing (open hours) is not over when the handler steps away: exiting then
     * would hand the same ringing call to the next run. Waits (bounded) until the modem is idle:
     * the caller gave up, the network ended the call, or the rings stopped (ring timeout).
     */
    private static void awaitCallOver(Output out, Modem modem) {
        if (modem.state() == CallState.RINGING && modem.isAlive()) {
            out.step("waiting for the call to stop ringing");
        }
        Deadline deadline = Deadline.after(CALL_OVER_LIMIT);
        try {
            while (modem.isAlive() && modem.state() != CallState.IDLE && !deadline.expired()) {
                Thread.sleep(50); // polls the modem's call state, bounded by the deadline
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Prints the message (or why there is none) and its notifications.
     *
     * @return {@link ExitStatus#OK}; {@link ExitStatus#NOT_DELIVERED} when the caller's message
     *         was not kept or a notification did not land within {@code --notify-wait}
     */
    private int report(Output out, CallFlowEvent done, AnsweringMachine machine, AnsweringMachine.Line line)
            throws java.io.IOException {
        // the box stores also what a failed call captured: the line saw it
        Optional<VoicemailMessage> m = done.outcome().flatMap(o -> o.message()).or(line::lastMessage);
        if (m.isEmpty()) {
            Optional<CallOutcome> result = done.result();
            if (result.orElse(null) instanceof CallOutcome.NoMessage none) {
                out.step("no message stored: " + MachineOutput.describe(none.reason()));
                return ExitStatus.OK; // the caller hung up before the beep, or said too little
            }
            if (result.filter(CallOutcome.Failed.class::isInstance).isPresent()) {
                out.step("the caller's message was not kept: " + done.detail());
                return ExitStatus.NOT_DELIVERED;
            }
            out.step("no message stored: " + done.detail()); // open hours, or gone before the answer
            return ExitStatus.OK;
        }
        VoicemailMessage now = machine.awaitTranscript(m.get()); // the transcript lands in the metadata first
        now.transcriptError().ifPresent(e -> out.step("transcription failed: " + e));
        if (now.metadataPath().isPresent()) {
            out.raw(Files.readString(now.metadataPath().get(), StandardCharsets.UTF_8).strip());
        } else {
            out.step("message " + now.id() + " stored in " + storeOptions.describe(dir)
                    + (now.transcript().isEmpty() ? "" : "; transcript: " + CallerText.escape(now.transcript())));
        }
        boolean delivered = MachineOutput.report(machine.awaitNotifications(now, notify.notifyWait()), out);
        return delivered ? ExitStatus.OK : ExitStatus.NOT_DELIVERED;
    }

    /** The hours file is configuration: its errors (file:line: field: value) exit 78, not 64. */
    static BusinessHours readHours(Path file) {
        try {
            return BusinessHours.fromJson(file);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** A prompt that cannot be used is configuration too, named by its option. */
    static Prompt readPrompt(String option, Path file) {
        try {
            return Prompt.fromWav(file);
        } catch (ModemVoiceException | java.io.UncheckedIOException e) {
            throw new ConfigException(option + ": " + e.getMessage(), e);
        }
    }

    /** Every option is checked here, in the user's words (the option as typed, seconds as typed). */
    private void validate() {
        if (maxSeconds < 1) {
            throw new BadOptionException("--max-seconds", "--max-seconds must be at least 1, was " + maxSeconds);
        }
        if (minSeconds < 0) {
            throw new BadOptionException("--min-seconds", "--min-seconds must be at least 0, was " + minSeconds);
        }
        if (minSeconds >= maxSeconds) {
            throw new BadOptionException("--min-seconds", "--min-seconds must be below --max-seconds (" + maxSeconds + "), was " + minSeconds);
        }
        if (silenceSeconds < 0) {
            throw new BadOptionException("--silence-seconds", "--silence-seconds must be at least 0 (0 = off), was " + silenceSeconds);
        }
        if (baud < 1) {
            throw new BadOptionException("--baud", "--baud must be at least 1, was " + baud);
        }
        for (char c : finishKeys.toCharArray()) {
            if (!DtmfKeys.isKey(Character.toUpperCase(c))) {
                throw new BadOptionException("--finish-keys", "--finish-keys may hold only the keys " + DtmfKeys.ALL
                        + ", was \"" + CallerText.escape(finishKeys) + "\"");
            }
        }
        skipKey();
        web.validate(false);
    }

    /** @return the key of {@code --skip-greeting}, empty for {@code none} */
    private Optional<Character> skipKey() {
        if (skipGreeting.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        if (skipGreeting.length() != 1 || !DtmfKeys.isKey(Character.toUpperCase(skipGreeting.charAt(0)))) {
            throw new BadOptionException("--skip-greeting", "--skip-greeting must be one of the keys " + DtmfKeys.ALL
                    + " or none, was \"" + CallerText.escape(skipGreeting) + "\"");
        }
        return Optional.of(Character.toUpperCase(skipGreeting.charAt(0)));
    }

}
