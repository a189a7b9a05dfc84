package io.github.modemvoice.at;

import io.github.modemvoice.internal.Threads;
import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.OperationInterruptedException;
import io.github.modemvoice.internal.Durations;
import io.github.modemvoice.transport.Transport;
import io.github.modemvoice.transport.TransportLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The AT command channel on one port: one reader thread demultiplexes what the modem sends into
 * the response of the command in flight and unsolicited result codes, which are delivered in
 * arrival order, on one dispatcher thread, to listeners.
 *
 * <p>One command is in flight at a time; callers from several threads queue. The reader bounds
 * its line buffer, strips NUL and other control bytes, tolerates invalid UTF-8, echo and blank
 * lines, and survives listener exceptions. A lost transport completes the command in flight with
 * a {@link TransportLostException}, is reported once to {@link AtListener#transportLost} and
 * makes every later command fail fast.
 *
 * <p>The channel knows V.250 framing and final result codes only. Which other lines are
 * unsolicited result codes (and what they mean) is the dialect's knowledge, given to the builder
 * as a recogniser ({@link Builder#recogniser}) that runs once per line on the reader thread; the
 * lines and what the recogniser made of them go to {@link AtListener}s.
 *
 * <p>The channel owns the transport: {@link #close()} closes it.
 *
 * <p>One file on purpose: the one reader thread's state machine (line mode, data phases, the command in flight, late results absorbed); the pending command ({@code PendingCommand}) is already apart.
 */
public final class AtChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AtChannel.class);
    private static final byte DLE = 0x10;

    private final Transport transport;
    private final Function<String, ?> recogniser;
    private final Duration defaultTimeout;
    private final int maxLineLength;
    private final Thread reader;
    private final ExecutorService dispatcher;
    private final List<AtListener> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock commandLock = new ReentrantLock(true);

    private volatile PendingCommand inFlight;
    private PendingCommand timedOut;
    private long timedOutUntil;
    private static final long LATE_RESULT_GRACE_NANOS = 1_000_000_000L;
    private volatile DataSink dataSink;
    private volatile DleListener dleListener;
    private volatile String lostReason;
    private volatile boolean closed;
    private boolean overlongLogged;
    private boolean listenerFailureLogged;

    private final byte[] line;
    private int lineLength;
    private boolean lineOverflow;
    private boolean pendingDle;
    private boolean swallowLf;

    private AtChannel(Builder b) {
        this.transport = b.transport;
        this.recogniser = b.recogniser;
        this.defaultTimeout = b.defaultTimeout;
        this.maxLineLength = b.maxLineLength;
        this.line = new byte[maxLineLength];
        String name = transport.name();
        this.dispatcher = Executors.newSingleThreadExecutor(Threads.named(name + "-events"));
        this.reader = Threads.daemon(name + "-reader", this::readLoop);
    }

    /**
     * @param transport the port; opened by {@link Builder#start()} when not yet open
     * @return a builder
     */
    public static Builder builder(Transport transport) {
        return new Builder(transport);
    }

    /** Builds and starts an {@link AtChannel}. */
    public static final class Builder {
        private final Transport transport;
        private Function<String, ?> recogniser = line -> V250.isUnsolicited(line) ? line : null;
        private Duration defaultTimeout = Duration.ofSeconds(5);
        private int maxLineLength = 4096;
        private final List<AtListener> listeners = new ArrayList<>();

        private Builder(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
        }

        /**
         * What a line means when it is an unsolicited result code. Called exactly once for each
         * line that is not part of a command's response (lines outside a command, and lines
         * inside one that the recogniser claims: a {@code RING} or a vendor URC arriving between
         * a command and its {@code OK}), on the reader thread, in arrival order; it must not
         * block. Its result (null: not recognised) goes with the line to the listeners. The
         * default knows the V.250 codes only ({@link V250#isUnsolicited}); a dialect passes its
         * parser here.
         *
         * @param recogniser the line's meaning, or null when it is not an unsolicited result code
         * @return this
         */
        public Builder recogniser(Function<String, ?> recogniser) {
            this.recogniser = Objects.requireNonNull(recogniser, "recogniser");
            return this;
        }

        /**
         * @param timeout the timeout of {@link #execute(String)} (default 5 s)
         * @return this
         */
        public Builder defaultTimeout(Duration timeout) {
            this.defaultTimeout = Durations.requirePositive("defaultTimeout", timeout);
            return this;
        }

        /**
         * @param max the longest line kept (default 4096 bytes); longer lines are discarded
         * @return this
         */
        public Builder maxLineLength(int max) {
            if (max < 16) {
                throw new IllegalArgumentException("maxLineLength must be at least 16, was " + max);
            }
            this.maxLineLength = max;
            return this;
        }

        /**
         * Adds a listener before the reader starts, so that no early line is lost.
         *
         * @param listener receives every unsolicited line and the loss of the transport
         * @return this
         */
        public Builder listener(AtListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** @return a running channel (the transport is opened if needed) */
        public AtChannel start() {
            AtChannel ch = new AtChannel(this);
            ch.listeners.addAll(listeners);
            if (!transport.isOpen()) {
                transport.open();
            }
            ch.reader.start();
            return ch;
        }
    }

    /** @return the transport's name */
    public String name() {
        return transport.name();
    }

    /**
     * @param listener receives every unsolicited line in arrival order on the dispatcher thread
     */
    public void addListener(AtListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @param listener a listener added before */
    public void removeListener(AtListener listener) {
        listeners.remove(listener);
    }

    /**
     * Sets the receiver of DLE codes that arrive in command mode (V.253). Null removes it; DLE
     * bytes are then dropped like other control bytes.
     *
     * @param listener the receiver, or null
     */
    public void setDleListener(DleListener listener) {
        this.dleListener = listener;
    }

    /**
     * Runs a task on the dispatcher thread, ordered with the delivery of the reader's lines (used
     * by dialects to publish in-band events they decode themselves, e.g. V.253 DLE codes).
     *
     * @param task the task; must not block for long
     */
    public void post(Runnable task) {
        Objects.requireNonNull(task, "task");
        dispatch("posted task", task);
    }

    /** @return true until the transport is lost or the channel closed */
    public boolean isAlive() {
        return lostReason == null && !closed;
    }

    /**
     * @return true while a command is in flight or another thread holds the command lock (for
     *         upkeep that must not queue behind a caller's command, e.g. a watchdog probe)
     */
    public boolean isBusy() {
        return commandLock.isLocked();
    }

    /** @return why the transport was lost, if it was */
    public Optional<String> lostReason() {
        return Optional.ofNullable(lostReason);
    }

    /**
     * Sends a command with the default timeout.
     *
     * @param command the command without terminator, e.g. {@code ATE0}
     * @return the response, whatever its final result
     * @throws AtTimeoutException     when no final result arrives in time
     * @throws TransportLostException when the port is gone
     */
    public AtResponse execute(String command) {
        return execute(command, defaultTimeout);
    }

    /**
     * Sends a command.
     *
     * @param command the command without terminator
     * @param timeout how long to wait for the final result
     * @return the response, whatever its final result
     */
    public AtResponse execute(String command, Duration timeout) {
        return execute(command, timeout, null);
    }

    /**
     * Sends a command and requires success.
     *
     * @param command the command without terminator
     * @return the successful response
     * @throws AtCommandException naming the command and the error result otherwise
     */
    public AtResponse executeOk(String command) {
        return execute(command, defaultTimeout, null).requireSuccess();
    }

    /**
     * Sends a command and requires success.
     *
     * @param command the command without terminator
     * @param timeout how long to wait for the final result
     * @return the successful response
     */
    public AtResponse executeOk(String command, Duration timeout) {
        return execute(command, timeout, null).requireSuccess();
    }

    /**
     * Sends a command that may enter a data phase: when the final result is {@code CONNECT}, the
     * reader hands every following byte to {@code sink} until it is done, atomically, so that no
     * byte that arrives together with {@code CONNECT} is misread as text.
     *
     * @param command the command without terminator
     * @param timeout how long to wait for the final result
     * @param sink    receives the data phase; null for a plain command
     * @return the response
     */
    public AtResponse execute(String command, Duration timeout, DataSink sink) {
        Objects.requireNonNull(command, "command");
        return send(command, null, timeout, sink);
    }

    private AtResponse send(String command, byte[] rawBytes, Duration timeout, DataSink sink) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        try {
            if (!commandLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AtTimeoutException(command, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationInterruptedException("AT command " + AtCommandException.safeCommand(command), e);
        }
        try {
            awaitLateResultOfTimedOutCommand();
            failIfDead();
            PendingCommand p = new PendingCommand(command, sink);
            inFlight = p;
            byte[] bytes = rawBytes != null ? rawBytes : (command + "\r").getBytes(StandardCharsets.ISO_8859_1);
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} >> {}", transport.name(), AtCommandException.safeCommand(command));
            }
            // the wait for this command's result starts when it is written: the grace given to a
            // timed-out predecessor's late result must not eat it (a re-synchronising "AT" after a
            // timeout would otherwise get no time at all)
            long deadline = System.nanoTime() + timeout.toNanos();
            transport.write(bytes);
            long remaining = Math.max(0, deadline - System.nanoTime());
            try {
                return p.future.get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                synchronized (this) {
                    // its final result may still come: absorb it rather than hand it to the next command
                    timedOut = p;
                    timedOutUntil = System.nanoTime() + LATE_RESULT_GRACE_NANOS;
                }
                throw new AtTimeoutException(command, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationInterruptedException("AT command " + AtCommandException.safeCommand(command), e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TransportLostException) {
                    throw new TransportLostException(transport.name(), lostReason == null ? "lost" : lostReason, cause);
                }
                throw new ModemVoiceException("AT command " + AtCommandException.safeCommand(command) + " failed", cause);
            } finally {
                synchronized (this) {
                    if (inFlight == p) {
                        inFlight = null;
                    }
                }
            }
        } finally {
            commandLock.unlock();
        }
    }

    /**
     * Writes raw bytes (no terminator) as a command of their own and waits for the final result
     * code that follows, like {@link #execute(String, Duration)}. For control sequences whose
     * answer is a result code although they are not AT commands: the {@code DLE ETX} that ends a
     * V.253 transmit phase, or the {@code DLE !} that ends a receive phase (the modem answers
     * {@code OK} or {@code VCON} once it is back in command mode). Serialised with commands; the
     * expectation is registered before the bytes are written, so a fast answer is not lost as
     * an unsolicited line. Lines that arrive first are treated as for any command.
     *
     * @param bytes   the bytes to write, e.g. {@code {0x10, 0x03}}
     * @param label   how the sequence is named in responses, logs and exceptions, e.g.
     *                {@code "<DLE><ETX>"}; never matched as echo
     * @param timeout how long to wait for the final result
     * @return the response, whatever its final result
     * @throws AtTimeoutException     when no final result arrives in time
     * @throws TransportLostException when the port is gone
     */
    public AtResponse executeRaw(byte[] bytes, String label, Duration timeout) {
        Objects.requireNonNull(bytes, "bytes");
        return send(label, bytes.clone(), timeout, null);
    }

    /**
     * Writes raw bytes to the port (voice data in a V.253 transmit phase). Not serialised with
     * commands: only call it while this thread owns the data phase.
     *
     * @param data   bytes
     * @param offset start
     * @param length count
     */
    public void writeRaw(byte[] data, int offset, int length) {
        failIfDead();
        transport.write(data, offset, length);
    }

    /**
     * Enters a data phase without sending a command (for modems that start one on their own).
     *
     * @param sink receives bytes until done
     */
    public void enterDataMode(DataSink sink) {
        this.dataSink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * After a timeout, the modem may still answer the old command. Wait (bounded) for that late
     * final result to be absorbed, so that it is never taken for the next command's result.
     */
    private void awaitLateResultOfTimedOutCommand() {
        synchronized (this) {
            while (timedOut != null) {
                long left = timedOutUntil - System.nanoTime();
                if (left <= 0 || lostReason != null || closed) {
                    timedOut = null;
                    return;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    timedOut = null;
                    return;
                }
            }
        }
    }

    private void failIfDead() {
        if (closed) {
            throw new TransportLostException(transport.name(), "channel closed");
        }
        if (lostReason != null) {
            throw new TransportLostException(transport.name(), lostReason);
        }
    }

    /** Stops the reader and the dispatcher and closes the transport. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        transport.close();
        if (Thread.currentThread() != reader) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dispatcher.shutdown();
        try {
            if (!dispatcher.awaitTermination(2, TimeUnit.SECONDS)) {
                dispatcher.shutdownNow();
            }
        } catch (InterruptedException e) {
            dispatcher.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- reader thread

    /**
     * How long one read may wait: far longer than anything, so that an idle port costs (almost)
     * no wake-ups. The reader needs no timeout: {@link #close()} closes the transport, which ends
     * a waiting read at once, and a lost device ends it too. A serial port waits in the driver's
     * longest slices (25.5 s, see SerialTransport); with the 1 s reads this replaced, it woke ten
     * times a second, ~170 ms of CPU a minute in an idle daemon.
     */
    private static final Duration READ_WAIT = Duration.ofDays(1);

    private void readLoop() {
        byte[] buf = new byte[8192];
        try {
            while (!closed) {
                int n = transport.read(buf, 0, buf.length, READ_WAIT);
                if (n > 0) {
                    feed(buf, 0, n);
                }
            }
        } catch (TransportLostException e) {
            markLost(closed ? "channel closed" : e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{}: reader stopped by an unexpected error", transport.name(), e);
            markLost("reader failed: " + e);
        }
        if (closed) {
            markLost("channel closed");
        }
    }

    private void markLost(String reason) {
        PendingCommand p;
        synchronized (this) {
            if (lostReason != null) {
                return;
            }
            lostReason = reason;
            p = inFlight;
        }
        if (!closed) {
            LOG.warn("{}: transport lost: {}", transport.name(), reason);
        }
        if (p != null) {
            p.future.completeExceptionally(new TransportLostException(transport.name(), reason));
        }
        DataSink sink = dataSink;
        if (sink != null) {
            dataSink = null;
            try {
                sink.transportLost(reason);
            } catch (RuntimeException e) {
                LOG.warn("{}: data sink failed on transport loss", transport.name(), e);
            }
        }
        dispatch("transport lost", () -> {
            for (AtListener l : listeners) {
                deliverSafely(l, "transport lost", () -> l.transportLost(reason));
            }
        });
    }

    /** Package-private for tests and benchmarks: feeds bytes as if read from the port. */
    void feed(byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            DataSink sink = dataSink;
            if (sink != null) {
                if (swallowLf) {
                    swallowLf = false;
                    if (buf[i] == '\n') {
                        i++;
                        continue;
                    }
                }
                int consumed;
                try {
                    consumed = sink.accept(buf, i, end - i);
                } catch (RuntimeException e) {
                    LOG.warn("{}: data sink failed; leaving data mode", transport.name(), e);
                    consumed = end - i;
                    dataSink = null;
                }
                if (consumed < 0 || consumed > end - i) {
                    consumed = end - i;
                }
                i += consumed;
                if (sink.isDone() || consumed == 0) {
                    dataSink = null;
                }
                continue;
            }
            byte b = buf[i++];
            if (pendingDle) {
                pendingDle = false;
                DleListener dl = dleListener;
                if (dl != null) {
                    try {
                        dl.onDle(b & 0xFF);
                    } catch (RuntimeException e) {
                        LOG.warn("{}: DLE listener failed", transport.name(), e);
                    }
                }
                continue;
            }
            if (b == DLE && dleListener != null) {
                pendingDle = true;
                continue;
            }
            if (b == '\r' || b == '\n') {
                endOfLine();
                if (b == '\r' && dataSink != null) {
                    swallowLf = true; // "CONNECT" CR LF: the LF belongs to the result code, not the data
                }
                continue;
            }
            if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7F) {
                continue; // NUL and other control bytes are noise on an AT line
            }
            if (lineLength < maxLineLength) {
                line[lineLength++] = b;
            } else {
                if (!lineOverflow && !overlongLogged) {
                    overlongLogged = true;
                    LOG.warn("{}: discarding a line longer than {} bytes (noise?); further ones are discarded silently",
                            transport.name(), maxLineLength);
                }
                lineOverflow = true;
            }
        }
    }

    private void endOfLine() {
        if (lineOverflow) {
            lineOverflow = false;
            lineLength = 0;
            return;
        }
        if (lineLength == 0) {
            return;
        }
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8).strip();
        lineLength = 0;
        if (!text.isEmpty()) {
            processLine(text);
        }
    }

    private void processLine(String text) {
        PendingCommand p = inFlight;
        if (p != null && !p.future.isDone()) {
            if (!p.echoSeen && text.equalsIgnoreCase(p.command)) {
                p.echoSeen = true;
                return;
            }
            FinalResult fr = p.finalResult(text);
            if (fr != null) {
                Optional<Integer> code = Optional.empty();
                if (fr == FinalResult.CME_ERROR || fr == FinalResult.CMS_ERROR) {
                    String n = text.substring(text.indexOf(':') + 1).strip();
                    if (n.matches("\\d{1,6}")) {
                        code = Optional.of(Integer.parseInt(n));
                    }
                }
                AtResponse response = new AtResponse(p.command, p.lines, fr, text, code);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{} << {} ({} lines)", transport.name(), text, p.lines.size());
                }
                if (fr == FinalResult.CONNECT && p.sink != null) {
                    dataSink = p.sink;
                }
                p.future.complete(response);
                return;
            }
            if (p.responsePrefix != null && text.regionMatches(true, 0, p.responsePrefix, 0, p.responsePrefix.length())) {
                p.lines.add(text);
                return;
            }
            Object meaning = recognise(text);
            if (meaning != null) {
                dispatchLine(text, meaning);
                return;
            }
            p.lines.add(text);
            return;
        }
        synchronized (this) {
            if (timedOut != null && timedOut.finalResult(text) != null) {
                LOG.debug("{}: late result {} of timed-out {} discarded", transport.name(), text,
                        AtCommandException.safeCommand(timedOut.command));
                timedOut = null;
                notifyAll();
                return;
            }
        }
        dispatchLine(text, recognise(text));
    }

    private Object recognise(String text) {
        try {
            return recogniser.apply(text);
        } catch (RuntimeException e) {
            LOG.warn("{}: URC recogniser failed on a line of {} chars", transport.name(), text.length(), e);
            return null;
        }
    }

    private void dispatchLine(String text, Object meaning) {
        dispatch("line", () -> {
            for (AtListener l : listeners) {
                deliverSafely(l, "line", () -> l.unsolicited(text, meaning));
            }
        });
    }

    private void dispatch(String what, Runnable task) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} dispatch {}", transport.name(), what);
        }
        try {
            dispatcher.execute(() -> deliverSafely(null, what, task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("{}: {} after close dropped", transport.name(), what);
        }
    }

    private void deliverSafely(AtListener l, String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            if (!listenerFailureLogged) {
                listenerFailureLogged = true;
                LOG.warn("{}: a listener threw on a {}; the channel keeps going (logged once)",
                        transport.name(), what, e);
            } else {
                LOG.debug("{}: listener failure", transport.name(), e);
            }
        }
    }
}
