/**
 * A simulated GSM voice modem for tests and demos: {@link io.github.modemvoice.testing.SimulatedModem}
 * speaks a modem family's AT protocol and PCM audio, over
 * {@link io.github.modemvoice.testing.MockTransport}s or over pseudo-terminals (socat), and plays
 * scripted callers ({@link io.github.modemvoice.testing.CallScript}).
 *
 * <p>This package plays the modem's side of the wire, so, like {@code dialect}, it knows AT
 * command strings; it knows nothing of the {@code call} layer or above.
 */
package io.github.modemvoice.testing;
