/**
 * ITU-T V.253 analog voice modems: {@link io.github.modemvoice.dialect.v253.V253Dialect},
 * its models ({@link io.github.modemvoice.dialect.v253.V253Model}), the half-duplex audio
 * channel on the AT port ({@link io.github.modemvoice.dialect.v253.V253AudioChannel}) and the
 * pure parsers of caller-id lines and DLE codes ({@link io.github.modemvoice.dialect.v253.V253Urcs}).
 */
package io.github.modemvoice.dialect.v253;
