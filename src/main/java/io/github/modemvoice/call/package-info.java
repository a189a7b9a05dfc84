/**
 * Calls: {@link io.github.modemvoice.call.Modem} watches a modem and hands each
 * {@link io.github.modemvoice.call.IncomingCall} to a {@link io.github.modemvoice.call.CallHandler};
 * an answered call is a {@link io.github.modemvoice.call.CallSession} (play, record, collect
 * DTMF, hang up). This layer talks to a modem through {@code dialect.ModemLine} and typed
 * {@code dialect.ModemEvent}s; it knows no AT command and imports nothing from {@code at}.
 */
package io.github.modemvoice.call;
