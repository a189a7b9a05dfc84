/**
 * What 3GPP TS 27.007 voice modules share: {@link io.github.modemvoice.dialect.gsm.GsmDialect}
 * (answer, hang up, deflect, DTMF, a call left up at start-up), the common URCs
 * ({@link io.github.modemvoice.dialect.gsm.GsmUrcs}: {@code +CLIP} with V.250 string escapes,
 * and the V.250 codes) and PCM audio on a separate port
 * ({@link io.github.modemvoice.dialect.gsm.PcmPortAudioChannel}).
 */
package io.github.modemvoice.dialect.gsm;
