package io.github.modemvoice.call;

import io.github.modemvoice.PhoneNumbers;
import io.github.modemvoice.dialect.ModemEvent;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling. {@link #toString()} redacts the number.
 *
 * @param number       the number, when presented
 * @param name         the caller's name, when the network sent one
 * @param presentation present, withheld or unavailable; {@code UNAVAILABLE} when no caller id came
 */
public record CallerInfo(Optional<String> number, Optional<String> name, ModemEvent.Presentation presentation) {

    /** Validates. */
    public CallerInfo {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(presentation, "presentation");
    }

    /** @return caller information for a call without caller id */
    public static CallerInfo unknown() {
        return new CallerInfo(Optional.empty(), Optional.empty(), ModemEvent.Presentation.UNAVAILABLE);
    }

    /**
     * @param number a presented number
     * @return caller information with that number
     */
    public static CallerInfo of(String number) {
        return new CallerInfo(Optional.of(number), Optional.empty(), ModemEvent.Presentation.ALLOWED);
    }

    static CallerInfo from(ModemEvent.CallerId id) {
        return new CallerInfo(id.number().isEmpty() ? Optional.empty() : Optional.of(id.number()), id.name(),
                id.number().isEmpty() && id.presentation() == ModemEvent.Presentation.ALLOWED
                        ? ModemEvent.Presentation.UNAVAILABLE : id.presentation());
    }

    /** @return the number redacted for logs and displays, e.g. {@code +***4567}, or the presentation */
    public String redacted() {
        return number.map(PhoneNumbers::redact).orElse(presentation.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return "CallerInfo[" + redacted() + "]";
    }
}
