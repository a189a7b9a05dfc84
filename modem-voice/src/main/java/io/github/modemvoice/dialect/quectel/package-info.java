/**
 * Quectel EC2x class modules: {@link io.github.modemvoice.dialect.quectel.QuectelDialect}
 * ({@code AT+QPCMV} audio, {@code AT+QTONEDET} DTMF detection) and the pure parser of Quectel's
 * own URCs ({@link io.github.modemvoice.dialect.quectel.QuectelUrcs}: {@code +QTONEDET: <ascii>}).
 */
package io.github.modemvoice.dialect.quectel;
