/**
 * Bytes to and from a modem port: {@link io.github.modemvoice.transport.Transport} and
 * {@link io.github.modemvoice.transport.SerialTransport} (jSerialComm). The scriptable mock for
 * tests is {@link io.github.modemvoice.testing.MockTransport} in the testing kit.
 */
package io.github.modemvoice.transport;
