/**
 * The voicemail box: {@link io.github.modemvoice.voicemail.VoicemailBox} turns one answered call
 * into one stored {@link io.github.modemvoice.voicemail.VoicemailMessage} (greeting, beep,
 * bounded recording, goodbye, hangup, metadata) in a
 * {@link io.github.modemvoice.voicemail.MessageStore}; the embedded default is
 * {@link io.github.modemvoice.voicemail.DirectoryMessageStore} ({@code <id>.wav} + {@code <id>.json}
 * per message, crash recovery of recordings in progress). File names hold message ids only; how
 * much of the caller's number the metadata keeps is set by
 * {@link io.github.modemvoice.voicemail.CallerPrivacy}.
 */
package io.github.modemvoice.voicemail;
