package io.github.modemvoice.testing;

/**
 * Receives a {@link SimulatedModem}'s progress, step by step (ringing, answered, caller
 * speaking, key sent, hung up...), e.g. to print it. Called on the simulator's threads, in order
 * for one call; must return quickly and not throw (a throwing listener is logged and ignored).
 */
@FunctionalInterface
public interface SimListener {
    /** @param event what just happened */
    void onEvent(SimEvent event);
}
