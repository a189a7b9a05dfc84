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
        return VoicemailMessage.builder().id(MessageIds.newId(start)).callId("call-1")
                .caller(privacy.apply(Optional.of(NUMBER))).callerRedacted("+***4567").callerPolicy(privacy.policy())
                .startedAt(start).endedAt(start.plusSeconds(42)).durationSeconds(42.0).sizeBytes(672_044)
                .terminationReason(TerminationReason.SILENCE).transcript(transcript).build();
    }
}
