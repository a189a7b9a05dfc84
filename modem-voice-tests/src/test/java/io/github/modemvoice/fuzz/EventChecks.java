package io.github.modemvoice.fuzz;

import io.github.modemvoice.dialect.ModemEvent;

/** Invariants every parsed event must hold, whatever the input. */
final class EventChecks {
    private EventChecks() {
    }

    static void check(ModemEvent e) {
        if (e instanceof ModemEvent.CallerId c) {
            if (c.presentation() != ModemEvent.Presentation.ALLOWED && !c.number().isEmpty()) {
                throw new AssertionError("a withheld or unavailable number must be empty");
            }
            if (c.presentation() == ModemEvent.Presentation.ALLOWED && c.number().isEmpty()) {
                throw new AssertionError("an allowed number must not be empty");
            }
            c.name().ifPresent(n -> {
                if (n.isEmpty()) {
                    throw new AssertionError("a present name must not be empty");
                }
            });
        } else if (e instanceof ModemEvent.Dtmf d) {
            if ("0123456789*#ABCD".indexOf(d.key()) < 0) {
                throw new AssertionError("bad key " + (int) d.key());
            }
            d.duration().ifPresent(x -> {
                if (x.isNegative()) {
                    throw new AssertionError("negative duration");
                }
            });
        } else if (e instanceof ModemEvent.CallEnded c) {
            c.duration().ifPresent(x -> {
                if (x.isNegative()) {
                    throw new AssertionError("negative call duration");
                }
            });
        } else if (e instanceof ModemEvent.MissedCall m) {
            if (m.time() == null || m.number() == null) {
                throw new AssertionError("null field in " + m);
            }
        }
        e.toString(); // must not throw
    }
}
