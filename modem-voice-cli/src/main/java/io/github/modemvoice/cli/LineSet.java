package io.github.modemvoice.cli;

import io.github.modemvoice.machine.StatusFile;
import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.call.ModemSupervisor;
import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.dialect.ModemFamily;
import io.github.modemvoice.transport.Transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Several modems answering in one process, each on a line of its own: its own
 * {@link ModemSupervisor} (a lost or absent modem is reopened with backoff while the others go on
 * answering), its own box and handler (greeting, business hours, the line's name in every
 * message), its part of the status file. Lines with the same message directory share one mailbox
 * (store and notification queue).
 *
 * <p>A line whose modem is absent at start is retried like a lost one
 * ({@link ModemSupervisor.Builder#startRetrying()}); {@link #awaitFirstAttempts} tells whether at
 * least one modem came up, so a daemon whose every modem is missing can exit (and be restarted)
 * as the one-modem daemon does.
 */
final class LineSet implements AutoCloseable {

    /** Opens a port by path: serial devices for the CLI, simulated modems in tests. */
    @FunctionalInterface
    interface Ports {
        /**
         * @param port the configured path
         * @param baud the serial speed
         * @return a new, unopened transport
         */
        Transport open(Path port, int baud);
    }

    /** One running line. */
    static final class Line {
        final ModemLines.ModemLine spec;
        final AnsweringMachine machine;
        final StatusFile.Line status;
        final Output out;
        private final CountDownLatch firstAttempt = new CountDownLatch(1);
        private volatile ModemFamily.Identified which;
        private volatile ModemSupervisor supervisor;
        private volatile boolean everUp;

        private Line(ModemLines.ModemLine spec, AnsweringMachine machine, StatusFile.Line status, Output out) {
            this.spec = spec;
            this.machine = machine;
            this.status = status;
            this.out = out;
        }

        /** @return the line's supervisor */
        ModemSupervisor supervisor() {
            return supervisor;
        }
    }

    private final List<Line> lines;

    private LineSet(List<Line> lines) {
        this.lines = lines;
    }

    /**
     * Builds every line's machine and starts every supervisor (none waits for another).
     *
     * @param specs    the modems
     * @param settings each line's settings
     * @param more     what the options add to every line's box and call handler (screening, disk margin)
     * @param status   the daemon's status file
     * @param out      progress (each line's lines are prefixed with its name)
     * @param ports    opens ports by path
     * @param tune     adjusts each modem's configuration (timeouts, clocks; the CLI leaves it)
     * @param backoff  the supervisors' first wait between attempts (doubled up to {@code maxBackoff})
     * @param maxBackoff the longest wait between attempts
     * @return the running lines
     */
    static LineSet start(List<ModemLines.ModemLine> specs, Function<ModemLines.ModemLine, AnsweringMachine.Settings> settings,
                         AnsweringMachine.Builders more, StatusFile status, Output out, Ports ports,
                         UnaryOperator<ModemConfig.Builder> tune, Duration backoff, Duration maxBackoff) {
        List<Line> lines = new ArrayList<>();
        Map<Path, AnsweringMachine> mailboxes = new HashMap<>();
        try {
            for (ModemLines.ModemLine spec : specs) {
                Output lineOut = out.forLine(spec.name());
                AnsweringMachine.Settings s = settings.apply(spec);
                Path key = spec.dir().toAbsolutePath().normalize();
                AnsweringMachine shared = mailboxes.get(key);
                AnsweringMachine machine = shared == null ? AnsweringMachine.forLine(s, lineOut, spec.name(), more)
                        : shared.sharingMailbox(s, lineOut, spec.name(), more);
                mailboxes.putIfAbsent(key, machine);
                lines.add(new Line(spec, machine, status.line(spec.name()), lineOut));
            }
        } catch (RuntimeException e) {
            new LineSet(lines).close();
            throw e;
        }
        LineSet set = new LineSet(List.copyOf(lines));
        for (Line line : set.lines) {
            line.machine.callEnded.add(e -> e.result().ifPresent(line.status::callEnded));
            line.supervisor = ModemSupervisor.builder(() -> config(line, ports, tune))
                    .backoff(backoff, maxBackoff)
                    .listener((from, to, cause) -> changed(line, from, to, cause))
                    .startRetrying();
        }
        return set;
    }

    /** A fresh configuration for every open: new transports, the dialect resolved once the modem answered. */
    private static ModemConfig config(Line line, Ports ports, UnaryOperator<ModemConfig.Builder> tune) {
        ModemLines.ModemLine spec = line.spec;
        ModemFamily.Identified which = line.which;
        if (which == null) {
            which = resolve(spec, ports);
            line.which = which;
            line.status.modem(spec.atPort().toString(), which.family().cliName(), which.identification());
        }
        Dialect d = which.dialect();
        if (d.needsAudioPort() && spec.audioPort().isEmpty()) {
            throw new ModemVoiceException("modem '" + spec.name() + "' is a " + d.name() + " modem: it needs an audio-port ("
                    + spec.at("") + ")");
        }
        return tune.apply(ModemConfig.builder()
                        .atPort(ports.open(spec.atPort(), spec.baud()))
                        .audioPort(d.needsAudioPort() ? ports.open(spec.audioPort().get(), spec.baud()) : null)
                        .dialect(d)
                        .handler(line.machine.handler))
                .build();
    }

    private static ModemFamily.Identified resolve(ModemLines.ModemLine spec, Ports ports) {
        if (!"auto".equalsIgnoreCase(spec.dialect())) {
            ModemFamily family = ModemFamily.byName(spec.dialect());
            // analog modems differ in their voice formats: ask the model so AT+VSM fits it
            String id = family == ModemFamily.V253 ? ModemFamily.identification(ports.open(spec.atPort(), spec.baud())) : "";
            return new ModemFamily.Identified(family, id);
        }
        try {
            return ModemFamily.detect(ports.open(spec.atPort(), spec.baud()));
        } catch (ModemVoiceException e) {
            throw new ModemVoiceException("dialect detection on " + spec.atPort() + " failed: " + e.getMessage(), e);
        }
    }

    private static void changed(Line line, ModemSupervisor.State from, ModemSupervisor.State to, Optional<Throwable> cause) {
        String port = line.spec.atPort().toString();
        if (from == to) { // a failed attempt
            String why = cause.map(Throwable::getMessage).orElse("unknown");
            if (line.firstAttempt.getCount() > 0) {
                line.out.step("cannot open or initialise the modem on " + port + " (" + why + "); retrying");
            }
            line.status.error("cannot open or initialise the modem on " + port + ": " + why);
            line.status.state(ModemSupervisor.State.RECONNECTING.name()); // where the supervisor goes next
            line.firstAttempt.countDown();
            return;
        }
        line.status.state(to.name());
        if (to == ModemSupervisor.State.UP) {
            if (line.everUp) { // the supervisor counts this one as a reconnect too
                line.out.step("the modem on " + port + " is back");
                line.status.reconnected();
            } else if (line.firstAttempt.getCount() == 0) {
                line.out.step("the modem on " + port + " answers now");
            }
            line.everUp = true;
            line.firstAttempt.countDown();
        } else if (to == ModemSupervisor.State.DOWN) {
            line.out.step("the modem on " + port + " was lost; reconnecting");
            line.status.error("the modem on " + port + " was lost");
        }
    }

    /**
     * Waits until every line has had its first attempt at opening its modem.
     *
     * @param limit the longest wait
     * @return how many lines are up
     * @throws InterruptedException when interrupted
     */
    int awaitFirstAttempts(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Line l : lines) {
            l.firstAttempt.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        return (int) lines.stream().filter(l -> l.supervisor.state() == ModemSupervisor.State.UP).count();
    }

    /** @return the lines in configuration order */
    List<Line> lines() {
        return lines;
    }

    /** @return e.g. {@code "3 of 4 modems up"}, for the web mailbox */
    String summary() {
        long up = lines.stream().filter(l -> l.supervisor != null && l.supervisor.state() == ModemSupervisor.State.UP).count();
        return up + " of " + lines.size() + " modems up";
    }

    /**
     * Stops every line (a recording in progress on any of them is stored first), then closes the
     * mailboxes, the shared ones last.
     */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (Line l : lines) {
            ModemSupervisor s = l.supervisor;
            if (s != null) { // in parallel: each may wait for its call's message to be stored
                Thread t = new Thread(s::close, "modem-voice-stop-" + l.spec.name());
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
        for (int i = lines.size() - 1; i >= 0; i--) { // a mailbox's owner is the first line on it: closed last
            lines.get(i).machine.close();
        }
    }
}
