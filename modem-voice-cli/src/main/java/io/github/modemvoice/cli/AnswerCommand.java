package io.github.modemvoice.cli;

import io.github.modemvoice.machine.StatusFile;
import io.github.modemvoice.CallerText;
import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.call.CallState;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.call.ModemSupervisor;
import io.github.modemvoice.internal.DtmfKeys;
import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.dialect.ModemFamily;
import io.github.modemvoice.internal.Deadline;
import io.github.modemvoice.routing.BusinessHours;
import io.github.modemvoice.routing.CallFlowEvent;
import io.github.modemvoice.routing.CallOutcome;
import io.github.modemvoice.transport.SerialConfig;
import io.github.modemvoice.transport.SerialTransport;
import io.github.modemvoice.voicemail.StorageCheck;
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
import java.util.Optional;
import java.util.function.UnaryOperator;
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

    /** The caller screen the options asked for, read before the modem is touched. */
    private Optional<io.github.modemvoice.routing.CallerScreen> screen = Optional.empty();

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
        if (configFile != null && !configFile.sections().isEmpty()) {
            return serveLines(out);
        }
        if (atPort == null) {
            throw new IllegalArgumentException("Missing required option: '--at-port=<atPort>' (or [modem NAME] sections"
                    + " in the " + ConfigFile.OPTION + " file)");
        }
        // refuse to start on a directory that cannot keep a message: every caller would be cut off
        retention.validate();
        StorageCheck.Result storage = StorageCheck.probeDirectory(dir, StorageCheck.bytesFor(Duration.ofSeconds(maxSeconds))
                + retention.keepFreeBytes());
        if (!storage.ok()) {
            System.err.println("modem-voice: cannot store messages in " + storage.location() + ": "
                    + CallerText.escape(storage.reason()));
            return ExitStatus.STORAGE_UNUSABLE;
        }
        Optional<String> secret = notify.secret(System.getenv(), System.err);
        MachineExtras extras = MachineExtras.of(flow, transcribe, notify, storeOptions, businessHours != null)
                .skippingWith(skipKey());
        Optional<String> unusable = storeOptions.probe(extras.store(), dir);
        if (unusable.isPresent()) {
            System.err.println("modem-voice: cannot store messages in " + CallerText.escape(unusable.get()));
            return ExitStatus.STORAGE_UNUSABLE;
        }
        // every file is read and checked before the modem is touched
        BusinessHours hours = businessHours == null ? BusinessHours.never() : readHours(businessHours);
        Prompt greetingPrompt = greeting == null ? Prompts.bundled("greeting") : readPrompt("--greeting", greeting);
        Optional<Prompt> goodbyePrompt = Optional.ofNullable(goodbye).map(f -> readPrompt("--goodbye", f));
        screen = screening.build();
        screen.ifPresent(sc -> out.step("screening calls: " + sc.describe()));
        ModemFamily.Identified which;
        try {
            which = resolveModem(out);
        } catch (ModemVoiceException e) {
            System.err.println("modem-voice: " + e.getMessage());
            return ExitStatus.MODEM_UNAVAILABLE;
        }
        Dialect d = which.dialect();
        if (d.needsAudioPort() && audioPort == null) {
            throw new IllegalArgumentException("--audio-port is required for the " + d.name()
                    + " dialect (its PCM audio travels on a second serial port)");
        }
        AnsweringMachine.Settings settings = new AnsweringMachine.Settings(dir, greetingPrompt, goodbyePrompt,
                Duration.ofSeconds(maxSeconds), Duration.ofSeconds(minSeconds), Duration.ofSeconds(silenceSeconds),
                finishKeys, hours, Optional.ofNullable(notify.webhook), secret, extras);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicInteger status = new AtomicInteger(ExitStatus.SOFTWARE);
        try {
            int code = once ? run(settings, d, out, stopped, status) : serve(settings, which, out, stopped, status);
            status.set(code);
            return code;
        } finally {
            stopped.countDown(); // only now: the message is stored and the pipeline drained
        }
    }

    private int run(AnsweringMachine.Settings settings, Dialect d, Output out, CountDownLatch stopped,
                    AtomicInteger status) throws Exception {
        try (AnsweringMachine machine = new AnsweringMachine(settings, out,
                new AnsweringMachine.Builders(retention::keepFree, ScreeningOptions.apply(screen)))) {
            Modem modem;
            try {
                modem = Modem.open(ModemConfig.builder()
                        .atPort(serial(atPort))
                        .audioPort(d.needsAudioPort() ? serial(audioPort) : null)
                        .dialect(d)
                        .handler(machine.handler)
                        .callProgressTones(flow.lineTones)
                        .build());
            } catch (ModemVoiceException e) {
                System.err.println("modem-voice: cannot open or initialise the modem on " + atPort + ": " + e.getMessage());
                return ExitStatus.MODEM_UNAVAILABLE;
            }
            Thread hook = onSignal(modem::close, stopped, status);
            WebMailbox mailbox = null;
            try {
                mailbox = web.startIfAsked(false, machine.store, dir, () -> modem.isAlive()
                        ? modem.state().name().toLowerCase(java.util.Locale.ROOT) : "lost", out);
                out.step("waiting for calls on " + atPort + " (" + d.name() + " dialect); messages go to "
                        + storeOptions.describe(dir));
                if (once) {
                    Optional<CallFlowEvent> done = awaitFirstCall(machine, modem);
                    if (done.isEmpty()) {
                        out.step(stopRequested.get() ? "stopped before a call completed" : "the modem was lost before a call completed");
                        return stopRequested.get() ? ExitStatus.INTERRUPTED : ExitStatus.MODEM_UNAVAILABLE;
                    }
                    awaitCallOver(out, modem);
                    int code = report(out, done.get(), machine);
                    return stopRequested.get() && code == ExitStatus.OK ? ExitStatus.INTERRUPTED : code;
                }
                while (modem.isAlive()) {
                    modem.awaitDead(Duration.ofMinutes(1));
                }
                if (stopRequested.get()) {
                    out.step("stopped");
                    return ExitStatus.OK;
                }
                out.step("the modem was lost; exiting");
                return ExitStatus.MODEM_UNAVAILABLE;
            } finally {
                if (mailbox != null) {
                    mailbox.close();
                }
                modem.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already exiting through the hook
                }
            }
        }
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
        return hook;
    }

    /** @return the first call's final event; empty when the modem went away (or was closed) before one ended */
    private Optional<CallFlowEvent> awaitFirstCall(AnsweringMachine machine, Modem modem) throws Exception {
        while (true) {
            try {
                return Optional.of(machine.firstCallDone.get(1, TimeUnit.SECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                if (!modem.isAlive()) {
                    // the line dropped or a signal closed the modem; the handler may still be storing
                    // what it captured (Modem.close waits for it, so a call in progress has ended by now)
                    try {
                        return Optional.of(machine.firstCallDone.get(stopRequested.get() ? 1 : 30, TimeUnit.SECONDS));
                    } catch (java.util.concurrent.TimeoutException none) {
                        return Optional.empty();
                    }
                }
            }
        }
    }

    /**
     * A call left ringing (open hours) is not over when the handler steps away: exiting then
     * would hand the same ringing call to the next run. Waits (bounded) until the modem is idle:
     * the caller gave up, the network ended the call, or the rings stopped (ring timeout).
     */
    private static void awaitCallOver(Output out, Modem modem) throws InterruptedException {
        if (modem.state() == CallState.RINGING && modem.isAlive()) {
            out.step("waiting for the call to stop ringing");
        }
        Deadline deadline = Deadline.after(CALL_OVER_LIMIT);
        while (modem.isAlive() && modem.state() != CallState.IDLE && !deadline.expired()) {
            Thread.sleep(50); // polls the modem's call state, bounded by the deadline
        }
    }

    /**
     * Prints the message (or why there is none) and its notifications.
     *
     * @return {@link ExitStatus#OK}; {@link ExitStatus#NOT_DELIVERED} when the caller's message
     *         was not kept or a notification did not land within {@code --notify-wait}
     */
    private int report(Output out, CallFlowEvent done, AnsweringMachine machine) throws java.io.IOException {
        // the box stores also what a failed call captured: the listener saw it
        Optional<VoicemailMessage> m = done.outcome().flatMap(o -> o.message()).or(() -> Optional.ofNullable(machine.lastSaved.get()));
        if (m.isEmpty()) {
            if (done.outcome().flatMap(o -> o.noMessageReason()).isPresent()) {
                out.step("no message stored: " + AnsweringMachine.describe(done.outcome().get().noMessageReason().get()));
                return ExitStatus.OK; // the caller hung up before the beep, or said too little
            }
            if (done.result().filter(CallOutcome.Failed.class::isInstance).isPresent()) {
                out.step("the caller's message was not kept: " + done.detail());
                return ExitStatus.NOT_DELIVERED;
            }
            out.step("no message stored: " + done.detail()); // open hours, or gone before the answer
            return ExitStatus.OK;
        }
        m = Optional.of(machine.awaitTranscript(m.get(), out)); // the transcript lands in the metadata first
        if (m.get().metadataPath().isPresent()) {
            out.raw(Files.readString(m.get().metadataPath().get(), StandardCharsets.UTF_8).strip());
        } else {
            out.step("message " + m.get().id() + " stored in " + storeOptions.describe(dir)
                    + (m.get().transcript().isEmpty() ? "" : "; transcript: " + CallerText.escape(m.get().transcript())));
        }
        boolean delivered = machine.reportNotifications(m.get(), out, notify.notifyWait());
        return delivered ? ExitStatus.OK : ExitStatus.NOT_DELIVERED;
    }

    /** The hours file is configuration: its errors (file:line: field: value) exit 78, not 64. */
    private static BusinessHours readHours(Path file) {
        try {
            return BusinessHours.fromJson(file);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** A prompt that cannot be used is configuration too, named by its option. */
    private static Prompt readPrompt(String option, Path file) {
        try {
            return Prompt.fromWav(file);
        } catch (ModemVoiceException | java.io.UncheckedIOException e) {
            throw new ConfigException(option + ": " + e.getMessage(), e);
        }
    }

    /** Every option is checked here, in the user's words (the option as typed, seconds as typed). */
    private void validate() {
        if (maxSeconds < 1) {
            throw new IllegalArgumentException("--max-seconds must be at least 1, was " + maxSeconds);
        }
        if (minSeconds < 0) {
            throw new IllegalArgumentException("--min-seconds must be at least 0, was " + minSeconds);
        }
        if (minSeconds >= maxSeconds) {
            throw new IllegalArgumentException("--min-seconds must be below --max-seconds (" + maxSeconds + "), was " + minSeconds);
        }
        if (silenceSeconds < 0) {
            throw new IllegalArgumentException("--silence-seconds must be at least 0 (0 = off), was " + silenceSeconds);
        }
        if (baud < 1) {
            throw new IllegalArgumentException("--baud must be at least 1, was " + baud);
        }
        for (char c : finishKeys.toCharArray()) {
            if (!DtmfKeys.isKey(Character.toUpperCase(c))) {
                throw new IllegalArgumentException("--finish-keys may hold only the keys " + DtmfKeys.ALL
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
            throw new IllegalArgumentException("--skip-greeting must be one of the keys " + DtmfKeys.ALL
                    + " or none, was \"" + CallerText.escape(skipGreeting) + "\"");
        }
        return Optional.of(Character.toUpperCase(skipGreeting.charAt(0)));
    }

    /** @return the modem's family and identification: a new dialect is made from it for every (re)open */
    private ModemFamily.Identified resolveModem(Output out) {
        if (!"auto".equalsIgnoreCase(dialect)) {
            ModemFamily family = ModemFamily.byName(dialect);
            // analog modems differ in their voice formats: ask the model so AT+VSM fits it
            String id = family == ModemFamily.V253 ? ModemFamily.identification(serial(atPort)) : "";
            return new ModemFamily.Identified(family, id);
        }
        ModemFamily.Identified id;
        try {
            id = ModemFamily.detect(serial(atPort));
        } catch (ModemVoiceException e) {
            throw new ModemVoiceException("dialect detection on " + atPort + " failed: " + e.getMessage(), e);
        }
        out.step("detected a " + id.family().cliName() + " modem");
        return id;
    }

    /**
     * The daemon: the modem under a {@link ModemSupervisor} (a lost port is reopened with backoff,
     * the same handler answers again), its state in the status file {@code status} reads.
     */
    private int serve(AnsweringMachine.Settings settings, ModemFamily.Identified which, Output out,
                      CountDownLatch stopped, AtomicInteger status) throws Exception {
        StatusFile state = StatusFile.start(dir, java.time.Clock.systemUTC());
        state.modem(atPort.toString(), which.family().cliName(), which.identification());
        try (AnsweringMachine machine = new AnsweringMachine(settings, out,
                new AnsweringMachine.Builders(retention::keepFree, ScreeningOptions.apply(screen)))) {
            machine.callEnded.add(e -> e.result().ifPresent(state::callEnded));
            ModemSupervisor supervisor;
            try {
                supervisor = ModemSupervisor.builder(() -> {
                            // new transports and a new dialect for every open: a by-id path is resolved again
                            Dialect d = which.dialect();
                            return ModemConfig.builder()
                                    .atPort(serial(atPort))
                                    .audioPort(d.needsAudioPort() ? serial(audioPort) : null)
                                    .dialect(d)
                                    .handler(machine.handler)
                                    .callProgressTones(flow.lineTones)
                                    .build();
                        })
                        .listener((from, to, cause) -> {
                            if (from == to) {
                                return; // a failed attempt: the WARN said the modem is gone, the INFO will say it is back
                            }
                            state.state(to.name());
                            if (to == ModemSupervisor.State.DOWN && !stopRequested.get()) {
                                out.step("the modem on " + atPort + " was lost; reconnecting");
                                state.error("the modem on " + atPort + " was lost");
                            } else if (to == ModemSupervisor.State.UP && from == ModemSupervisor.State.RECONNECTING) {
                                out.step("the modem on " + atPort + " is back");
                                state.reconnected();
                            }
                        })
                        .start();
            } catch (ModemVoiceException e) {
                System.err.println("modem-voice: cannot open or initialise the modem on " + atPort + ": " + e.getMessage());
                state.error("cannot open or initialise the modem: " + e.getMessage());
                state.state("STOPPED");
                return ExitStatus.MODEM_UNAVAILABLE;
            }
            Optional<io.github.modemvoice.voicemail.Retention> pruning = retention.start(machine.store, dir, out);
            Thread hook = onSignal(supervisor::close, stopped, status);
            WebMailbox mailbox = null;
            try {
                mailbox = web.startIfAsked(false, machine.store, dir, () -> supervisor.modem()
                        .map(m -> m.state().name().toLowerCase(java.util.Locale.ROOT))
                        .orElse(supervisor.state().name().toLowerCase(java.util.Locale.ROOT)), out);
                out.step("waiting for calls on " + atPort + " (" + which.family().cliName() + " dialect); messages go to "
                        + storeOptions.describe(dir));
                while (!supervisor.awaitStopped(Duration.ofDays(1))) {
                    // runs until SIGTERM / Ctrl-C: losses of the modem are the supervisor's to mend
                }
                out.step("stopped");
                return ExitStatus.OK;
            } finally {
                if (mailbox != null) {
                    mailbox.close();
                }
                supervisor.close();
                pruning.ifPresent(io.github.modemvoice.voicemail.Retention::close);
                state.state("STOPPED");
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already exiting through the hook
                }
            }
        }
    }

    /**
     * The daemon with several modems ({@code [modem NAME]} sections in the configuration file): one
     * supervised line per modem ({@link LineSet}); it runs while at least one modem came up.
     */
    private int serveLines(Output out) throws Exception {
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
        List<ModemLines.ModemLine> specs = ModemLines.of(configFile,
                new ModemLines.Defaults(dialect, baud, dir, greeting, businessHours));
        retention.validate();
        long bytes = StorageCheck.bytesFor(Duration.ofSeconds(maxSeconds)) + retention.keepFreeBytes();
        for (Path d : specs.stream().map(ModemLines.ModemLine::dir).distinct().toList()) {
            StorageCheck.Result storage = StorageCheck.probeDirectory(d, bytes);
            if (!storage.ok()) {
                System.err.println("modem-voice: cannot store messages in " + storage.location() + ": "
                        + CallerText.escape(storage.reason()));
                return ExitStatus.STORAGE_UNUSABLE;
            }
        }
        Optional<String> secret = notify.secret(System.getenv(), System.err);
        MachineExtras extras = MachineExtras.of(flow, transcribe, notify, storeOptions,
                businessHours != null || specs.stream().anyMatch(l -> l.businessHours().isPresent()))
                .skippingWith(skipKey());
        for (Path d : specs.stream().map(ModemLines.ModemLine::dir).distinct().toList()) {
            Optional<String> unusable = storeOptions.probe(extras.store(), d);
            if (unusable.isPresent()) {
                System.err.println("modem-voice: cannot store messages in " + CallerText.escape(unusable.get()));
                return ExitStatus.STORAGE_UNUSABLE;
            }
        }
        Optional<Prompt> goodbyePrompt = Optional.ofNullable(goodbye).map(f -> readPrompt("--goodbye", f));
        screen = screening.build();
        screen.ifPresent(sc -> out.step("screening calls: " + sc.describe()));
        java.util.Map<ModemLines.ModemLine, AnsweringMachine.Settings> settings = new java.util.HashMap<>();
        for (ModemLines.ModemLine l : specs) { // every file is read and checked before a modem is touched
            Prompt g = l.greeting().map(f -> readPrompt(l.at("greeting") + "greeting", f)).orElseGet(() -> Prompts.bundled("greeting"));
            BusinessHours h = l.businessHours().map(f -> {
                try {
                    return readHours(f);
                } catch (ConfigException e) {
                    throw new ConfigException(l.at("business-hours") + e.getMessage(), e);
                }
            }).orElse(BusinessHours.never());
            settings.put(l, new AnsweringMachine.Settings(l.dir(), g, goodbyePrompt, Duration.ofSeconds(maxSeconds),
                    Duration.ofSeconds(minSeconds), Duration.ofSeconds(silenceSeconds), finishKeys, h,
                    Optional.ofNullable(notify.webhook), secret, extras));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicInteger status = new AtomicInteger(ExitStatus.SOFTWARE);
        StatusFile state = StatusFile.start(dir, java.time.Clock.systemUTC());
        LineSet lines = LineSet.start(specs, settings::get,
                new AnsweringMachine.Builders(retention::keepFree, ScreeningOptions.apply(screen)), state, out, this::serial,
                UnaryOperator.identity(), Duration.ofSeconds(1), Duration.ofSeconds(30));
        Thread hook = onSignal(lines::close, stopped, status);
        WebMailbox mailbox = null;
        List<io.github.modemvoice.voicemail.Retention> pruning = new java.util.ArrayList<>();
        try {
            int up = lines.awaitFirstAttempts(Duration.ofMinutes(2));
            if (up == 0 && !stopRequested.get()) {
                System.err.println("modem-voice: none of the " + specs.size() + " modems in " + file + " could be opened");
                status.set(ExitStatus.MODEM_UNAVAILABLE);
                return ExitStatus.MODEM_UNAVAILABLE;
            }
            LineSet.Line home = lines.lines().stream().filter(l -> l.spec.dir().equals(dir)).findFirst().orElse(lines.lines().get(0));
            for (LineSet.Line l : lines.lines()) { // one retention per mailbox: the line that owns it
                if (l.machine.ownsMailbox()) {
                    retention.start(l.machine.store, l.spec.dir(), out).ifPresent(pruning::add);
                }
            }
            mailbox = web.startIfAsked(false, home.machine.store, home.spec.dir(), lines::summary, out);
            out.step("waiting for calls on " + up + " of " + specs.size() + " modems ("
                    + String.join(", ", specs.stream().map(ModemLines.ModemLine::name).toList()) + "); status in "
                    + dir.resolve(StatusFile.NAME).toAbsolutePath());
            for (LineSet.Line l : lines.lines()) {
                while (!l.supervisor().awaitStopped(Duration.ofDays(1))) {
                    // runs until SIGTERM / Ctrl-C: losses of a modem are its supervisor's to mend
                }
            }
            out.step("stopped");
            status.set(ExitStatus.OK);
            return ExitStatus.OK;
        } finally {
            if (mailbox != null) {
                mailbox.close();
            }
            lines.close();
            pruning.forEach(io.github.modemvoice.voicemail.Retention::close);
            state.state("STOPPED");
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting through the hook
            }
        }
    }

    private SerialTransport serial(Path port, int speed) {
        return new SerialTransport(SerialConfig.builder(port.toString()).baudRate(speed).build());
    }

    private SerialTransport serial(Path port) {
        return serial(port, baud);
    }
}
