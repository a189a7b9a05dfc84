package io.github.modemvoice.testing;

import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.dialect.AudioChannel;
import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.dialect.UrcParser;
import io.github.modemvoice.transport.Transport;

import java.util.Objects;

/**
 * A test-side {@link Dialect} that hands every method the interface requires to another dialect,
 * and keeps the interface's defaults ({@code callerIdWait}, {@code attach}, {@code checkHealth}) for
 * what it does not override: a subclass changes one behaviour of a real dialect, or a test uses
 * {@code new ForwardingDialect(d) {}} to get a real dialect with the defaults.
 */
public abstract class ForwardingDialect implements Dialect {
    /** The dialect the calls go to. */
    protected final Dialect delegate;

    /** @param delegate the dialect the calls go to */
    protected ForwardingDialect(Dialect delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public UrcParser urcParser() {
        return delegate.urcParser();
    }

    @Override
    public boolean needsAudioPort() {
        return delegate.needsAudioPort();
    }

    @Override
    public void initialize(AtChannel at) {
        delegate.initialize(at);
    }

    @Override
    public void answer(AtChannel at) {
        delegate.answer(at);
    }

    @Override
    public void reject(AtChannel at) {
        delegate.reject(at);
    }

    @Override
    public void deflect(AtChannel at, String number) {
        delegate.deflect(at, number);
    }

    @Override
    public void hangup(AtChannel at) {
        delegate.hangup(at);
    }

    @Override
    public void sendDtmf(AtChannel at, String digits) {
        delegate.sendDtmf(at, digits);
    }

    @Override
    public AudioChannel openAudio(AtChannel at, Transport audioPort) {
        return delegate.openAudio(at, audioPort);
    }
}
