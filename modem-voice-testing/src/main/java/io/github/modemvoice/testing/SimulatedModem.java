package io.github.modemvoice.testing;

import io.github.modemvoice.internal.Threads;
import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.PhoneNumbers;
import io.github.modemvoice.audio.MonotonicClock;
import io.github.modemvoice.audio.PlaybackPacer;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.dialect.v253.V253AudioChannel;
import io.github.modemvoice.internal.Deadline;
import io.github.modemvoice.testing.MockTransport;
import io.github.modemvoice.transport.SerialConfig;
import io.github.modemvoice.transport.SerialTransport;
import io.github.modemvoice.transport.Transport;
import io.github.modemvoice.transport.TransportLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A simulated voice modem (GSM: SIMCom or Quectel; analog ITU-T V.253: USRobotics or Conexant;
 * see {@link ModemModel}, played by a persona) that plays scripted callers against a host: the library's {@code Modem},
 * a PBX app under test, or the command-line interface in another process.
 *
 * <p><b>Two wirings.</b> {@link Builder#onMockTransports()}: the host talks to
 * {@link #hostAtPort()} and {@link #hostAudioPort()}, two {@link MockTransport}s whose other side
 * is this simulator; fast and deterministic, for unit tests. {@link Builder#onPseudoTerminals()}:
 * the simulator starts two socat pseudo-terminal pairs, opens their modem ends itself, and the
 * host opens {@link #hostAtPath()} and {@link #hostAudioPath()} like real devices (through
 * {@code SerialTransport}, possibly in another process). The V.253 variants have no PCM port:
 * one pseudo-terminal pair, {@link #hostAudioPort()} is null and {@link #hostAudioPath()} empty.
 *
 * <pre>{@code
 * try (SimulatedModem sim = SimulatedModem.builder(Persona.SIMCOM).onMockTransports();
 *      Modem modem = Modem.open(ModemConfig.builder()
 *              .atPort(sim.hostAtPort()).audioPort(sim.hostAudioPort())
 *              .dialect(sim.dialect()).handler(myHandler).build())) {
 *     sim.placeCall(CallScript.builder().caller("+4915112344567").ending(CallScript.Ending.KEY).build());
 *     SimulatedCallReport report = sim.awaitCallEnded(Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p><b>Protocol.</b> Every initialisation command the library's GSM dialects send is answered
 * {@code OK} ({@code AT+DDET} optionally {@code ERROR}, as SIM7600 firmware does); echo follows
 * {@code ATE0}/{@code ATE1}; {@code ATI}, {@code AT+CGMI}, {@code AT+CGMM}, {@code AT+CGMR}
 * identify the variant; {@code AT+CLCC} lists the call while one is up; {@code ATA},
 * {@code AT+CHUP}/{@code ATH}, {@code AT+CTFR="..."}, {@code AT+VTS=x} and the variant's PCM
 * commands act on the call. Anything else is answered {@code ERROR} and recorded
 * ({@link #unknownCommands()}).
 *
 * <p><b>V.253 protocol.</b> {@code AT+FCLASS=8}, {@code AT+VCID=0|1}, {@code AT+VSD=...} and
 * {@code AT+VLS=0} are answered {@code OK}; {@code AT+VSM=<cml>,8000} selects the 8-bit format
 * (what {@link V253Wire} lists for the persona: bytes as the real modem sends them; others
 * {@code ERROR}); {@code ATI}/{@code ATI0} give the product code and {@code ATI3} the
 * identification text ({@code AT+CGMI}/{@code AT+CGMM}/{@code AT+CGMR}: {@code ERROR}, as on the
 * real modems). The caller id goes out after the first {@code RING} as {@code DATE=},
 * {@code TIME=}, {@code NMBR=} (and on the USRobotics {@code NAME=}) lines; a missed call just
 * stops ringing. {@code AT+VLS=1} answers ({@code VCON} / {@code OK}); {@code AT+VTX} answers
 * {@code CONNECT}, then the host's DLE-shielded audio is recorded (converted to 16-bit PCM) until
 * {@code DLE ETX} ({@code DLE CAN DLE ETX} on an abort), answered {@code OK}; {@code AT+VRX}
 * answers {@code CONNECT}, and only while the host receives does the caller's audio flow,
 * DLE-shielded, with the caller's key ({@code DLE #}) and hangup ({@code DLE b} / {@code DLE d})
 * inline, until the host's {@code DLE !} (or {@code DLE ^}), answered {@code DLE ETX OK};
 * {@code ATH} goes on hook. The host's DLE sequences appear in {@link #commands()} as
 * {@code <DLE><ETX>}, {@code <DLE><CAN>}, {@code <DLE>!}. The caller speaks when the host starts
 * receiving (or after {@link CallScript#speakAfter()}), not after a pause in the host's audio.
 *
 * <p><b>Time.</b> The caller's audio is paced in 20 ms frames against the
 * {@link Builder#monotonicClock(MonotonicClock) monotonic clock}. A virtual clock in tests makes
 * the pacing instant; the audio then still runs at most ten times faster than real time (after
 * a 200 ms lead) and, over mocks, waits for the host to read what was sent, so that the host's
 * recorder keeps up. Waiting for the host (rings, the pause after its prompts, its hangup) is
 * measured in real time.
 *
 * <p>One call at a time. {@link #close()} switches the modem off: it ends a call in progress and
 * ends both ports (end of file over mocks; socat stopped over pseudo-terminals).
 *
 * <p>One file on purpose: the core (a call's phases, the host's audio log, the streamer pacing the caller's audio) shares one lock and one call state; the personas' command sets, the links (mock, pty) and the wire formats are already in their own files. The streamer is the next piece to move out.
 */
public final class SimulatedModem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedModem.class);
    private static final int FRAME_BYTES = 320;
    private static final int BYTES_PER_SECOND = 16000;
    private static final int SPEED_LIMIT = 10;
    /**
     * Peak amplitude of each frequency of an exchange tone (about -23 dBFS RMS: tones are sent at
     * about -20 dBm0 and full scale of the G.711 codecs is +3.14 dBm0, ITU-T G.711).
     */
    private static final double LINE_TONE_AMPLITUDE = 0.1;
    private static final int SPEED_LEAD_MILLIS = 200;
    private static final Duration AUDIO_ON_TIMEOUT = Duration.ofSeconds(10);
    private static final DateTimeFormatter MISSED_TIME = DateTimeFormatter.ofPattern("h:mma", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CID_DATE = DateTimeFormatter.ofPattern("MMdd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CID_TIME = DateTimeFormatter.ofPattern("HHmm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final byte DLE = 0x10;
    private static final byte ETX = 0x03;
    private static final byte CAN = 0x18;
    /** With {@link Builder#ringsTwice}: how long after the two {@code RING} lines the caller id comes. */
    private static final Duration DUPLICATE_RING_CALLER_ID_LAG = Duration.ofMillis(300);

    private final Persona variant;
    final boolean ddetError;
    private final boolean ringsTwice;
    private final MonotonicClock mono;
    private final Clock clock;
    private final SimListener listener;
    private final SimLink link;

    final Object lock = new Object();
    private boolean echo;
    private boolean closed;
    private boolean dropped;
    private final List<String> commands = new ArrayList<>();
    private final List<String> unknown = new ArrayList<>();
    private CallRun current;
    private CompletableFuture<SimulatedCallReport> lastCall;
    private final HostAudioLog hostAudioLog = new HostAudioLog();
    private final HostInput input = new HostInput();
    /** Caller id reporting ({@code AT+CLIP=1}); a GSM module starts with it off. Guarded by the lock. */
    boolean clipOn;
    /** The service class ({@code AT+FCLASS}); an analog modem starts in data mode, 0. Guarded by the lock. */
    int fclass;
    // V.253 line and voice state (guarded by lock): off hook, which voice phase, the 8-bit format
    boolean offHook;
    Voice voice = Voice.COMMAND;
    V253Wire format;

    private SimulatedModem(Builder b, boolean pty) {
        this.variant = b.variant;
        this.ddetError = b.ddetError;
        this.ringsTwice = b.ringsTwice;
        this.mono = b.mono;
        this.clock = b.clock;
        this.listener = b.listener;
        this.echo = b.echo;
        this.format = variant.isV253() ? V253Wire.resetDefault() : null;
        if (pty) {
            PtySimLink l = new PtySimLink(this);
            this.link = l;
            l.startReaders();
        } else {
            this.link = new MockSimLink(this);
        }
    }

    /**
     * @param model the modem model to imitate (from the family registry)
     * @return a builder
     */
    public static Builder builder(ModemModel model) {
        return new Builder(Persona.of(model));
    }

    static Builder builder(Persona persona) {
        return new Builder(persona);
    }

    /** @return true when {@code socat} is installed, so {@link Builder#onPseudoTerminals()} can work */
    public static boolean pseudoTerminalsAvailable() {
        return PtyBridge.socatAvailable();
    }

    // ------------------------------------------------------------------------------ accessors

    /** @return the modem family imitated */
    public ModemModel model() {
        return variant.modemModel();
    }

    /** @return a new host-side dialect for this simulator ({@code SimcomDialect}, {@code QuectelDialect} or {@code V253Dialect}) */
    public Dialect dialect() {
        return variant.dialect();
    }

    /**
     * The host's AT port. Over mocks it is the same {@link MockTransport} each time (so tests
     * can also assert on it); over pseudo-terminals a new, unopened {@link SerialTransport} on
     * {@link #hostAtPath()} on each call.
     *
     * @return the transport to pass to {@code ModemConfig.atPort}
     */
    public Transport hostAtPort() {
        return link.hostAt();
    }

    /**
     * The host's PCM audio port, like {@link #hostAtPort()}.
     *
     * @return the transport to pass to {@code ModemConfig.audioPort}; null for the V.253
     *         variants, whose audio travels on the AT port
     */
    public Transport hostAudioPort() {
        return link.hostAudio();
    }

    /** @return the device path of the AT port for the host, over pseudo-terminals; empty over mocks */
    public Optional<Path> hostAtPath() {
        return link.hostAtPath();
    }

    /** @return the device path of the PCM port for the host, over pseudo-terminals; empty over mocks and for V.253 */
    public Optional<Path> hostAudioPath() {
        return link.hostAudioPath();
    }

    /** @return every command the host sent, in order, since the simulator started */
    public List<String> commands() {
        synchronized (lock) {
            return List.copyOf(commands);
        }
    }

    /** @return the commands the simulator did not understand (answered {@code ERROR}), in order */
    public List<String> unknownCommands() {
        synchronized (lock) {
            return List.copyOf(unknown);
        }
    }

    /**
     * @return all PCM the host has played since the simulator started (16-bit LE; V.253 audio
     *         converted from the 8-bit wire format)
     */
    public byte[] hostAudio() {
        return hostAudioSince(0);
    }

    private long hostAudioCount() {
        link.syncHostAudio();
        return hostAudioLog.count();
    }

    private byte[] hostAudioSince(long from) {
        link.syncHostAudio();
        return hostAudioLog.since(from);
    }

    /**
     * The module restarts between calls (brown-out, firmware watchdog): it forgets the host's
     * settings (echo back on, caller id off, an analog modem back in data mode, {@code AT+FCLASS?}
     * answering 0) and prints its boot announcements ({@link Persona#bootLines()}: SIMCom
     * {@code RDY}, {@code +CPIN: READY}, {@code SMS DONE}, {@code PB DONE}; Quectel adds
     * {@code +QUSIM: 1} and {@code +QIND:} forms; an analog modem prints nothing).
     *
     * @throws IllegalStateException during a call, or when the simulator is closed or dropped
     */
    public void restart() {
        synchronized (lock) {
            if (closed || dropped) {
                throw new IllegalStateException("the simulated modem is closed or its line was dropped");
            }
            if (current != null) {
                throw new IllegalStateException("restart() is for between calls; a simulated call is in progress");
            }
            echo = true;
            clipOn = false;
            fclass = 0;
            offHook = false;
            voice = Voice.COMMAND;
            persona().bootLines().forEach(this::send);
        }
    }

    /**
     * Forgets what the simulator has logged so far: the host's commands, the audio it played, and
     * the mock ports' write logs. For long simulations (soak tests, benchmarks), which would
     * otherwise keep every byte the host ever wrote; between calls only.
     *
     * @throws IllegalStateException during a call
     */
    public void forgetHistory() {
        synchronized (lock) {
            if (current != null) {
                throw new IllegalStateException("forgetHistory() is for between calls; a simulated call is in progress");
            }
            link.syncHostAudio();
            commands.clear();
            unknown.clear();
            hostAudioLog.clear();
            link.forgetHistory();
        }
    }

    /** @return true from {@link #placeCall} until the call's report is ready */
    public boolean isCallInProgress() {
        synchronized (lock) {
            return current != null;
        }
    }

    // ------------------------------------------------------------------------------ calls

    /**
     * Starts an incoming call that follows the script, on a thread of the simulator; returns at
     * once.
     *
     * @param script what the caller does
     * @throws IllegalStateException when a call is already in progress, or the simulator is
     *                               closed or its line was dropped
     */
    public void placeCall(CallScript script) {
        Objects.requireNonNull(script, "script");
        CallRun run;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the simulated modem is closed");
            }
            if (dropped) {
                throw new IllegalStateException("the simulated modem's line was dropped; start a new simulator");
            }
            if (current != null) {
                throw new IllegalStateException("a simulated call is already in progress");
            }
            run = new CallRun(script, hostAudioCount());
            current = run;
            lastCall = run.done;
        }
        Threads.start("sim-call", () -> runCall(run));
    }

    /**
     * Waits for the call last placed to end.
     *
     * @param timeout the longest wait
     * @return what happened in it
     * @throws IllegalStateException when no call was placed
     * @throws ModemVoiceException   when it does not end in time
     */
    public SimulatedCallReport awaitCallEnded(Duration timeout) {
        CompletableFuture<SimulatedCallReport> f;
        synchronized (lock) {
            f = lastCall;
        }
        if (f == null) {
            throw new IllegalStateException("no simulated call was placed");
        }
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ModemVoiceException("the simulated call did not end within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.github.modemvoice.OperationInterruptedException("awaitCallEnded", e);
        } catch (ExecutionException e) {
            throw new ModemVoiceException("the simulated call failed: " + e.getCause(), e.getCause());
        }
    }

    enum Phase { RINGING, ACTIVE, ENDED }

    /** The V.253 voice state of the AT port: commands, the host transmitting, the host receiving. */
    enum Voice { COMMAND, TX, RX }

    /** One placed call. Mutable state guarded by {@link #lock}. */
    final class CallRun {
        final CallScript script;
        final long hostAudioStart;
        final CompletableFuture<SimulatedCallReport> done = new CompletableFuture<>();
        final List<String> commands = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        final List<SimEvent> events = new ArrayList<>();
        volatile Phase phase = Phase.RINGING;
        boolean answered;
        boolean audioOn;
        boolean hostAudioSeen;
        long answeredNanos;
        SimulatedCallReport.EndedBy endedBy;
        volatile long callerBytes;

        CallRun(CallScript script, long hostAudioStart) {
            this.script = script;
            this.hostAudioStart = hostAudioStart;
        }

        boolean ended() {
            return phase == Phase.ENDED;
        }
    }

    /** Thrown inside the call thread when the line goes away under it. */
    static final class LineLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LineLost(Throwable cause) {
            super(cause);
        }
    }

    private void runCall(CallRun run) {
        try {
            script(run);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LineLost e) {
            LOG.debug("simulated modem: line lost during the call: {}", e.getCause().toString());
            synchronized (lock) {
                end(run, SimulatedCallReport.EndedBy.LINE_DROPPED, SimEvent.Type.LINE_DROPPED);
            }
        } catch (RuntimeException e) {
            LOG.warn("simulated modem: the call script failed", e);
            synchronized (lock) {
                end(run, SimulatedCallReport.EndedBy.SIMULATOR_CLOSED, SimEvent.Type.CALL_ENDED);
            }
        } finally {
            finish(run);
        }
    }

    private void script(CallRun run) throws InterruptedException {
        CallScript s = run.script;
        for (int ring = 1; ring <= s.rings(); ring++) {
            synchronized (lock) {
                if (run.phase != Phase.RINGING) {
                    break;
                }
                send("RING");
                if (ringsTwice) {
                    send("RING"); // the same ring again, as a module reporting URCs on two channels does
                }
                event(run, SimEvent.Type.RINGING, Integer.toString(ring));
            }
            if (ring == 1) {
                if (ringsTwice) {
                    // the caller id trails both reports of the ring: a host that counts them as two rings
                    // decides before it
                    waitUntil(run, () -> run.phase != Phase.RINGING, DUPLICATE_RING_CALLER_ID_LAG);
                }
                synchronized (lock) {
                    List<String> callerId = run.phase == Phase.RINGING ? callerIdLines(s) : List.of();
                    if (!callerId.isEmpty()) {
                        callerId.forEach(this::send);
                        event(run, SimEvent.Type.CALLER_ID, s.withheld() ? "withheld" : PhoneNumbers.redact(s.number()));
                    }
                }
            }
            waitUntil(run, () -> run.phase != Phase.RINGING, s.ringInterval());
        }
        synchronized (lock) {
            if (run.phase == Phase.RINGING) {
                if (variant == Persona.SIMCOM) {
                    send("MISSED_CALL: " + MISSED_TIME.format(clock.instant()) + " " + s.number());
                } else if (variant == Persona.QUECTEL) {
                    send("NO CARRIER");
                } // an analog line just stops ringing
                end(run, SimulatedCallReport.EndedBy.MISSED, SimEvent.Type.MISSED);
                return;
            }
            if (run.ended()) {
                return;
            }
        }
        if (s.ending() == CallScript.Ending.NO_ANSWER) {
            callerHangsUp(run);
            return;
        }
        startKeyPresses(run);
        waitUntil(run, () -> run.audioOn, AUDIO_ON_TIMEOUT);
        awaitHostPrompts(run);
        if (run.ended()) {
            return;
        }
        Streamer streamer = new Streamer(run);
        synchronized (lock) {
            event(run, SimEvent.Type.CALLER_SPEAKING, s.callerAudio().duration().toMillis() + " ms");
        }
        if (!streamer.play(s.callerAudio().pcm())) {
            return;
        }
        synchronized (lock) {
            event(run, SimEvent.Type.CALLER_DONE, "");
        }
        switch (s.ending()) {
            case KEY:
                link.drainAudio();
                synchronized (lock) {
                    if (!sendCallerKey(run, s.finishKey())) {
                        return;
                    }
                }
                streamer.untilHostHangsUp(null);
                break;
            case HANGUP:
                link.drainAudio();
                callerHangsUp(run);
                break;
            case SILENCE:
                streamer.untilHostHangsUp(null);
                break;
            case LENGTH_LIMIT:
                streamer.untilHostHangsUp(s.callerAudio().byteLength() >= FRAME_BYTES
                        ? s.callerAudio().pcm() : Prompt.tone(440, Duration.ofSeconds(1), 0.3).pcm());
                break;
            case LINE_TONE:
                // an analog exchange that does not signal the hang-up: only its tone says so
                LOG.info("simulated caller: hung up; the exchange plays {} into the line", s.lineTone());
                streamer.untilHostHangsUp(s.lineTone().prompt(Duration.ofSeconds(4), LINE_TONE_AMPLITUDE).pcm());
                break;
            case DROP_LINE:
                link.drainAudio();
                dropLine(run);
                break;
            default:
                throw new IllegalStateException("unhandled ending " + s.ending());
        }
    }

    /**
     * Waits until the host's prompts are over: its audio started and paused (V.253: it started
     * receiving), or a fixed delay.
     */
    private void awaitHostPrompts(CallRun run) throws InterruptedException {
        CallScript s = run.script;
        if (s.speakAfter().isPresent()) {
            waitUntil(run, () -> false, s.speakAfter().get());
            return;
        }
        if (variant.isV253()) {
            waitUntil(run, () -> voice == Voice.RX, s.hangupTimeout());
            return;
        }
        long start = System.nanoTime();
        long startCount = run.hostAudioStart;
        boolean seen = false;
        while (!run.ended()) {
            long now = System.nanoTime();
            long count = hostAudioCount();
            if (count > startCount) {
                if (!seen) {
                    seen = true;
                    synchronized (lock) {
                        event(run, SimEvent.Type.HOST_AUDIO, "");
                    }
                }
                if (now - hostAudioLog.lastNanos() >= s.hostPause().toNanos()) {
                    return;
                }
            } else if (now - start >= s.hostPromptTimeout().toNanos()) {
                return;
            }
            synchronized (lock) {
                if (!run.ended()) {
                    lock.wait(10); // polls the host's audio; woken early by the call's end
                }
            }
        }
    }

    /** Streams caller audio in paced 20 ms frames, one schedule for the whole call. */
    private final class Streamer {
        private final CallRun run;
        private final PlaybackPacer pacer = new PlaybackPacer(mono, PlaybackPacer.DEFAULT_FRAME, Duration.ZERO);
        private final byte[] frame = new byte[FRAME_BYTES];
        private final byte[] samples8 = new byte[FRAME_BYTES / 2];
        private final byte[] shielded = new byte[FRAME_BYTES];
        private long frames;
        private long realStart;

        Streamer(CallRun run) {
            this.run = run;
        }

        /** @return false when the call ended before all was sent */
        boolean play(byte[] pcm) throws InterruptedException {
            for (int off = 0; off < pcm.length; off += FRAME_BYTES) {
                int len = Math.min(FRAME_BYTES, pcm.length - off);
                System.arraycopy(pcm, off, frame, 0, len);
                Arrays.fill(frame, len, FRAME_BYTES, (byte) 0);
                if (!sendFrame()) {
                    return false;
                }
            }
            return !run.ended();
        }

        /** Silence (null) or the looped audio, until the host hangs up; then the caller gives up. */
        void untilHostHangsUp(byte[] loop) throws InterruptedException {
            long deadline = System.nanoTime() + run.script.hangupTimeout().toNanos();
            int off = 0;
            while (!run.ended()) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.info("simulated caller: the host did not hang up within {} s; hanging up",
                            run.script.hangupTimeout().toSeconds());
                    callerHangsUp(run);
                    return;
                }
                if (loop == null) {
                    Arrays.fill(frame, (byte) 0);
                } else {
                    if (off + FRAME_BYTES > loop.length) {
                        off = 0;
                    }
                    System.arraycopy(loop, off, frame, 0, FRAME_BYTES);
                    off += FRAME_BYTES;
                }
                if (!sendFrame()) {
                    return;
                }
            }
        }

        /**
         * With a virtual clock the pacing is instant; the host's recorder (which syncs its file
         * every second) must still keep up, so the audio may run at most {@value #SPEED_LIMIT}
         * times faster than real time, after a lead of {@value #SPEED_LEAD_MILLIS} ms.
         */
        private void keepWithinSpeedLimit() throws InterruptedException {
            long now = System.nanoTime();
            if (frames == 0) {
                realStart = now;
            }
            long audioNanos = frames * PlaybackPacer.DEFAULT_FRAME.toNanos();
            long allowedAt = realStart + (audioNanos - TimeUnit.MILLISECONDS.toNanos(SPEED_LEAD_MILLIS)) / SPEED_LIMIT;
            long wait = allowedAt - now;
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }

        private boolean sendFrame() throws InterruptedException {
            if (run.ended()) {
                return false;
            }
            link.awaitAudioRoom();
            pacer.awaitSlot(frames);
            keepWithinSpeedLimit();
            boolean on;
            synchronized (lock) {
                if (run.ended()) {
                    return false;
                }
                on = flowing(run);
                if (on && variant.isV253()) {
                    // in order with the result codes and DLE events on the same port
                    format.encode(frame, 0, samples8, 0, samples8.length);
                    link.sendAt(Arrays.copyOf(shielded, V253AudioChannel.shield(samples8, samples8.length, shielded)));
                }
            }
            frames++;
            if (on) {
                if (!variant.isV253()) {
                    link.sendAudio(frame);
                }
                run.callerBytes += FRAME_BYTES;
            } else {
                // audio only flows while the host has PCM switched on (V.253: while it receives);
                // the caller's time goes on
                waitUntil(run, () -> flowing(run), PlaybackPacer.DEFAULT_FRAME);
            }
            return true;
        }
    }

    /** Whether the caller's audio reaches the host now. Caller holds the lock. */
    private boolean flowing(CallRun run) {
        return variant.isV253() ? voice == Voice.RX && run.phase == Phase.ACTIVE : run.audioOn;
    }

    private void callerHangsUp(CallRun run) {
        synchronized (lock) {
            if (run.ended()) {
                return;
            }
            if (variant.isV253()) {
                // an analog line has no hangup message: the modem hears the exchange's tone
                sendRaw(new String(new char[] {(char) DLE, variant.hangupToneCode()}));
            } else {
                send(variant.remoteHangupLine(callDuration(run)));
            }
            end(run, SimulatedCallReport.EndedBy.CALLER, SimEvent.Type.CALLER_HUNG_UP);
        }
    }

    private void dropLine(CallRun run) {
        synchronized (lock) {
            if (run.ended()) {
                return;
            }
            dropped = true;
            end(run, SimulatedCallReport.EndedBy.LINE_DROPPED, SimEvent.Type.LINE_DROPPED);
        }
        link.drop();
    }

    /**
     * Presses the script's keys at their times after the answer, on a thread of their own, in
     * the persona's form, whatever the audio path is doing (a key may come before the host has
     * switched the audio on).
     */
    private void startKeyPresses(CallRun run) {
        List<CallScript.KeyPress> presses = run.script.presses();
        if (presses.isEmpty()) {
            return;
        }
        Threads.start("sim-keys", () -> {
            try {
                for (CallScript.KeyPress p : presses) {
                    long at;
                    synchronized (lock) {
                        at = run.answeredNanos + p.after().toNanos();
                    }
                    waitUntil(run, () -> false, Duration.ofNanos(Math.max(0, at - System.nanoTime())));
                    synchronized (lock) {
                        if (!sendCallerKey(run, p.key())) {
                            return;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (LineLost e) {
                LOG.debug("line lost while pressing keys");
            }
        });
    }

    /** Waits (real time) until the condition holds or the call ends; false on timeout. */
    private boolean waitUntil(CallRun run, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        synchronized (lock) {
            deadline.await(lock, () -> condition.getAsBoolean() || run.ended());
            return condition.getAsBoolean();
        }
    }

    /** Marks the call ended (once). Caller holds the lock. */
    void end(CallRun run, SimulatedCallReport.EndedBy by, SimEvent.Type type) {
        if (run.ended()) {
            return;
        }
        run.endedBy = by;
        run.phase = Phase.ENDED;
        run.audioOn = false;
        event(run, type, "");
        event(run, SimEvent.Type.CALL_ENDED, by.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        lock.notifyAll();
    }

    private void finish(CallRun run) {
        synchronized (lock) {
            if (!run.ended()) {
                end(run, SimulatedCallReport.EndedBy.SIMULATOR_CLOSED, SimEvent.Type.CALL_ENDED);
            }
        }
        link.settleHostAudio();
        SimulatedCallReport report;
        synchronized (lock) {
            report = new SimulatedCallReport(run.script, run.answered, run.endedBy, run.commands, run.unknown,
                    hostAudioSince(run.hostAudioStart), Duration.ofMillis(run.callerBytes * 1000 / BYTES_PER_SECOND),
                    run.events);
            if (current == run) {
                current = null;
            }
            lock.notifyAll();
        }
        LOG.info("simulated call ended: {}", report);
        run.done.complete(report);
    }

    private String callDuration(CallRun run) {
        long secs = run.answered ? TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - run.answeredNanos) : 0;
        return String.format(Locale.ROOT, "%02d%02d%02d", secs / 3600, secs / 60 % 60, secs % 60);
    }

    /**
     * The caller id after the first ring: {@code +CLIP} (only while the host has it on with
     * {@code AT+CLIP=1}: 27.007 7.6), or V.253 formatted caller id lines.
     */
    private List<String> callerIdLines(CallScript s) {
        if (variant.isV253()) {
            String eq = variant == Persona.V253_USR ? " = " : "=";
            List<String> lines = new ArrayList<>(List.of("DATE" + eq + CID_DATE.format(clock.instant()),
                    "TIME" + eq + CID_TIME.format(clock.instant()), "NMBR" + eq + (s.withheld() ? "P" : s.number())));
            if (variant == Persona.V253_USR) {
                lines.add("NAME" + eq + (s.withheld() ? "P" : "O")); // no name delivered
            }
            return lines;
        }
        if (!clipOn) {
            return List.of();
        }
        if (s.withheld()) {
            return List.of("+CLIP: \"\",128,\"\",0,\"\",1");
        }
        int type = s.number().startsWith("+") ? 145 : 129;
        return List.of("+CLIP: \"" + s.number() + "\"," + type + ",\"\",0,\"\",0");
    }

    static String clccLine(CallScript s, Phase phase) {
        int stat = phase == Phase.RINGING ? 4 : 0;
        int type = s.withheld() ? 128 : s.number().startsWith("+") ? 145 : 129;
        return "+CLCC: 1,1," + stat + ",0,0,\"" + s.number() + "\"," + type;
    }

    /** Records an event and tells the listener. Caller holds the lock. */
    void event(CallRun run, SimEvent.Type type, String detail) {
        SimEvent e = new SimEvent(type, clock.instant(), detail);
        run.events.add(e);
        if (listener != null) {
            try {
                listener.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.warn("simulated modem: listener failed on {}: {}", type, ex.toString());
            }
        }
    }

    /**
     * Sends a key the caller pressed the way the variant reports it (a URC line, or a DLE code
     * in the V.253 voice stream). Caller holds the lock.
     *
     * @return false, sending nothing, when the call is already over
     */
    private boolean sendCallerKey(CallRun run, char key) {
        if (run.ended()) {
            return false;
        }
        if (variant.isV253()) {
            sendRaw(variant.dtmfLine(key));
        } else {
            send(variant.dtmfLine(key));
        }
        event(run, SimEvent.Type.KEY_SENT, String.valueOf(key));
        return true;
    }

    /** Sends a line to the host's AT port. Caller holds the lock (keeps lines in order). */
    private void send(String line) {
        link.sendAt(SimLink.framed(line));
    }

    /** Sends bytes (ISO-8859-1 text, DLE codes) unframed to the host's AT port. Caller holds the lock. */
    private void sendRaw(String text) {
        link.sendAt(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    // ------------------------------------------------------------------------------ AT protocol

    /** A complete command from the host (any thread). */
    void onCommand(String raw) {
        String cmd = raw.strip();
        if (cmd.isEmpty()) {
            return;
        }
        synchronized (lock) {
            CallRun run = record(cmd);
            if (echo) {
                sendRaw(cmd + "\r");
            }
            List<String> reply = answer(cmd, run);
            for (String l : reply) {
                send(l);
            }
        }
    }

    /** Notes a command (or a host DLE sequence) in the logs. Caller holds the lock. @return the current call */
    private CallRun record(String cmd) {
        commands.add(cmd);
        CallRun run = current;
        if (run != null) {
            run.commands.add(cmd);
        }
        return run;
    }

    /** Computes the reply and applies the command. Caller holds the lock. */
    private List<String> answer(String cmd, CallRun run) {
        String u = cmd.toUpperCase(Locale.ROOT);
        Phase phase = run == null ? Phase.ENDED : run.phase;
        switch (u) {
            case "AT":
            case "ATV1":
            case "AT+CMEE=1":
            case "AT+CMEE=2":
            case "AT+CLIP=1":
            case "AT+CLIP=0":
                clipOn = u.endsWith("1");
                return List.of("OK");
            case "AT+CLIP?":
                // 27.007 7.6 read command: +CLIP: <n>,<m>
                return variant.isV253() ? List.of("ERROR") : List.of("+CLIP: " + (clipOn ? 1 : 0) + ",1", "OK");
            case "ATE0":
            case "ATE":
                echo = false;
                return List.of("OK");
            case "ATE1":
                echo = true;
                return List.of("OK");
            case "ATH":
            case "ATH0":
                return hostHangsUp(run, phase);
            default:
                break;
        }
        List<String> reply = variant.isV253() ? V253PersonaCommands.answer(this, u, run, phase)
                : GsmPersonaCommands.answer(this, u, run, phase);
        if (reply != null) {
            return reply;
        }
        unknown.add(cmd);
        if (run != null) {
            run.unknown.add(cmd);
        }
        LOG.debug("simulated modem: unknown command {}", cmd);
        return List.of("ERROR");
    }

    /** The host picked up the ringing call. Caller holds the lock. */
    void answerCall(CallRun run) {
        run.phase = Phase.ACTIVE;
        run.answered = true;
        run.answeredNanos = System.nanoTime();
        event(run, SimEvent.Type.ANSWERED, "");
        lock.notifyAll();
    }

    /** The host's audio is on (PCM switched on; V.253: the first voice phase). Caller holds the lock. */
    void audioOn(CallRun run) {
        if (!run.audioOn) {
            run.audioOn = true;
            event(run, SimEvent.Type.AUDIO_ON, "");
            lock.notifyAll();
        }
    }

    List<String> hostDtmf(CallRun run, Phase phase, String keys) {
        if (phase != Phase.ACTIVE) {
            return List.of("ERROR");
        }
        event(run, SimEvent.Type.HOST_DTMF, keys);
        return List.of("OK");
    }

    List<String> hostHangsUp(CallRun run, Phase phase) {
        if (variant.isV253()) {
            // on hook: ends an answered call; a ringing one rings on (an analog line cannot refuse)
            offHook = false;
            voice = Voice.COMMAND;
            if (phase == Phase.ACTIVE) {
                end(run, SimulatedCallReport.EndedBy.HOST, SimEvent.Type.HOST_HUNG_UP);
            }
            return List.of("OK");
        }
        if (phase == Phase.RINGING) {
            end(run, SimulatedCallReport.EndedBy.HOST_REJECTED, SimEvent.Type.REJECTED);
            return List.of("OK");
        }
        if (phase == Phase.ACTIVE) {
            String duration = callDuration(run);
            end(run, SimulatedCallReport.EndedBy.HOST, SimEvent.Type.HOST_HUNG_UP);
            // SIMCom reports the end of every voice call, whoever ended it
            return variant == Persona.SIMCOM ? List.of("OK", "VOICE CALL: END: " + duration) : List.of("OK");
        }
        return List.of("OK");
    }

    /**
     * The host's bytes on the AT port, in order: command lines in command state; in V.253 voice
     * states DLE-shielded audio ({@code AT+VTX}) or DLE codes ({@code AT+VRX}).
     */
    private final class HostInput {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private boolean dle;

        void feed(byte[] b, int off, int len) {
            synchronized (lock) {
                for (int i = off; i < off + len; i++) {
                    byte x = b[i];
                    if (dle) {
                        dle = false;
                        onDle(x);
                    } else if (x == DLE && variant.isV253()) {
                        dle = true;
                    } else if (voice == Voice.TX) {
                        data.write(x);
                    } else if (voice == Voice.COMMAND) {
                        if (x == '\r') {
                            String cmd = line.toString(StandardCharsets.ISO_8859_1);
                            line.reset();
                            onCommand(cmd);
                        } else if (x != '\n' && line.size() < 1024) {
                            line.write(x);
                        }
                    } // while receiving, the host sends nothing but DLE codes
                }
                flushData();
            }
        }

        private void onDle(byte code) {
            if (voice == Voice.TX && code == DLE) {
                data.write(DLE);
                return;
            }
            flushData();
            String label = "<DLE>" + (code == ETX ? "<ETX>" : code == CAN ? "<CAN>" : String.valueOf((char) code));
            record(label);
            if (voice == Voice.TX && code == ETX) {
                // after DLE CAN a real modem drops what it has not played yet; here all was recorded as it came
                voice = Voice.COMMAND;
                send("OK");
            } else if (voice == Voice.RX && (code == '!' || code == '^')) {
                voice = Voice.COMMAND;
                link.sendAt(new byte[] {DLE, ETX});
                send("OK");
            } else if (code != CAN) {
                LOG.debug("simulated modem: ignored {} from the host in the {} state", label, voice);
            }
        }

        private void flushData() {
            int n = data.size();
            if (n == 0) {
                return;
            }
            byte[] pcm = new byte[n * 2];
            format.decode(data.toByteArray(), 0, pcm, 0, n);
            data.reset();
            hostAudioLog.append(pcm, 0, pcm.length, System.nanoTime());
        }
    }

    /** Switches the modem off: ends a call in progress, ends both ports. Idempotent. */
    @Override
    public void close() {
        CompletableFuture<SimulatedCallReport> pending = null;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (current != null) {
                end(current, SimulatedCallReport.EndedBy.SIMULATOR_CLOSED, SimEvent.Type.CALL_ENDED);
                pending = current.done;
            }
        }
        if (pending != null) {
            try {
                pending.get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("simulated call did not finish on close: {}", e.toString());
            }
        }
        link.close();
    }

    @Override
    public String toString() {
        return "SimulatedModem[" + variant + ", " + link + "]";
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }

    static void joinQuietly(Thread t) {
        try {
            t.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------ for the links

    Persona persona() {
        return variant;
    }

    HostAudioLog hostAudioLog() {
        return hostAudioLog;
    }

    /** Bytes the host wrote to the AT port (commands, and V.253 voice data). */
    void feedHostBytes(byte[] b, int off, int len) {
        input.feed(b, off, len);
    }

    /** The ports went away under the simulator (socat died): the call in progress is dropped. */
    void lineLostUnderneath() {
        synchronized (lock) {
            dropped = true;
            if (current != null) {
                end(current, SimulatedCallReport.EndedBy.LINE_DROPPED, SimEvent.Type.LINE_DROPPED);
            }
        }
    }

    // ------------------------------------------------------------------------------ builder

    /** Builds a {@link SimulatedModem}. */
    public static final class Builder {
        private final Persona variant;
        private boolean ddetError;
        private boolean ringsTwice;
        private boolean echo = true;
        private MonotonicClock mono = MonotonicClock.system();
        private Clock clock = Clock.systemUTC();
        private SimListener listener;

        private Builder(Persona variant) {
            this.variant = Objects.requireNonNull(variant, "variant");
        }

        /**
         * @param error true to answer {@code AT+DDET=...} with {@code ERROR}, as SIM7600
         *              firmware does (SIMCom only; default: {@code OK})
         * @return this
         */
        public Builder ddetAnswersError(boolean error) {
            this.ddetError = error;
            return this;
        }

        /**
         * @param twice true to report each ring as two {@code RING} lines before the caller id,
         *              as modules that send their URCs on two multiplexer channels do
         *              (default: one)
         * @return this
         */
        public Builder ringsTwice(boolean twice) {
            this.ringsTwice = twice;
            return this;
        }

        /**
         * @param on whether the modem starts with command echo on, as real modems do (default true)
         * @return this
         */
        public Builder echo(boolean on) {
            this.echo = on;
            return this;
        }

        /**
         * @param c paces the caller's audio (a {@code VirtualMonotonicClock} in tests)
         * @return this
         */
        public Builder monotonicClock(MonotonicClock c) {
            this.mono = Objects.requireNonNull(c, "monotonicClock");
            return this;
        }

        /**
         * @param c the wall clock for event times and {@code MISSED_CALL}
         * @return this
         */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * @param l receives each step of each call
         * @return this
         */
        public Builder listener(SimListener l) {
            this.listener = l;
            return this;
        }

        /** @return a simulator whose host ports are {@link MockTransport}s */
        public SimulatedModem onMockTransports() {
            return new SimulatedModem(this, false);
        }

        /**
         * Starts socat for two pseudo-terminal pairs and the simulator's reader threads.
         *
         * @return a simulator whose host ports are device paths ({@link #hostAtPath()}, {@link #hostAudioPath()})
         * @throws ModemVoiceException when socat is not installed (the message says how to install
         *                             it) or does not start
         */
        public SimulatedModem onPseudoTerminals() {
            return new SimulatedModem(this, true);
        }
    }
}
