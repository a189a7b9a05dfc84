/**
 * The testing kit, published for users' tests and used by the library's own:
 * <ul>
 * <li>{@link io.github.modemvoice.testing.MockTransport}: a scripted port ("when the host writes
 * X, answer Y"; inject lines and bytes; assert on what the host wrote);</li>
 * <li>{@link io.github.modemvoice.testing.MockModem}: a GSM modem with its start-up, answer and
 * audio commands scripted, so a test of a call handler is a few lines;</li>
 * <li>{@link io.github.modemvoice.testing.SimulatedModem}: a small core that plays scripted
 * callers ({@link io.github.modemvoice.testing.CallScript}) over mocks or socat
 * pseudo-terminals ({@link io.github.modemvoice.testing.PtyBridge}), with one persona per model
 * of {@link io.github.modemvoice.dialect.ModemModel}: the GSM two-port persona in its SIMCom
 * and Quectel flavours, and the V.253 DLE persona whose wire format
 * ({@link io.github.modemvoice.testing.V253Wire}) is built from the cited device facts, not
 * from the dialect's codec.</li>
 * </ul>
 * The kit plays the modem's side of the wire, so, like {@code dialect}, it knows AT command
 * strings; it sits above {@code call} only to open a {@code Modem} for a test.
 */
package io.github.modemvoice.testing;
