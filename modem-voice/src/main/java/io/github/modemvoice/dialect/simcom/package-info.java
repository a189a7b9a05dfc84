/**
 * SIMCom SIM7600 / SIM800 class modules: {@link io.github.modemvoice.dialect.simcom.SimcomDialect}
 * ({@code AT+CPCMREG} audio) and the pure parser of SIMCom's own URCs
 * ({@link io.github.modemvoice.dialect.simcom.SimcomUrcs}: {@code VOICE CALL}, {@code MISSED_CALL},
 * {@code +RXDTMF}, {@code +DTMF}), each form with its source.
 */
package io.github.modemvoice.dialect.simcom;
