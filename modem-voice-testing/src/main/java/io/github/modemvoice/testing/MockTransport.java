package io.github.modemvoice.testing;

import io.github.modemvoice.internal.Deadline;
import io.github.modemvoice.internal.Locks;
import io.github.modemvoice.internal.PcmQueue;
import io.github.modemvoice.transport.Transport;
import io.github.modemvoice.transport.TransportLostException;
import io.github.modemvoice.transport.TransportOpenException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A scriptable, deterministic stand-in for a modem port, in the spirit of OkHttp's
 * MockWebServer: enqueue what the modem says when the host writes a command, inject unsolicited
 * lines and raw bytes whenever the test wants, simulate end of file, then assert on everything
 * the host wrote, in order, with timestamps.
 *
 * <pre>{@code
 * MockTransport at = MockTransport.commands("at");
 * at.when("ATA").reply("OK", "VOICE CALL: BEGIN");
 * at.when("AT+CHUP").reply("OK");
 * at.emitLine("RING");
 * ... exercise the code ...
 * assertThat(at.commands()).containsSubsequence("ATA", "AT+CHUP");
 * }</pre>
 *
 * <p>In command mode the host's bytes are split into commands at CR (or LF); every command must
 * match a rule (rules limited with {@link Rule#once()} or {@link Rule#times(int)} are tried
 * first, in the order they were added, then the standing rules), otherwise {@link #write} throws {@link UnscriptedCommandError} (an
 * {@link AssertionError}) naming the command and the rules, and the failure is remembered for
 * {@link #assertNoUnscriptedCommands()}. A DLE pair ({@code 0x10} + one byte) written in
 * command mode is a command of its own, matched as {@link #dle(char)}. A rule may switch the
 * mock into a capture phase (the host then sends DLE-shielded data until {@code DLE ETX}, as in
 * V.253 {@code AT+VTX}). In raw mode ({@link #raw(String)}) writes are recorded, never parsed.
 *
 * <p>One file on purpose: the scripting rules, the capture of DLE-shielded data and the timestamped write log share one lock and the public nested {@code Rule} type that users' tests hold.
 */
public final class MockTransport implements Transport {

    /** A command written by the host that no rule matched. */
    public static final class UnscriptedCommandError extends AssertionError {
        private static final long serialVersionUID = 1L;

        UnscriptedCommandError(String message) {
            super(message);
        }
    }

    /**
     * One host write.
     *
     * @param time     when it happened, by the mock's clock
     * @param nanoTime {@link System#nanoTime()} at that moment (for intervals)
     * @param bytes    the bytes written
     */
    public record Write(Instant time, long nanoTime, byte[] bytes) {
        /** @return the bytes as ISO-8859-1 text */
        public String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "Write[" + time + ", " + bytes.length + " bytes]";
        }
    }

    /**
     * A command the host sent.
     *
     * @param time    when it was complete
     * @param command the command without its terminator
     */
    public record Command(Instant time, String command) {
    }

    /** What the mock does when a command matches. Built fluently from {@link #when(String)}. */
    public final class Rule {
        private final String description;
        private final Predicate<String> matcher;
        private final List<BiConsumer<String, MockTransport>> actions = new ArrayList<>();
        private int remaining = -1;

        private Rule(String description, Predicate<String> matcher) {
            this.description = description;
            this.matcher = matcher;
        }

        /**
         * Answers with these lines, each framed as {@code CR LF line CR LF}.
         *
         * @param lines the modem's lines, e.g. {@code "OK"}
         * @return this rule
         */
        public Rule reply(String... lines) {
            List<String> copy = List.of(lines);
            actions.add((c, m) -> {
                for (String l : copy) {
                    m.emitLine(l);
                }
            });
            return this;
        }

        /**
         * Answers with raw bytes.
         *
         * @param bytes bytes to send to the host
         * @return this rule
         */
        public Rule replyBytes(byte[] bytes) {
            byte[] copy = bytes.clone();
            actions.add((c, m) -> m.emitBytes(copy));
            return this;
        }

        /**
         * Runs arbitrary code when the command arrives (on the writing thread), e.g. to start
         * streaming audio on another mock.
         *
         * @param action receives this mock
         * @return this rule
         */
        public Rule then(Consumer<MockTransport> action) {
            Objects.requireNonNull(action, "action");
            actions.add((c, m) -> action.accept(m));
            return this;
        }

        /**
         * Runs code that receives the command text, for rules matching more than one command
         * ({@link #whenMatches(String)}, {@link #whenAny()}), e.g. a simulated modem that
         * computes its answer. Runs on the writing thread, after the mock's lock is released, so
         * it may emit lines and bytes.
         *
         * @param action receives the command (without terminator) and this mock
         * @return this rule
         */
        public Rule respond(BiConsumer<String, MockTransport> action) {
            actions.add(Objects.requireNonNull(action, "action"));
            return this;
        }

        /**
         * After the replies, captures what the host writes as DLE-shielded data until
         * {@code DLE ETX}; the un-shielded data is added to {@link #captured()}; then these
         * lines are sent.
         *
         * @param linesAfter lines to send when the host ends the data with {@code DLE ETX}
         * @return this rule
         */
        public Rule thenCaptureDleData(String... linesAfter) {
            List<String> after = List.of(linesAfter);
            actions.add((c, m) -> m.startCapture(after));
            return this;
        }

        /**
         * Ends the transport (end of file for the host) after the replies.
         *
         * @return this rule
         */
        public Rule thenEof() {
            actions.add((c, m) -> m.emitEof());
            return this;
        }

        /**
         * Limits the rule to one use; later matching commands fall through to other rules.
         *
         * @return this rule
         */
        public Rule once() {
            return times(1);
        }

        /**
         * Limits the rule to {@code n} uses.
         *
         * @param n how many commands it answers
         * @return this rule
         */
        public Rule times(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("times must be >= 1, was " + n);
            }
            remaining = n;
            return this;
        }

        @Override
        public String toString() {
            return description + (remaining >= 0 ? " (" + remaining + " uses left)" : "");
        }
    }

    private static final byte DLE = 0x10;
    private static final byte ETX = 0x03;

    private final String name;
    private final boolean commandMode;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private final PcmQueue toHost = new PcmQueue(Integer.MAX_VALUE); // unbounded: nothing dropped
    private boolean eofQueued;
    private boolean open;
    private boolean closed;
    private boolean lost;
    /** How many host threads wait in {@link #read} with nothing to read (guarded by the lock). */
    private int readersWaiting;

    private final List<Rule> rules = new ArrayList<>();
    private final List<Write> writes = new ArrayList<>();
    private final List<Command> commands = new ArrayList<>();
    private final List<String> unscripted = new ArrayList<>();
    private final List<byte[]> captures = new ArrayList<>();
    private final ByteArrayOutputStream pendingCommand = new ByteArrayOutputStream();
    private boolean echo;
    private boolean pendingDleInCommand;
    private volatile Consumer<byte[]> writeListener;

    private List<String> captureAfter;
    private ByteArrayOutputStream capture;
    private boolean captureDle;

    private MockTransport(String name, boolean commandMode, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.commandMode = commandMode;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param name a name for messages, e.g. {@code "at"}
     * @return a mock of an AT command port
     */
    public static MockTransport commands(String name) {
        return new MockTransport(name, true, Clock.systemUTC());
    }

    /**
     * @param name  a name for messages
     * @param clock the clock that stamps writes
     * @return a mock of an AT command port
     */
    public static MockTransport commands(String name, Clock clock) {
        return new MockTransport(name, true, clock);
    }

    /**
     * @param name a name for messages, e.g. {@code "pcm"}
     * @return a mock of a raw data port (audio): writes are recorded, never parsed
     */
    public static MockTransport raw(String name) {
        return new MockTransport(name, false, Clock.systemUTC());
    }

    /**
     * @param command the exact command, e.g. {@code "ATA"} (case-sensitive, without CR)
     * @return a rule to complete with replies
     */
    public Rule when(String command) {
        Objects.requireNonNull(command, "command");
        return addRule(new Rule("\"" + printable(command) + "\"", command::equals));
    }

    /**
     * @param regex a regular expression the whole command must match
     * @return a rule to complete with replies
     */
    public Rule whenMatches(String regex) {
        Pattern p = Pattern.compile(regex);
        return addRule(new Rule("/" + regex + "/", c -> p.matcher(c).matches()));
    }

    /**
     * A rule matching every command. Like any standing rule it is tried after the limited
     * ones and in the order rules were added, so a catch-all added first shadows standing rules
     * added after it; combine it with {@link Rule#respond(BiConsumer)} to compute answers.
     *
     * @return a rule to complete with replies or a responder
     */
    public Rule whenAny() {
        return addRule(new Rule("any command", c -> true));
    }

    /**
     * @param code the byte after DLE, e.g. {@code '!'}
     * @return the command text a DLE pair written in command mode is matched as
     */
    public static String dle(char code) {
        return new String(new char[] {(char) DLE, code});
    }

    private Rule addRule(Rule rule) {
        if (!commandMode) {
            throw new IllegalStateException(name + " is a raw mock; it has no command rules");
        }
        Locks.run(lock, () -> rules.add(rule));
        return rule;
    }

    /**
     * Makes the mock echo each command like a modem with {@code ATE1}.
     *
     * @param on whether to echo
     * @return this
     */
    public MockTransport echo(boolean on) {
        this.echo = on;
        return this;
    }

    /**
     * Hands every host write, as written, to a listener: for a simulated modem that parses the
     * host's bytes itself (command lines and DLE-shielded voice data on one port). It runs on the
     * writing thread, after the mock's lock is released and after the actions of any rule the
     * write completed.
     *
     * @param listener receives a copy of each write; null removes it
     * @return this
     */
    public MockTransport onWrite(Consumer<byte[]> listener) {
        this.writeListener = listener;
        return this;
    }

    /**
     * Sends a line to the host, framed as {@code CR LF line CR LF}.
     *
     * @param line the text
     */
    public void emitLine(String line) {
        emitBytes(("\r\n" + line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Sends raw bytes to the host (audio, noise, partial lines).
     *
     * @param bytes the bytes
     */
    public void emitBytes(byte[] bytes) {
        emitBytes(bytes, 0, bytes.length);
    }

    /**
     * Sends raw bytes to the host.
     *
     * @param bytes  the bytes
     * @param offset start
     * @param length count
     */
    public void emitBytes(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        byte[] copy = Arrays.copyOfRange(bytes, offset, offset + length);
        Locks.change(lock, changed, () -> {
            if (eofQueued) {
                throw new IllegalStateException(name + ": bytes emitted after EOF");
            }
            toHost.addAudio(copy);
        });
    }

    /** Ends the stream: once the queued bytes are read, the host gets a {@link TransportLostException}. */
    public void emitEof() {
        Locks.change(lock, changed, () -> eofQueued = true);
    }

    /** @return the number of bytes emitted and not yet read by the host */
    public int pendingToHost() {
        return Locks.get(lock, toHost::audioBytes);
    }

    /**
     * Waits until the host has read everything emitted so far.
     *
     * @param timeout the longest wait
     * @return true when drained, false on timeout
     */
    public boolean awaitDrained(Duration timeout) {
        return awaitUntil(() -> toHost.isEmpty() || closed, timeout);
    }

    /**
     * Waits until the host has read everything emitted so far and came back for more: a reader
     * thread waits in {@link #read} again, so whatever it did with the bytes it read (queued them,
     * dropped them) is done.
     *
     * @param timeout the longest wait
     * @return true when a reader waits with nothing to read, false on timeout or when closed
     */
    public boolean awaitReaderWaiting(Duration timeout) {
        return awaitUntil(() -> (toHost.isEmpty() && readersWaiting > 0) || closed, timeout) && !closed;
    }

    /**
     * Waits until the host has sent a command matching {@code predicate} (counting commands
     * already sent).
     *
     * @param predicate what to wait for
     * @param timeout   the longest wait
     * @return the command
     * @throws AssertionError when it does not come in time
     */
    public Command awaitCommand(Predicate<String> predicate, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        Command[] found = new Command[1];
        lock.lock();
        try {
            boolean seen = deadline.await(changed, () -> {
                for (Command c : commands) {
                    if (predicate.test(c.command())) {
                        found[0] = c;
                        return true;
                    }
                }
                return false;
            });
            if (!seen) {
                throw new AssertionError(name + ": expected command not written within " + timeout.toMillis()
                        + " ms; host wrote " + printableCommands());
            }
            return found[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a command", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param command the exact command
     * @param timeout the longest wait
     * @return the command record
     */
    public Command awaitCommand(String command, Duration timeout) {
        return awaitCommand(command::equals, timeout);
    }

    /**
     * Waits until the host has written at least {@code count} bytes in total.
     *
     * @param count   bytes
     * @param timeout longest wait
     * @return true when reached
     */
    public boolean awaitWrittenBytes(long count, Duration timeout) {
        return awaitUntil(() -> writtenCount() >= count, timeout);
    }

    /** Waits, under the lock, until {@code condition} holds; false on timeout or interruption. */
    private boolean awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout) {
        return Locks.await(lock, changed, Deadline.after(timeout), condition);
    }

    private long writtenCount() {
        long n = 0;
        for (Write w : writes) {
            n += w.bytes.length;
        }
        return n;
    }

    /** @return every host write, in order */
    public List<Write> writes() {
        return Locks.get(lock, () -> List.copyOf(writes));
    }

    /** @return all bytes the host wrote, concatenated */
    public byte[] writtenBytes() {
        return Locks.get(lock, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Write w : writes) {
                out.write(w.bytes, 0, w.bytes.length);
            }
            return out.toByteArray();
        });
    }

    /** @return the commands the host sent, in order, without terminators */
    public List<String> commands() {
        return Locks.get(lock, () -> {
            List<String> out = new ArrayList<>(commands.size());
            for (Command c : commands) {
                out.add(c.command());
            }
            return out;
        });
    }

    /** @return the commands with their timestamps */
    public List<Command> commandLog() {
        return Locks.get(lock, () -> List.copyOf(commands));
    }

    /**
     * Forgets every write and command logged so far (the scripted rules stay), so that a
     * long-running simulation does not keep all the audio the host ever wrote. For between
     * exchanges: a waiter counting written bytes would count from zero again.
     */
    public void clearLog() {
        Locks.run(lock, () -> {
            writes.clear();
            commands.clear();
        });
    }

    /** @return the un-shielded data of each capture phase, in order */
    public List<byte[]> captured() {
        return Locks.get(lock, () -> {
            List<byte[]> out = new ArrayList<>();
            for (byte[] c : captures) {
                out.add(c.clone());
            }
            if (capture != null) {
                out.add(capture.toByteArray());
            }
            return out;
        });
    }

    /** @return true while a capture phase is running */
    public boolean capturing() {
        return Locks.test(lock, () -> capture != null);
    }

    /** @throws AssertionError listing every command no rule matched */
    public void assertNoUnscriptedCommands() {
        Locks.run(lock, () -> {
            if (!unscripted.isEmpty()) {
                throw new AssertionError(name + ": unscripted commands: " + unscripted);
            }
        });
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public String name() {
        return "mock:" + name;
    }

    @Override
    public void open() {
        Locks.run(lock, () -> {
            if (closed) {
                throw new TransportOpenException("mock:" + name + " was closed and cannot be reopened");
            }
            open = true;
        });
    }

    @Override
    public boolean isOpen() {
        return Locks.test(lock, () -> open && !closed && !lost);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        List<Runnable> afterUnlock = new ArrayList<>();
        byte[] copy;
        lock.lock();
        try {
            if (closed || lost || !open) {
                throw new TransportLostException(name(), closed ? "closed" : lost ? "end of file" : "not open");
            }
            copy = Arrays.copyOfRange(data, offset, offset + length);
            writes.add(new Write(clock.instant(), System.nanoTime(), copy));
            if (commandMode) {
                parseHostBytes(copy, afterUnlock);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Runnable r : afterUnlock) {
            r.run();
        }
        Consumer<byte[]> l = writeListener;
        if (l != null) {
            l.accept(copy.clone());
        }
    }

    private void parseHostBytes(byte[] bytes, List<Runnable> afterUnlock) {
        for (byte b : bytes) {
            if (capture != null) {
                if (captureDle) {
                    captureDle = false;
                    if (b == ETX) {
                        captures.add(capture.toByteArray());
                        capture = null;
                        List<String> after = captureAfter;
                        captureAfter = null;
                        afterUnlock.add(() -> {
                            for (String l : after) {
                                emitLine(l);
                            }
                        });
                    } else if (b == DLE) {
                        capture.write(DLE);
                    }
                    // other DLE codes from the host (e.g. DLE CAN) are control, not data
                } else if (b == DLE) {
                    captureDle = true;
                } else {
                    capture.write(b);
                }
                continue;
            }
            if (pendingDleInCommand) {
                pendingDleInCommand = false;
                String cmd = new String(new byte[] {DLE, b}, StandardCharsets.ISO_8859_1);
                completeCommand(cmd, afterUnlock);
                continue;
            }
            if (b == DLE) {
                pendingDleInCommand = true;
                continue;
            }
            if (b == '\r' || b == '\n') {
                if (pendingCommand.size() > 0) {
                    String cmd = pendingCommand.toString(StandardCharsets.ISO_8859_1);
                    pendingCommand.reset();
                    completeCommand(cmd, afterUnlock);
                }
                continue;
            }
            pendingCommand.write(b);
        }
    }

    private void completeCommand(String cmd, List<Runnable> afterUnlock) {
        commands.add(new Command(clock.instant(), cmd));
        if (echo && !cmd.isEmpty() && cmd.charAt(0) != DLE) {
            afterUnlock.add(() -> emitBytes((cmd + "\r").getBytes(StandardCharsets.ISO_8859_1)));
        }
        Rule match = null;
        for (Rule r : rules) { // limited rules (once(), times(n)) take precedence over standing ones
            if (r.remaining > 0 && r.matcher.test(cmd)) {
                match = r;
                break;
            }
        }
        if (match == null) {
            for (Rule r : rules) {
                if (r.remaining < 0 && r.matcher.test(cmd)) {
                    match = r;
                    break;
                }
            }
        }
        if (match == null) {
            String msg = name() + ": unscripted command \"" + printable(cmd) + "\"; rules: " + rules
                    + "; host wrote so far: " + printableCommands();
            unscripted.add(printable(cmd));
            throw new UnscriptedCommandError(msg);
        }
        if (match.remaining > 0) {
            match.remaining--;
        }
        List<BiConsumer<String, MockTransport>> actions = List.copyOf(match.actions);
        afterUnlock.add(() -> {
            for (BiConsumer<String, MockTransport> a : actions) {
                a.accept(cmd, this);
            }
        });
    }

    private void startCapture(List<String> after) {
        Locks.run(lock, () -> {
            capture = new ByteArrayOutputStream();
            captureAfter = after;
            captureDle = false;
        });
    }

    private String printableCommands() {
        List<String> out = new ArrayList<>();
        for (Command c : commands) {
            out.add(printable(c.command()));
        }
        return out.toString();
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c > 0x7E) {
                b.append(String.format("<%02X>", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new TransportLostException(name(), "closed");
                }
                if (!toHost.isEmpty()) {
                    int n = toHost.readAudio(buffer, offset, length);
                    changed.signalAll();
                    return n;
                }
                if (eofQueued) {
                    lost = true;
                    changed.signalAll();
                    throw new TransportLostException(name(), "end of file");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                readersWaiting++;
                changed.signalAll();
                try {
                    changed.awaitNanos(left);
                } finally {
                    readersWaiting--;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        Locks.change(lock, changed, () -> closed = true);
    }

    /** @return true once {@link #close()} was called */
    public boolean isClosed() {
        return Locks.test(lock, () -> closed);
    }

    /**
     * @param timeout how long to wait
     * @return true when the host closed the transport within the timeout
     */
    public boolean awaitClosed(Duration timeout) {
        return awaitUntil(() -> closed, timeout);
    }

}
