package io.github.modemvoice.dialect;

import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtListener;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns a line from the modem into a typed event when it is an unsolicited result code this
 * parser knows. A family's parser is its own (e.g. {@code SimcomUrcs}) combined with the 3GPP
 * 27.007 common forms ({@code GsmUrcs}) via {@link #or}. Pure: no I/O, no state.
 */
@FunctionalInterface
public interface UrcParser {

    /**
     * @param line a line without its terminator, control characters removed
     * @return the event, or empty when the line is not a result code this parser knows
     */
    Optional<ModemEvent> parse(String line);

    /**
     * @param next a parser tried when this one does not recognise a line
     * @return a parser trying this one, then {@code next}
     */
    default UrcParser or(UrcParser next) {
        Objects.requireNonNull(next, "next");
        return line -> {
            Optional<ModemEvent> mine = parse(line);
            return mine.isPresent() ? mine : next.parse(line);
        };
    }

    /**
     * @param line a line
     * @return true when this parser turns it into an event
     */
    default boolean recognises(String line) {
        return parse(line).isPresent();
    }

    /**
     * Adapts an event consumer to an {@link AtChannel}'s line listener: each unsolicited line
     * becomes this parser's event (or {@link ModemEvent.Unrecognized}), the loss of the
     * transport becomes {@link ModemEvent.TransportLost}. A parser that throws yields
     * {@code Unrecognized}.
     *
     * @param sink receives the events in order
     * @return the listener
     */
    default AtListener listener(Consumer<? super ModemEvent> sink) {
        Objects.requireNonNull(sink, "sink");
        return new AtListener() {
            @Override
            public void unsolicited(String line) {
                Optional<ModemEvent> e;
                try {
                    e = parse(line);
                } catch (RuntimeException ex) {
                    e = Optional.empty();
                }
                sink.accept(e.orElseGet(() -> new ModemEvent.Unrecognized(line)));
            }

            @Override
            public void transportLost(String reason) {
                sink.accept(new ModemEvent.TransportLost(reason));
            }
        };
    }

    /**
     * Wires this parser into a channel builder: which lines are unsolicited, and the events.
     *
     * @param builder the channel's builder
     * @param sink    receives the events in order
     * @return the builder
     */
    default AtChannel.Builder configure(AtChannel.Builder builder, Consumer<? super ModemEvent> sink) {
        return builder.unsolicited(this::recognises).listener(listener(sink));
    }
}
