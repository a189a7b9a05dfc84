package io.github.modemvoice.testing;

import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.call.CallHandler;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.dialect.Dialect;

import java.time.Duration;
import java.util.List;

/**
 * What every {@link ModemHarness} on a scripted {@link MockTransport} AT port does the same way:
 * the probe around the real dialect, opening the {@link Modem} on a virtual monotonic clock,
 * counting the caller audio emitted so that {@link #awaitConsumed()} waits for exactly that, and
 * the AT port's commands, end of file and script check. A subclass adds its ports and the wire
 * format of the caller's audio, keys and hangup.
 */
public abstract class ScriptedModemHarness implements ModemHarness {
    private final MockTransport at;
    private final ProbeDialect probe;
    private final String callerNumber;
    private final Duration commandTimeout;
    private long emitted;
    private Modem modem;

    protected ScriptedModemHarness(MockTransport at, Dialect dialect, String callerNumber, Duration commandTimeout) {
        this.at = at;
        this.probe = new ProbeDialect(dialect);
        this.callerNumber = callerNumber;
        this.commandTimeout = commandTimeout;
    }

    /** @return the scripted AT port */
    public MockTransport at() {
        return at;
    }

    /** Adds what the dialect needs besides the AT port, dialect, handler, timeout and clock (e.g. an audio port). */
    protected abstract ModemConfig.Builder ports(ModemConfig.Builder config);

    /** Emits the caller's 16-bit PCM in the dialect's wire format; the recording phase is open. */
    protected abstract void emitCallerAudio(byte[] pcm16);

    @Override
    public String toString() {
        return name();
    }

    @Override
    public String callerNumber() {
        return callerNumber;
    }

    @Override
    public Modem open(CallHandler handler) {
        modem = Modem.open(ports(ModemConfig.builder())
                .atPort(at)
                .dialect(probe)
                .handler(handler)
                .commandTimeout(commandTimeout)
                .monotonicClock(new VirtualMonotonicClock())
                .build());
        return modem;
    }

    @Override
    public ProbeDialect probe() {
        return probe;
    }

    @Override
    public void callerAudio(byte[] pcm16) {
        awaitRecording();
        synchronized (this) {
            emitted += pcm16.length;
        }
        emitCallerAudio(pcm16);
    }

    @Override
    public void awaitConsumed() {
        long want;
        synchronized (this) {
            want = emitted;
        }
        probe.awaitConsumed(want, WAIT);
    }

    @Override
    public void transportLost() {
        awaitConsumed();
        at.emitEof();
    }

    @Override
    public List<String> commands() {
        return at.commands();
    }

    @Override
    public void assertNoUnscriptedCommands() {
        at.assertNoUnscriptedCommands();
    }

    @Override
    public void close() {
        if (modem != null) {
            modem.close();
        }
    }
}
