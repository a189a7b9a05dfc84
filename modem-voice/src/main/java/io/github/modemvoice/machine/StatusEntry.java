package io.github.modemvoice.machine;

import io.github.modemvoice.routing.CallOutcome;

/** What one modem reports: the whole file for a single modem, or one line's part of it. */
interface StatusEntry {
    /**
     * @param port           the AT port as configured
     * @param dialect        the family's CLI name
     * @param identification what the modem said of itself, empty when it was not asked
     */
    void modem(String port, String dialect, String identification);

    /** @param state the modem's state (a {@code ModemSupervisor.State} name, or {@code STOPPED}) */
    void state(String state);

    /** The modem came back after it was lost. */
    void reconnected();

    /** @param outcome how a call ended */
    void callEnded(CallOutcome outcome);

    /** @param message what went wrong, without a caller's number */
    void error(String message);
}

