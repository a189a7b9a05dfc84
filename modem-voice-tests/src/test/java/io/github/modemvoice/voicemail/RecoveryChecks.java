package io.github.modemvoice.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modemvoice.call.TerminationReason;
import java.util.List;

/** What every crash-recovery test checks first about the message that {@code recover()} finished. */
final class RecoveryChecks {
    private RecoveryChecks() {
    }

    /**
     * {@code store.recover()} finishes exactly one message: {@code id}, ended as INTERRUPTED, with
     * the caller and the call id its recording began with.
     *
     * @return the recovered message
     */
    static VoicemailMessage assertRecoversOneInterrupted(MessageStore store, String id, String callId) {
        List<VoicemailMessage> recovered = store.recover();
        assertThat(recovered).hasSize(1);
        VoicemailMessage m = recovered.get(0);
        assertThat(m.id()).isEqualTo(id);
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.INTERRUPTED);
        assertThat(m.caller()).contains("+4915112344567");
        assertThat(m.callId()).isEqualTo(callId);
        return m;
    }
}
