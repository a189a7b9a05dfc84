package io.github.modemvoice.voicemail;

import io.github.modemvoice.call.TerminationReason;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VoicemailMessageTest {
    private static final Instant T = Instant.parse("2026-11-21T22:15:03Z");

    private static VoicemailMessage.Builder minimal() {
        return VoicemailMessage.builder().id(MessageIds.newId(T)).callId("call-1").callerRedacted("withheld")
                .callerPolicy(CallerPrivacy.Policy.REDACTED).startedAt(T).endedAt(T.plusSeconds(3))
                .terminationReason(TerminationReason.SILENCE);
    }

    @Test
    void builderDefaultsAreThoseOfANewUnheardMessageWithoutFiles() {
        VoicemailMessage m = minimal().build();
        assertThat(m.schemaVersion()).isEqualTo(VoicemailMessage.SCHEMA_VERSION);
        assertThat(m.audioPath()).isEmpty();
        assertThat(m.metadataPath()).isEmpty();
        assertThat(m.caller()).isEmpty();
        assertThat(m.sampleRate()).isEqualTo(8000);
        assertThat(m.finishKey()).isEmpty();
        assertThat(m.heard()).isFalse();
        assertThat(m.transcript()).isEmpty();
        assertThat(m.transcriptError()).isEmpty();
    }

    @Test
    void durationIsKeptAsSecondsAndReadBackAsADuration() {
        VoicemailMessage m = minimal().duration(Duration.ofMillis(2_750)).build();
        assertThat(m.durationSeconds()).isEqualTo(2.75);
        assertThat(m.duration()).isEqualTo(Duration.ofMillis(2_750));
    }

    @Test
    void toBuilderCopiesEveryValue() {
        VoicemailMessage m = minimal().audioPath(Optional.of(Path.of("a.wav"))).metadataPath(Optional.of(Path.of("a.json")))
                .caller(Optional.of("+4915112344567")).durationSeconds(3.0).sizeBytes(48_044).sampleRate(8000)
                .finishKey(Optional.of('#')).heard(true).transcript("hi").transcriptError(Optional.of("x")).build();
        assertThat(m.toBuilder().build()).isEqualTo(m);
        assertThat(m.withHeard(false)).isEqualTo(m.toBuilder().heard(false).build()).isNotEqualTo(m);
    }

    @Test
    void aMissingRequiredValueIsNamed() {
        assertThatThrownBy(() -> minimal().callId(null).build()).isInstanceOf(NullPointerException.class)
                .hasMessage("callId");
        assertThatThrownBy(() -> minimal().durationSeconds(-1).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("durationSeconds");
    }
}
