package io.github.modemvoice.machine;

import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.call.CallHandler;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.call.ModemSupervisor;
import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.dialect.ModemFamily;
import io.github.modemvoice.internal.Deadline;
import io.github.modemvoice.pipeline.DeliveryStatus;
import io.github.modemvoice.pipeline.JdbcMessageStore;
import io.github.modemvoice.pipeline.JdbcOutbox;
import io.github.modemvoice.pipeline.MessagePipeline;
import io.github.modemvoice.pipeline.NotificationQueue;
import io.github.modemvoice.pipeline.Notifier;
import io.github.modemvoice.pipeline.Outbox;
import io.github.modemvoice.pipeline.Transcriber;
import io.github.modemvoice.pipeline.TranscriptOnlyQueue;
import io.github.modemvoice.routing.AfterHoursCallHandler;
import io.github.modemvoice.routing.BusinessHours;
import io.github.modemvoice.routing.CallFlowEvent;
import io.github.modemvoice.routing.CallFlowState;
import io.github.modemvoice.transport.SerialConfig;
import io.github.modemvoice.transport.SerialTransport;
import io.github.modemvoice.transport.Transport;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.Retention;
import io.github.modemvoice.voicemail.StorageCheck;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailException;
import io.github.modemvoice.voicemail.VoicemailListener;
import io.github.modemvoice.voicemail.VoicemailMessage;
import io.github.modemvoice.voicemail.NoMessageReason;
import io.github.modemvoice.call.Recording;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The answering machine as one object: modems on lines, each under a {@link ModemSupervisor}
 * (a lost or absent modem is reopened with backoff while the others go on answering), each
 * with its voicemail box and after-hours call handler, over mailboxes (a store, the durable
 * notification queue, transcription), with the status file, retention, recovery of interrupted
 * recordings and the catch-up of notifications at start. The CLI's {@code answer} is a shell
 * over it; a PBX app gets the same guarantees from it.
 *
 * <pre>{@code
 * try (AnsweringMachine machine = AnsweringMachine.builder()
 *         .directory(Path.of("/var/lib/voicemail"))
 *         .line(MachineLine.builder(Path.of("/dev/ttyUSB2")).audioPort(Path.of("/dev/ttyUSB4")).build())
 *         .voicemail(box -> box.maxDuration(Duration.ofMinutes(2)).finishKeys("#"))
 *         .businessHours(BusinessHours.fromJson(Path.of("hours.json")))
 *         .notifier(WebhookNotifier.builder(uri, secret).build())
 *         .build().start()) {
 *     machine.awaitStopped(Duration.ofDays(365));
 * }
 * }</pre>
 *
 * <p>A machine without lines serves a PBX app's own modem: {@link #callHandler()} is the
 * after-hours handler to give it. Lines with the same message directory share one mailbox.
 * {@link #start()} refuses (with {@link StorageUnusableException}) a directory that cannot keep
 * a message of the longest length, before any modem is opened. {@link #close()} stops every line
 * (a recording in progress is stored first), drains the notification queues, closes the stores.
 * Thread-safe.
 *
 * <p>One file on purpose: the run time (mailboxes, lines, their supervisors, the status and
 * listener wiring), the public nested {@link Builder} (documented defaults and checks) and the
 * {@link Line} view read the machine's private state. Moving the mailbox run time (store, queue,
 * pipeline, retention, catch-up) into a package-private class is the next split.
 */
public final class AnsweringMachine implements AutoCloseable {
    /** How often a running machine looks for stored messages without a notification record. */
    public static final Duration CATCH_UP_EVERY = Duration.ofMinutes(5);

    /** Opens a port by path: serial devices by default, simulated modems in tests. */
    @FunctionalInterface
    public interface Ports {
        /**
         * @param port the configured path
         * @param baud the serial speed
         * @return a new, unopened transport
         */
        Transport open(Path port, int baud);

        /** @return serial ports through jSerialComm */
        static Ports serial() {
            return (port, baud) -> new SerialTransport(SerialConfig.builder(port.toString()).baudRate(baud).build());
        }
    }

    private final Builder config;
    private final Map<Path, Box> mailboxes = new LinkedHashMap<>();
    private final List<Line> lines = new ArrayList<>();
    private final CompletableFuture<CallFlowEvent> firstCall = new CompletableFuture<>();
    private StatusFile status;
    private boolean started;
    private volatile boolean closed;

    private AnsweringMachine(Builder b) {
        this.config = b;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** One mailbox at run time: the store, its notification queue and pipeline, retention. */
    private static final class Box {
        final Path directory;
        final MessageStore store;
        final Mailbox view;
        NotificationQueue outbox;
        MessagePipeline pipeline;
        Retention retention;

        Box(Path directory, MessageStore store) {
            this.directory = directory;
            this.store = store;
            this.view = new Mailbox(store, Optional.of(directory));
        }
    }

    /** One line at run time, as callers of {@link #lines()} see it. */
    public final class Line {
        private final MachineLine spec;
        private final Box box;
        private final VoicemailBox voicemail;
        private final AfterHoursCallHandler handler;
        private final StatusEntry status;
        private final CountDownLatch firstAttempt = new CountDownLatch(1);
        private final AtomicReference<VoicemailMessage> lastSaved = new AtomicReference<>();
        private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();
        private volatile ModemFamily.Identified which;
        private volatile ModemSupervisor supervisor;
        private volatile boolean everUp;

        private Line(MachineLine spec, Box box, StatusEntry status) {
            this.spec = spec;
            this.box = box;
            this.status = status;
            MachineListener l = config.listener;
            VoicemailListener heard = l.voicemail(spec);
            VoicemailBox.Builder vb = VoicemailBox.builder().store(box.store)
                    .greeting(spec.greeting().orElse(config.greeting)).keepFree(config.keepFreeBytes);
            vb = config.voicemail.apply(vb).listener(new SavingListener(this, heard));
            spec.name().ifPresent(vb::line);
            voicemail = vb.build();
            handler = config.calls.apply(AfterHoursCallHandler.builder()
                            .businessHours(spec.businessHours().orElse(config.businessHours)))
                    .voicemail(voicemail)
                    .listener(e -> callFlow(this, e))
                    .build();
        }

        /** @return true once the modem was up at least once */
        public boolean everUp() {
            return everUp;
        }

        /** @return true once the first attempt at opening the modem succeeded or failed */
        public boolean firstAttemptDone() {
            return firstAttempt.getCount() == 0;
        }

        /** @return the line as configured */
        public MachineLine spec() {
            return spec;
        }

        /** @return the mailbox its messages go to */
        public Mailbox mailbox() {
            return box.view;
        }

        /** @return the line's after-hours call handler (what its modem runs) */
        public CallHandler handler() {
            return handler;
        }

        /** @return the line's voicemail box */
        public VoicemailBox voicemail() {
            return voicemail;
        }

        /** @return its supervisor's state; {@code STARTING} before {@link #start()} */
        public ModemSupervisor.State state() {
            ModemSupervisor s = supervisor;
            return s == null ? ModemSupervisor.State.STARTING : s.state();
        }

        /** @return the modem while one is open */
        public Optional<Modem> modem() {
            ModemSupervisor s = supervisor;
            return s == null ? Optional.empty() : s.modem();
        }

        /** @return the last message the line's box stored (also one saved from a failed call) */
        public Optional<VoicemailMessage> lastMessage() {
            return Optional.ofNullable(lastSaved.get());
        }

        /** @return why the last attempt to open the modem failed, if one did */
        public Optional<Throwable> lastFailure() {
            return Optional.ofNullable(lastFailure.get());
        }

        /** @return the modem's family and identification, once it was opened */
        public Optional<ModemFamily.Identified> identified() {
            return Optional.ofNullable(which);
        }

        /**
         * @param timeout the longest wait
         * @return true when the line's supervisor stopped (closed)
         * @throws InterruptedException when interrupted
         */
        public boolean awaitStopped(Duration timeout) throws InterruptedException {
            ModemSupervisor s = supervisor;
            return s == null || s.awaitStopped(timeout);
        }
    }

    /** Hands a saved message to the pipeline in the call's thread, then tells the listener. */
    private final class SavingListener implements VoicemailListener {
        private final Line line;
        private final VoicemailListener next;

        SavingListener(Line line, VoicemailListener next) {
            this.line = line;
            this.next = next;
        }

        @Override
        public void greetingStarted(String callId) {
            next.greetingStarted(callId);
        }

        @Override
        public void greetingSkipped(String callId, char key) {
            next.greetingSkipped(callId, key);
        }

        @Override
        public void recordingStarted(String callId, String messageId) {
            next.recordingStarted(callId, messageId);
        }

        @Override
        public void recordingProgress(String callId, Duration recorded) {
            next.recordingProgress(callId, recorded);
        }

        @Override
        public void recordingEnded(String callId, Recording recording) {
            next.recordingEnded(callId, recording);
        }

        @Override
        public void messageSaved(VoicemailMessage m) {
            // before the call flow ends: whoever waits for the call finds the message submitted
            line.lastSaved.set(m);
            if (line.box.pipeline != null) {
                line.box.pipeline.submit(m);
            }
            next.messageSaved(m);
        }

        @Override
        public void noMessage(String callId, NoMessageReason reason) {
            next.noMessage(callId, reason);
        }

        @Override
        public void failed(String callId, VoicemailException failure) {
            next.failed(callId, failure);
        }
    }

    private void callFlow(Line line, CallFlowEvent e) {
        if (e.state() == CallFlowState.DISCONNECTED) {
            e.result().ifPresent(line.status::callEnded);
        }
        config.listener.callFlow(line, e);
        if (e.state() == CallFlowState.DISCONNECTED) {
            firstCall.complete(e);
        }
    }

    /**
     * Checks the storage, opens the mailboxes (recovering interrupted recordings, queueing what
     * was stored without a notification), writes the status file and starts every line's
     * supervisor; none waits for another, and a modem absent at start is retried like a lost one
     * ({@link #awaitModems} tells how many came up).
     *
     * @return this
     * @throws StorageUnusableException when a mailbox cannot keep a message (nothing stays open)
     * @throws IllegalStateException    when started twice
     */
    public synchronized AnsweringMachine start() {
        if (started) {
            throw new IllegalStateException("the answering machine was started already");
        }
        started = true;
        try {
            open();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    private void open() {
        List<MachineLine> specs = config.lines.isEmpty() ? List.of() : config.lines;
        // every directory is checked before anything is created or opened
        for (Path dir : directories(specs)) {
            StorageCheck.Result r = StorageCheck.probeDirectory(dir, StorageCheck.MARGIN_BYTES);
            if (!r.ok()) {
                throw new StorageUnusableException(r, null);
            }
        }
        for (Path dir : directories(specs)) {
            MessageStore store;
            try {
                store = config.decorateStore.apply(config.store.apply(dir));
            } catch (RuntimeException e) {
                throw new StorageUnusableException(StorageCheck.Result.unusable(dir.toString(), e.getMessage()), e);
            }
            mailboxes.put(dir, new Box(dir, store));
        }
        if (config.statusFile && config.directory != null) {
            status = StatusFile.start(config.directory, config.clock);
        }
        if (specs.isEmpty()) { // a PBX app's own modem runs the handler: nothing to open
            Line external = new Line(MachineLine.builder(Path.of("(external)")).build(), mailboxes.get(home()),
                    status != null ? status : NO_STATUS);
            external.firstAttempt.countDown();
            lines.add(external);
        }
        for (MachineLine spec : specs) {
            StatusEntry entry = status == null ? NO_STATUS
                    : spec.name().isPresent() ? status.line(spec.name().get()) : status;
            lines.add(new Line(spec, mailboxes.get(directoryOf(spec)), entry));
        }
        // the longest message, plus what is kept free, must fit everywhere before a call is taken
        for (Line l : lines) {
            StorageCheck.Result r = l.voicemail.storageCheck().checkNow();
            if (!r.ok()) {
                throw new StorageUnusableException(r, null);
            }
        }
        for (Box b : mailboxes.values()) {
            openPipeline(b);
            if (config.keepHeard != null) {
                b.retention = Retention.builder(b.store, config.keepHeard).clock(config.clock)
                        .remover(b.view::delete)
                        .listener(m -> config.listener.retentionDeleted(b.view, m))
                        .build().start();
            }
        }
        for (Line line : lines) {
            if (!specs.isEmpty()) {
                line.supervisor = ModemSupervisor.builder(() -> modemConfig(line))
                        .backoff(config.backoff, config.maxBackoff)
                        .listener((from, to, cause) -> changed(line, from, to, cause))
                        .startRetrying();
            }
        }
    }

    private static final StatusEntry NO_STATUS = new StatusEntry() {
        @Override
        public void modem(String port, String dialect, String identification) {
        }

        @Override
        public void state(String state) {
        }

        @Override
        public void reconnected() {
        }

        @Override
        public void callEnded(io.github.modemvoice.routing.CallOutcome outcome) {
        }

        @Override
        public void error(String message) {
        }
    };

    private Path home() {
        if (config.directory == null) {
            throw new IllegalStateException("directory(...) is required");
        }
        return config.directory.toAbsolutePath().normalize();
    }

    private Path directoryOf(MachineLine spec) {
        return spec.directory().map(d -> d.toAbsolutePath().normalize()).orElseGet(this::home);
    }

    private List<Path> directories(List<MachineLine> specs) {
        if (specs.isEmpty()) {
            return List.of(home());
        }
        return specs.stream().map(this::directoryOf).distinct().toList();
    }

    private void openPipeline(Box b) {
        for (VoicemailMessage m : b.store.recover()) {
            config.listener.recovered(b.view, m);
        }
        List<Notifier> notifiers = new ArrayList<>(config.notifiers.apply(b.store));
        notifiers.replaceAll(config.decorateNotifier);
        boolean transcribing = config.transcriber.isPresent();
        if (notifiers.isEmpty() && !transcribing) {
            return;
        }
        // every channel goes through a durable queue: the database's own with a JDBC store
        if (notifiers.isEmpty()) {
            b.outbox = new TranscriptOnlyQueue(b.store, config.clock.instant());
        } else if (b.store instanceof JdbcMessageStore jdbc) {
            JdbcOutbox.Builder ob = JdbcOutbox.builder(jdbc);
            notifiers.forEach(ob::notifier);
            JdbcOutbox rows = ob.build();
            rows.start();
            b.outbox = rows;
        } else {
            Outbox file = openOutbox(b.directory, notifiers);
            file.start();
            b.outbox = file;
        }
        MessagePipeline.Builder pb = MessagePipeline.builder(b.store, b.outbox).catchUpEvery(CATCH_UP_EVERY)
                .drainTimeout(Duration.ofSeconds(20)).transcriptionTimeout(config.transcribeTimeout);
        config.transcriber.ifPresent(pb::transcriber);
        if (Files.isDirectory(b.directory)) {
            pb.workDirectory(b.directory); // a database's audio is copied here to be transcribed, not to /tmp
        }
        b.pipeline = pb.build();
        // recovered messages, and any a kill left stored but not queued, go out now
        List<String> queued = b.pipeline.catchUp();
        if (!queued.isEmpty()) {
            config.listener.caughtUp(b.view, queued.size(), !notifiers.isEmpty());
        }
    }

    /**
     * The outbox beside a message directory, {@code <dir>/outbox}, delivering to every notifier
     * (not started).
     *
     * @param dir       the message directory
     * @param notifiers the channels
     * @return the outbox
     */
    public static Outbox openOutbox(Path dir, List<Notifier> notifiers) {
        Outbox.Builder b = Outbox.builder(Outbox.besideMessages(dir));
        notifiers.forEach(b::notifier);
        return b.build();
    }

    /** A fresh configuration for every open: new transports, the dialect resolved once the modem answered. */
    private ModemConfig modemConfig(Line line) {
        MachineLine spec = line.spec;
        ModemFamily.Identified which = line.which;
        if (which == null) {
            which = identify(spec);
            line.which = which;
            line.status.modem(spec.atPort().toString(), which.family().cliName(), which.identification());
            config.listener.modemIdentified(line, which, spec.family().isEmpty());
        }
        Dialect d = which.dialect();
        if (d.needsAudioPort() && spec.audioPort().isEmpty()) {
            throw new ModemVoiceException("the modem on " + spec.atPort() + " is a " + d.name()
                    + " modem: it needs an audio port (its PCM audio travels on a second serial port)");
        }
        return config.modem.apply(ModemConfig.builder()
                        .atPort(config.ports.open(spec.atPort(), spec.baud()))
                        .audioPort(d.needsAudioPort() ? config.ports.open(spec.audioPort().get(), spec.baud()) : null)
                        .dialect(d)
                        .handler(line.handler))
                .build();
    }

    private ModemFamily.Identified identify(MachineLine spec) {
        if (spec.family().isPresent()) {
            ModemFamily family = spec.family().get();
            // analog modems differ in their voice formats: ask the model so AT+VSM fits it
            String id = family == ModemFamily.V253 ? ModemFamily.identification(config.ports.open(spec.atPort(), spec.baud())) : "";
            return new ModemFamily.Identified(family, id);
        }
        try {
            return ModemFamily.detect(config.ports.open(spec.atPort(), spec.baud()));
        } catch (ModemVoiceException e) {
            throw new ModemVoiceException("dialect detection on " + spec.atPort() + " failed: " + e.getMessage(), e);
        }
    }

    private void changed(Line line, ModemSupervisor.State from, ModemSupervisor.State to, Optional<Throwable> cause) {
        String port = line.spec.atPort().toString();
        if (from == to) { // a failed attempt
            cause.ifPresent(line.lastFailure::set);
            line.status.error("cannot open or initialise the modem on " + port + ": "
                    + cause.map(Throwable::getMessage).orElse("unknown"));
            line.status.state(ModemSupervisor.State.RECONNECTING.name()); // where the supervisor goes next
        } else {
            line.status.state(to.name());
            if (to == ModemSupervisor.State.UP && line.everUp) { // the supervisor counts this one as a reconnect too
                line.status.reconnected();
            } else if (to == ModemSupervisor.State.DOWN && !closed) {
                line.status.error("the modem on " + port + " was lost");
            }
        }
        config.listener.modemChanged(line, from, to, cause); // sees everUp and the first attempt as they were
        if (to == ModemSupervisor.State.UP) {
            line.everUp = true;
        }
        if (from == to || to == ModemSupervisor.State.UP) {
            line.firstAttempt.countDown();
        }
    }

    /**
     * Waits until every line has had its first attempt at opening its modem.
     *
     * @param limit the longest wait
     * @return how many lines are up
     * @throws InterruptedException when interrupted
     */
    public int awaitModems(Duration limit) throws InterruptedException {
        Deadline deadline = Deadline.after(limit);
        for (Line l : lines()) {
            l.firstAttempt.await(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        }
        return (int) lines().stream().filter(l -> l.state() == ModemSupervisor.State.UP).count();
    }

    /**
     * @param limit the longest wait
     * @return the final event of the first call that ended on any line, or empty
     * @throws InterruptedException when interrupted
     */
    public Optional<CallFlowEvent> awaitFirstCall(Duration limit) throws InterruptedException {
        try {
            return Optional.of(firstCall.get(limit.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * @param timeout the longest wait
     * @return true once every line's supervisor stopped
     * @throws InterruptedException when interrupted
     */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        for (Line l : lines()) {
            if (!l.awaitStopped(deadline.remaining())) {
                return false;
            }
        }
        return true;
    }

    /** @return the lines in configuration order (one handler-only line for a machine without lines) */
    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /**
     * @return the after-hours handler of the first line: for a machine without lines, the one
     *         to give a modem of one's own
     * @throws IllegalStateException before {@link #start()}
     */
    public CallHandler callHandler() {
        return first().handler;
    }

    /** @return the mailbox of the machine's directory (or of the first line) */
    public Mailbox mailbox() {
        Box b = mailboxes.get(config.directory == null ? null : home());
        return b != null ? b.view : first().box.view;
    }

    /** @return every mailbox, one per message directory */
    public synchronized List<Mailbox> mailboxes() {
        return mailboxes.values().stream().map(b -> b.view).toList();
    }

    private Line first() {
        List<Line> all = lines();
        if (all.isEmpty()) {
            throw new IllegalStateException("start() the answering machine first");
        }
        return all.get(0);
    }

    /**
     * @return the modems' state in a few words: the one modem's call state ({@code idle},
     *         {@code ringing}, or its supervisor's state while it is not up), or
     *         {@code "3 of 4 modems up"}
     */
    public String summary() {
        List<Line> all = lines();
        if (all.size() == 1) {
            Line l = all.get(0);
            return l.modem().map(m -> m.state().name()).orElse(l.state().name()).toLowerCase(Locale.ROOT);
        }
        long up = all.stream().filter(l -> l.state() == ModemSupervisor.State.UP).count();
        return up + " of " + all.size() + " modems up";
    }

    /** @return the mailbox holding the message (each store asked once), else the first line's */
    private Box boxOf(VoicemailMessage m) {
        for (Box b : mailboxes.values()) {
            if (b.store.get(m.id()).isPresent()) {
                return b;
            }
        }
        return first().box;
    }

    /**
     * Waits, bounded by the transcription timeout, until a message is transcribed (or its
     * transcription failed).
     *
     * @param m a stored message
     * @return the message as now stored
     */
    public VoicemailMessage awaitTranscript(VoicemailMessage m) {
        Box b = boxOf(m);
        if (config.transcriber.isEmpty() || b.pipeline == null) {
            return m;
        }
        Deadline deadline = Deadline.after(config.transcribeTimeout.plusSeconds(5));
        try {
            b.pipeline.submit(m).get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // told below by what the store holds
        }
        VoicemailMessage now = b.store.get(m.id()).orElse(m);
        while (b.outbox.preparesAtDelivery() && now.transcript().isEmpty() && now.transcriptError().isEmpty()
                && !deadline.expired() && !b.outbox.awaitSettled(m.id(), Duration.ofMillis(200))) {
            now = b.store.get(m.id()).orElse(now); // the database's outbox transcribes when it delivers
        }
        return b.store.get(m.id()).orElse(now);
    }

    /**
     * Submits a message's notifications (idempotent) and waits, bounded, until each is settled.
     *
     * @param m     a stored message
     * @param limit the longest wait
     * @return one status per channel (delivered, queued for retry, failed for good); empty
     *         without channels
     */
    public List<DeliveryStatus> awaitNotifications(VoicemailMessage m, Duration limit) {
        Box b = boxOf(m);
        if (b.pipeline == null) {
            return List.of();
        }
        return settle(b.pipeline, b.outbox, m, limit);
    }

    /**
     * @param messageId a stored message's id
     * @return its notifications as the queue holds them now, one per channel (empty without
     *         channels, or before the message was queued)
     */
    public List<DeliveryStatus> deliveries(String messageId) {
        for (Box b : mailboxes.values()) {
            if (b.outbox != null && b.store.get(messageId).isPresent()) {
                return b.outbox.status(messageId);
            }
        }
        return List.of();
    }

    /**
     * Submits (idempotent), waits for the queue to settle, and tells each channel's state.
     *
     * @param pipeline the pipeline
     * @param outbox   its queue
     * @param m        the message
     * @param limit    the longest wait
     * @return one status per channel
     */
    public static List<DeliveryStatus> settle(MessagePipeline pipeline, NotificationQueue outbox, VoicemailMessage m,
                                              Duration limit) {
        Deadline deadline = Deadline.after(limit);
        try {
            pipeline.submit(m).get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // told by the outbox's own records
        }
        outbox.awaitSettled(m.id(), deadline.remaining());
        return outbox.status(m.id());
    }

    /**
     * Stops every line in parallel (a recording in progress on any of them is stored first),
     * then drains and closes the mailboxes and marks the status file {@code STOPPED}. Idempotent.
     */
    @Override
    public void close() {
        List<Line> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = List.copyOf(lines);
        }
        List<Thread> stopping = new ArrayList<>();
        for (Line l : all) {
            ModemSupervisor s = l.supervisor;
            if (s != null) { // in parallel: each may wait for its call's message to be stored
                Thread t = new Thread(s::close, "modem-voice-stop-" + l.spec.name().orElse("line"));
                t.start();
                stopping.add(t);
            }
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Box b : mailboxes.values()) {
            if (b.retention != null) {
                b.retention.close();
            }
            if (b.pipeline != null) {
                b.pipeline.close();
            }
            if (b.outbox != null) {
                b.outbox.close();
            }
            b.store.close();
        }
        if (status != null) {
            status.state("STOPPED");
        }
    }

    /** Builds an {@link AnsweringMachine}; every part has a default but the directory. */
    public static final class Builder {
        private final List<MachineLine> lines = new ArrayList<>();
        private Path directory;
        private Function<Path, MessageStore> store = DirectoryMessageStore::new;
        private UnaryOperator<MessageStore> decorateStore = UnaryOperator.identity();
        private UnaryOperator<Notifier> decorateNotifier = UnaryOperator.identity();
        private Prompt greeting;
        private UnaryOperator<VoicemailBox.Builder> voicemail = UnaryOperator.identity();
        private BusinessHours businessHours = BusinessHours.never();
        private UnaryOperator<AfterHoursCallHandler.Builder> calls = UnaryOperator.identity();
        private Optional<Transcriber> transcriber = Optional.empty();
        private Duration transcribeTimeout = Duration.ofMinutes(2);
        private Function<MessageStore, List<Notifier>> notifiers = s -> List.of();
        private final List<Notifier> fixedNotifiers = new ArrayList<>();
        private Duration keepHeard;
        private long keepFreeBytes;
        private boolean statusFile = true;
        private MachineListener listener = new MachineListener() {
        };
        private Clock clock = Clock.systemUTC();
        private Ports ports = Ports.serial();
        private UnaryOperator<ModemConfig.Builder> modem = UnaryOperator.identity();
        private Duration backoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * @param line a modem to answer on (repeat for several; none: a PBX app's own modem runs
         *             {@link #callHandler()})
         * @return this builder
         */
        public Builder line(MachineLine line) {
            lines.add(Objects.requireNonNull(line, "line"));
            return this;
        }

        /**
         * @param dir the message directory (also the status file's, and the default of every line)
         * @return this builder
         */
        public Builder directory(Path dir) {
            directory = Objects.requireNonNull(dir, "directory");
            return this;
        }

        /**
         * @param opener opens a mailbox's store, given its directory (default: a
         *               {@link DirectoryMessageStore}; a {@link JdbcMessageStore} uses it as its spool)
         * @return this builder
         */
        public Builder store(Function<Path, MessageStore> opener) {
            store = Objects.requireNonNull(opener, "store");
            return this;
        }

        /**
         * @param d wraps each store once opened (metrics, fault injection)
         * @return this builder
         */
        public Builder decorateStore(UnaryOperator<MessageStore> d) {
            decorateStore = Objects.requireNonNull(d, "decorateStore");
            return this;
        }

        /**
         * @param d wraps every notifier
         * @return this builder
         */
        public Builder decorateNotifier(UnaryOperator<Notifier> d) {
            decorateNotifier = Objects.requireNonNull(d, "decorateNotifier");
            return this;
        }

        /**
         * @param g the greeting of every line that has none of its own (required)
         * @return this builder
         */
        public Builder greeting(Prompt g) {
            greeting = Objects.requireNonNull(g, "greeting");
            return this;
        }

        /**
         * @param v sets the voicemail box's options (lengths, keys, beep, goodbye, caller privacy);
         *          the store, greeting, line name and listener are the machine's. Each call adds
         *          to the earlier ones
         * @return this builder
         */
        public Builder voicemail(UnaryOperator<VoicemailBox.Builder> v) {
            voicemail = then(voicemail, Objects.requireNonNull(v, "voicemail"));
            return this;
        }

        /**
         * @param h the business hours of every line that has none of its own (default: never open)
         * @return this builder
         */
        public Builder businessHours(BusinessHours h) {
            businessHours = Objects.requireNonNull(h, "businessHours");
            return this;
        }

        /**
         * @param c sets the call handler's options (open-hours action, deflect number, caller
         *          screen, caller-id wait); the hours, box and listener are the machine's. Each
         *          call adds to the earlier ones
         * @return this builder
         */
        public Builder calls(UnaryOperator<AfterHoursCallHandler.Builder> c) {
            calls = then(calls, Objects.requireNonNull(c, "calls"));
            return this;
        }

        /**
         * @param t       the speech-to-text engine
         * @param timeout how long one transcription may take
         * @return this builder
         */
        public Builder transcriber(Transcriber t, Duration timeout) {
            transcriber = Optional.of(t);
            transcribeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * @param n a notification channel (webhook, Slack), delivered through the durable queue
         * @return this builder
         */
        public Builder notifier(Notifier n) {
            fixedNotifiers.add(Objects.requireNonNull(n, "notifier"));
            return this;
        }

        /**
         * @param n channels that need the store (e-mail attaches the audio), per mailbox
         * @return this builder
         */
        public Builder notifiers(Function<MessageStore, List<Notifier>> n) {
            notifiers = Objects.requireNonNull(n, "notifiers");
            return this;
        }

        /**
         * @param keep heard messages older than this are deleted (with their notification
         *             records) at start and then hourly; new messages never are
         * @return this builder
         */
        public Builder keepHeard(Duration keep) {
            if (keep.isNegative() || keep.isZero()) {
                throw new IllegalArgumentException("keepHeard must be positive, was " + keep);
            }
            keepHeard = keep;
            return this;
        }

        /**
         * @param bytes disk space to keep free besides the longest message: below it calls are
         *              left ringing, and the machine does not start
         * @return this builder
         */
        public Builder keepFree(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("keepFree must be at least 0, was " + bytes);
            }
            keepFreeBytes = bytes;
            return this;
        }

        /**
         * @param on whether to write {@link StatusFile} in the directory (default true)
         * @return this builder
         */
        public Builder statusFile(boolean on) {
            statusFile = on;
            return this;
        }

        /**
         * @param l hears what happens
         * @return this builder
         */
        public Builder listener(MachineListener l) {
            listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /**
         * @param c what "now" is for the status file, retention and the queues
         * @return this builder
         */
        public Builder clock(Clock c) {
            clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * @param p opens the lines' ports (default: serial ports)
         * @return this builder
         */
        public Builder ports(Ports p) {
            ports = Objects.requireNonNull(p, "ports");
            return this;
        }

        /**
         * @param m adjusts each modem's configuration on every open (call-progress tones,
         *          timeouts); each call adds to the earlier ones
         * @return this builder
         */
        public Builder modem(UnaryOperator<ModemConfig.Builder> m) {
            modem = then(modem, Objects.requireNonNull(m, "modem"));
            return this;
        }

        /**
         * @param initial the first wait before reopening a lost modem (default 1 s), doubled
         * @param max     the longest (default 30 s)
         * @return this builder
         */
        public Builder reconnect(Duration initial, Duration max) {
            backoff = Objects.requireNonNull(initial, "initial");
            maxBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        private static <T> UnaryOperator<T> then(UnaryOperator<T> first, UnaryOperator<T> next) {
            return t -> next.apply(first.apply(t));
        }

        /**
         * @return the machine, not yet started
         * @throws IllegalStateException when the directory or greeting is missing, or several
         *                               lines are given and one has no name
         */
        public AnsweringMachine build() {
            if (directory == null) {
                throw new IllegalStateException("directory(...) is required (messages and the status file)");
            }
            if (greeting == null) {
                throw new IllegalStateException("greeting(...) is required");
            }
            if (lines.size() > 1 && lines.stream().anyMatch(l -> l.name().isEmpty())) {
                throw new IllegalStateException("with several lines every line needs a name");
            }
            if (lines.stream().map(l -> l.name().orElse("")).distinct().count() < lines.size()) {
                throw new IllegalStateException("two lines have the same name");
            }
            List<Notifier> fixed = List.copyOf(fixedNotifiers);
            Function<MessageStore, List<Notifier>> more = notifiers;
            Builder copy = new Builder();
            copy.lines.addAll(lines);
            copy.directory = directory;
            copy.store = store;
            copy.decorateStore = decorateStore;
            copy.decorateNotifier = decorateNotifier;
            copy.greeting = greeting;
            copy.voicemail = voicemail;
            copy.businessHours = businessHours;
            copy.calls = calls;
            copy.transcriber = transcriber;
            copy.transcribeTimeout = transcribeTimeout;
            copy.notifiers = s -> {
                List<Notifier> all = new ArrayList<>(fixed);
                all.addAll(more.apply(s));
                return all;
            };
            copy.keepHeard = keepHeard;
            copy.keepFreeBytes = keepFreeBytes;
            copy.statusFile = statusFile;
            copy.listener = listener;
            copy.clock = clock;
            copy.ports = ports;
            copy.modem = modem;
            copy.backoff = backoff;
            copy.maxBackoff = maxBackoff;
            return new AnsweringMachine(copy);
        }
    }
}
