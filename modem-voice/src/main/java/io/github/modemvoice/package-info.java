/**
 * modem-voice: an AT-command modem as a voice endpoint, and a voicemail box on top of it.
 *
 * <p>Layers, bottom up: {@code transport} (bytes), {@code at} (commands and unsolicited result
 * codes), {@code dialect} (modem families), {@code audio} (PCM, WAV, tones, detection),
 * {@code call} (Modem, CallSession), {@code voicemail}, {@code routing}, {@code pipeline}.
 */
package io.github.modemvoice;
