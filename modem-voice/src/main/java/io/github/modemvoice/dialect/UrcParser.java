package io.github.modemvoice.dialect;

import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtListener;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

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
     * @param parse a pure function giving the event, or null when the line is not one it knows
     * @return the parser
     */
    static UrcParser ofNullable(Function<String, ModemEvent> parse) {
        Objects.requireNonNull(parse, "parse");
        return line -> Optional.ofNullable(parse.apply(line));
    }

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
     * Adapts an event consumer to an {@link AtChannel}'s line listener: a line this parser
     * recognised (on the reader thread, see {@link #configure}) is delivered as its event, any
     * other as {@link ModemEvent.Unrecognized}; the loss of the transport becomes
     * {@link ModemEvent.TransportLost}.
     *
     * @param sink receives the events in order
     * @return the listener
     */
    static AtListener listener(Consumer<? super ModemEvent> sink) {
        Objects.requireNonNull(sink, "sink");
        return new AtListener() {
            @Override
            public void unsolicited(String line, Object meaning) {
                sink.accept(meaning instanceof ModemEvent ? (ModemEvent) meaning : new ModemEvent.Unrecognized(line));
            }

            @Override
            public void transportLost(String reason) {
                sink.accept(new ModemEvent.TransportLost(reason));
            }
        };
    }

    /**
     * Wires this parser into a channel builder: it runs once per unsolicited line on the reader
     * thread (so a stateful parser, like the V.253 caller-id assembler, sees each line once and
     * what it publishes meanwhile stays in order), and the events go to {@code sink}.
     *
     * @param builder the channel's builder
     * @param sink    receives the events in order
     * @return the builder
     */
    default AtChannel.Builder configure(AtChannel.Builder builder, Consumer<? super ModemEvent> sink) {
        return builder.recogniser(line -> parse(line).orElse(null)).listener(listener(sink));
    }
}
