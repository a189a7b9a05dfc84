package io.github.modemvoice.pipeline;

import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.VoicemailMessage;

import java.time.Instant;
import java.util.Optional;

/** Test messages. */
final class Messages {
    static final String NUMBER = "+4915112344567";

    private Messages() {
    }

    static VoicemailMessage message(Instant start, CallerPrivacy privacy, String transcript) {
        return new VoicemailMessage(VoicemailMessage.SCHEMA_VERSION, MessageIds.newId(start), Optional.empty(), Optional.empty(),
                "call-1", privacy.apply(Optional.of(NUMBER)), "+***4567", privacy.policy(), start, start.plusSeconds(42),
                42.0, 672_044, 8000, TerminationReason.SILENCE, Optional.empty(), false, transcript, Optional.empty());
    }
}
