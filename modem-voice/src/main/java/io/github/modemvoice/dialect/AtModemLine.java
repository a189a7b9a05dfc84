package io.github.modemvoice.dialect;

import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtCommandException;
import io.github.modemvoice.at.FinalResult;
import io.github.modemvoice.transport.Transport;

import java.time.Duration;
import java.util.Optional;
import java.util.Objects;
import java.util.function.Consumer;

/** {@link ModemLine} over an {@link AtChannel}: what binds a dialect to its port. */
final class AtModemLine implements ModemLine {
    private final Dialect dialect;
    private final AtChannel at;
    private final Transport audioPort;

    private AtModemLine(Dialect dialect, AtChannel at, Transport audioPort) {
        this.dialect = dialect;
        this.at = at;
        this.audioPort = audioPort;
    }

    static ModemLine open(Dialect dialect, Transport atPort, Transport audioPort, Duration commandTimeout,
                          Consumer<? super ModemEvent> events) {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(events, "events");
        AtChannel at = dialect.urcParser()
                .configure(AtChannel.builder(atPort).defaultTimeout(commandTimeout), events)
                .start();
        try {
            dialect.attach(at, e -> at.post(() -> events.accept(e)));
            dialect.initialize(at);
        } catch (RuntimeException e) {
            at.close();
            throw e;
        }
        return new AtModemLine(dialect, at, audioPort);
    }

    @Override
    public String name() {
        return at.name();
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public boolean isAlive() {
        return at.isAlive();
    }

    @Override
    public boolean isBusy() {
        return at.isBusy();
    }

    @Override
    public Optional<String> checkHealth() {
        try {
            return dialect.checkHealth(at);
        } catch (io.github.modemvoice.at.AtTimeoutException e) {
            // the call layer knows no AT types: a silent modem is a health problem in words
            return Optional.of("it did not answer the watchdog's probe (" + e.getMessage() + ")");
        }
    }

    @Override
    public void reinitialize() {
        dialect.initialize(at);
    }

    @Override
    public void answer() {
        try {
            dialect.answer(at);
        } catch (AtCommandException e) {
            if (e.result() == FinalResult.NO_CARRIER || e.result() == FinalResult.BUSY
                    || e.result() == FinalResult.NO_ANSWER) {
                throw new CallGoneException(at.name() + ": the caller hung up while the call was being answered", e);
            }
            throw e;
        }
    }

    @Override
    public void reject() {
        dialect.reject(at);
    }

    @Override
    public void deflect(String number) {
        dialect.deflect(at, number);
    }

    @Override
    public void hangup() {
        dialect.hangup(at);
    }

    @Override
    public void sendDtmf(String digits) {
        dialect.sendDtmf(at, digits);
    }

    @Override
    public Optional<ModemEvent.CallerId> queryCallerId() {
        return dialect.queryCallerId(at);
    }

    @Override
    public AudioChannel openAudio() {
        return dialect.openAudio(at, audioPort);
    }

    @Override
    public void close() {
        at.close();
    }
}
