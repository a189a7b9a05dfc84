/**
 * The seam between calls and modem families. {@link io.github.modemvoice.dialect.ModemEvent} is
 * the vocabulary of typed events; {@link io.github.modemvoice.dialect.UrcParser} turns a
 * family's lines into them; {@link io.github.modemvoice.dialect.Dialect} is what a family
 * implements; {@link io.github.modemvoice.dialect.ModemLine} is what the {@code call} layer talks
 * to (answer, reject, deflect, hang up, DTMF, audio, events) without seeing an AT channel;
 * {@link io.github.modemvoice.dialect.ModemFamily} and
 * {@link io.github.modemvoice.dialect.ModemModel} are the registry of families and models.
 *
 * <p>One sub-package per family holds its behaviour and its pure parser: {@code gsm} (what
 * 3GPP TS 27.007 modules share), {@code simcom}, {@code quectel}, {@code v253}.
 */
package io.github.modemvoice.dialect;
