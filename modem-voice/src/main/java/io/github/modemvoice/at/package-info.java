/**
 * The AT command channel: ITU-T V.250 framing (lines, echo, data phases, DLE pairs in command
 * mode), one command in flight at a time, and the V.250 final result codes
 * ({@link io.github.modemvoice.at.FinalResult}). Unsolicited lines go, uninterpreted, to
 * {@link io.github.modemvoice.at.AtListener}s; what they mean is each modem family's knowledge
 * ({@code io.github.modemvoice.dialect}). No vendor string lives here.
 */
package io.github.modemvoice.at;
