/**
 * Audio in the internal format (16-bit signed little-endian mono PCM at 8000 Hz): WAV
 * reading ({@link io.github.modemvoice.audio.WavReader}) and streaming writing
 * ({@link io.github.modemvoice.audio.WavWriter}), in-memory prompts and tones
 * ({@link io.github.modemvoice.audio.Prompt}, {@link io.github.modemvoice.audio.Dtmf}), wire
 * codecs ({@link io.github.modemvoice.audio.PcmCodec}), playback pacing against a monotonic
 * clock ({@link io.github.modemvoice.audio.PlaybackPacer}), silence detection
 * ({@link io.github.modemvoice.audio.SilenceDetector}) and DTMF detection
 * ({@link io.github.modemvoice.audio.DtmfDetector}).
 *
 * <p>Everything here is pure Java without threads of its own; time is measured in samples or
 * through a {@link io.github.modemvoice.audio.MonotonicClock}, never read from the wall clock.
 */
package io.github.modemvoice.audio;
