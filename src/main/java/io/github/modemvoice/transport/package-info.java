/**
 * Bytes to and from a modem port: {@link io.github.modemvoice.transport.Transport},
 * {@link io.github.modemvoice.transport.SerialTransport} (jSerialComm) and the scriptable
 * {@link io.github.modemvoice.testing.MockTransport} for tests.
 */
package io.github.modemvoice.transport;
