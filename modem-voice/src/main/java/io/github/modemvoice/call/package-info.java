/**
 * Calls: {@link io.github.modemvoice.call.Modem} watches a modem and hands each
 * {@link io.github.modemvoice.call.IncomingCall} to a {@link io.github.modemvoice.call.CallHandler};
 * an answered call is a {@link io.github.modemvoice.call.CallSession} (play, record, collect
 * DTMF, hang up). This layer talks to a modem through {@code dialect.ModemLine} and typed
 * {@code dialect.ModemEvent}s; it knows no AT command and imports nothing from {@code at}.
 *
 * <h2>Why things end: one vocabulary</h2>
 * Each enum answers one question, and where two answer about the same fact they use the same word:
 * <table>
 *   <caption>The end reasons</caption>
 *   <tr><th>question</th><th>type</th><th>values</th></tr>
 *   <tr><td>why did the call end?</td><td>{@link io.github.modemvoice.call.CallEndReason}</td>
 *       <td>{@code CALLER_HANGUP}, {@code LOCAL_HANGUP}, {@code TRANSPORT_LOST}</td></tr>
 *   <tr><td>why did a recording end? (stored in the message metadata)</td>
 *       <td>{@link io.github.modemvoice.call.TerminationReason}</td>
 *       <td>the call's end ({@code CALLER_HANGUP}, {@code TRANSPORT_LOST}; a local hangup is
 *       {@code INTERRUPTED}: see {@link io.github.modemvoice.call.CallEndReason#asTermination()}),
 *       or its own: {@code FINISH_KEY}, {@code SILENCE}, {@code MAX_DURATION},
 *       {@code STORAGE_FULL}, {@code STORAGE_ERROR}</td></tr>
 *   <tr><td>why did a playback end?</td><td>{@link io.github.modemvoice.call.PlayResult.Outcome}</td>
 *       <td>{@code COMPLETED}, {@code KEY_PRESSED}, {@code CANCELLED}, or {@code CALL_ENDED}
 *       (the reason is {@link io.github.modemvoice.call.CallSession#endReason()})</td></tr>
 *   <tr><td>why did digit collection end?</td><td>{@link io.github.modemvoice.call.DtmfInput.End}</td>
 *       <td>{@code MAX_DIGITS}, {@code TERMINATOR}, {@code TIMEOUT}, {@code INTER_DIGIT_TIMEOUT},
 *       or {@code CALL_ENDED} (as above)</td></tr>
 *   <tr><td>why was no message kept?</td><td>{@code voicemail.NoMessageReason}</td>
 *       <td>{@code CALLER_HUNG_UP_EARLY}, {@code TOO_SHORT}</td></tr>
 * </table>
 * How the modem itself reported the end ({@code VOICE CALL: END}, {@code NO CARRIER}, a busy
 * tone...) is the dialect's {@code ModemEvent.EndSignal}, mapped onto {@code CallEndReason} here;
 * the testing kit's {@code SimulatedCallReport.EndedBy} and {@code CallScript.Ending} describe the
 * simulated caller's side of the same call.
 */
package io.github.modemvoice.call;
