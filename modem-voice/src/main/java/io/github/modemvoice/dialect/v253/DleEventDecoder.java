package io.github.modemvoice.dialect.v253;

import io.github.modemvoice.dialect.ModemEvent;

import java.util.Optional;

/**
 * Turns the codes a V.253 modem sends after {@code DLE} into events, one per key press even when
 * the modem shields its DTMF reports.
 *
 * <p>Field fact: some modems (the USRobotics 5637 among them) report a key as {@code DLE /}
 * (start of a DTMF tone), then the digit as {@code DLE <digit>} repeated about every 70 ms while the
 * key is held, then {@code DLE ~} (end of the tone). Sources: vgetty
 * {@code voice/libvoice/IS_101.c}, the DLE handler's comment on {@code /} and {@code ~} (start and
 * end of DTMF shielding); callattendant ({@code callattendant/hardware/modem.py},
 * {@code wait_for_keypress}) returns only the first digit after {@code /}, after users saw one
 * press reported as "000" (callattendant issue 13). Reading every repeat as a press would turn
 * one held key into several. So inside a {@code / ... ~} pair the first digit is the press and
 * repeats of the same digit are dropped; a different digit inside the pair is a new press.
 * Outside a pair (plain V.253: one {@code DLE <digit>} per key, as on the Conexant CX93001) each
 * digit is a press.
 *
 * <p>Not thread-safe: one instance per byte stream, used by that stream's reader thread.
 */
final class DleEventDecoder {
    private boolean shielding;
    private char lastShieldedDigit;

    /**
     * @param code the byte after DLE (0-255)
     * @return the event it carries, or empty (a marker, a repeat, or a code not modelled)
     */
    Optional<ModemEvent> accept(int code) {
        char c = (char) (code & 0xFF);
        if (c == '/') {
            shielding = true;
            lastShieldedDigit = 0;
            return Optional.empty();
        }
        if (c == '~') {
            shielding = false;
            lastShieldedDigit = 0;
            return Optional.empty();
        }
        Optional<ModemEvent> event = V253Urcs.dleEvent(code);
        if (shielding && event.isPresent() && event.get() instanceof ModemEvent.Dtmf) {
            if (c == lastShieldedDigit) {
                return Optional.empty();
            }
            lastShieldedDigit = c;
        }
        return event;
    }
}
