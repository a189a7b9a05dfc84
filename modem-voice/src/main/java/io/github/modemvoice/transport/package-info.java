/**
 * Bytes to and from a modem port: {@link io.github.modemvoice.transport.Transport} and
 * {@link io.github.modemvoice.transport.SerialTransport} (jSerialComm). The scriptable mock for
 * tests is {@code MockTransport} in the testing kit ({@code modem-voice-testing}).
 */
package io.github.modemvoice.transport;
