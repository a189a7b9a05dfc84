package io.github.modemvoice.voicemail;

import io.github.modemvoice.ModemVoiceException;

import java.util.Optional;

/**
 * Recording a voicemail failed (a disk error, a modem failure during the greeting or the
 * recording, a store that could not save). The call has been hung up. When audio had been
 * captured, it was kept: either saved as a message ({@link #partialMessage()}), or left in the
 * store's in-progress area for {@link MessageStore#recover()} to finish.
 */
public class VoicemailException extends ModemVoiceException {
    private final transient VoicemailMessage partial;

    /**
     * @param message what went wrong (never a caller's number)
     * @param cause   the underlying failure
     * @param partial the message saved from the audio captured before the failure, or null
     */
    public VoicemailException(String message, Throwable cause, VoicemailMessage partial) {
        super(message, cause);
        this.partial = partial;
    }

    /** @return the message saved from the audio captured before the failure, if any */
    public Optional<VoicemailMessage> partialMessage() {
        return Optional.ofNullable(partial);
    }
}
