package io.github.modemvoice.at;

import java.util.Optional;

/**
 * Turns a line from the modem into a typed event when it is an unsolicited result code this
 * parser knows. Dialects combine {@link StandardUrcs} with their own forms via {@link #or}.
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
        return line -> {
            Optional<ModemEvent> mine = parse(line);
            return mine.isPresent() ? mine : next.parse(line);
        };
    }
}
