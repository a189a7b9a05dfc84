package io.github.modemvoice.voicemail;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VoicemailBoxBuilderTest {
    @TempDir
    Path tmp;

    private VoicemailBox.Builder valid() {
        return VoicemailBox.builder().directory(tmp.resolve("vm")).greeting(Prompt.tone(500, Duration.ofMillis(100), 0.2));
    }

    private void rejects(UnaryOperator<VoicemailBox.Builder> change, String field) {
        assertThatThrownBy(() -> change.apply(valid()).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field);
    }

    /** A WAV header for 44.1 kHz stereo with a little audio, in the given format. */
    private Path wav(String name, int tag, int bits) throws Exception {
        int align = 2 * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + 400).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 400).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) tag).putShort((short) 2).putInt(44100).putInt(44100 * align).putShort((short) align)
                .putShort((short) bits).put("data".getBytes()).putInt(400);
        return Files.write(tmp.resolve(name), b.array());
    }

    @Test
    void defaults() {
        VoicemailBox box = valid().build();
        assertThat(box.maxDuration()).isEqualTo(Duration.ofSeconds(120));
        assertThat(box.minDuration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(box.finishKeys()).isEqualTo("#");
        assertThat(box.silenceTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(box.callerPrivacy().policy()).isEqualTo(CallerPrivacy.Policy.FULL);
        assertThat(box.store()).isInstanceOf(DirectoryMessageStore.class);
        assertThat(tmp.resolve("vm")).doesNotExist();
    }

    @Test
    void aGreetingInAnotherFormatIsConvertedAndOneThatCannotBeFailsAtBuildNamingFieldAndFormat() throws Exception {
        Path cd = wav("cd.wav", 1, 16);
        valid().greeting(cd).goodbye(cd).build(); // 44.1 kHz 16-bit stereo: converted to 8 kHz mono
        Path adpcm = wav("adpcm.wav", 2, 4);
        assertThatThrownBy(() -> valid().greeting(adpcm).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("greeting: ").hasMessageContaining("adpcm.wav")
                .hasMessageContaining("44100 Hz 4-bit stereo MS ADPCM");
        assertThatThrownBy(() -> valid().goodbye(adpcm).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("goodbye: ").hasMessageContaining("44100 Hz");
        rejects(b -> b.greeting(tmp.resolve("missing.wav")), "greeting");
        Path garbage = Files.writeString(tmp.resolve("garbage.wav"), "this is not a WAV file at all");
        rejects(b -> b.greeting(garbage), "greeting");
    }

    @Test
    void greetingFromAValidWavFile() {
        Path wav = tmp.resolve("greeting.wav");
        WavWriter.writeAll(wav, Prompt.tone(500, Duration.ofMillis(300), 0.3));
        assertThat(valid().greeting(wav).goodbye(wav).build()).isNotNull();
    }

    @Test
    void everyFieldIsValidatedByName() throws Exception {
        rejects(b -> b.directory(null), "store");
        rejects(b -> b.store(new DirectoryMessageStore(tmp)), "store");
        Path file = Files.createFile(tmp.resolve("file"));
        rejects(b -> b.directory(file), "directory");
        rejects(b -> b.greeting((Prompt) null), "greeting");
        rejects(b -> b.beep((Prompt) null), "beep");
        rejects(b -> b.maxDuration(null), "maxDuration");
        rejects(b -> b.maxDuration(Duration.ZERO), "maxDuration");
        rejects(b -> b.maxDuration(Duration.ofSeconds(-1)), "maxDuration");
        rejects(b -> b.maxDuration(Duration.ofHours(2)), "maxDuration");
        rejects(b -> b.maxDuration(Duration.ofSeconds(Long.MAX_VALUE)), "maxDuration");
        rejects(b -> b.minDuration(null), "minDuration");
        rejects(b -> b.minDuration(Duration.ofMillis(-1)), "minDuration");
        rejects(b -> b.maxDuration(Duration.ofSeconds(5)).minDuration(Duration.ofSeconds(5)), "minDuration");
        rejects(b -> b.finishKeys(null), "finishKeys");
        rejects(b -> b.finishKeys("#x"), "finishKeys");
        rejects(b -> b.silenceTimeout(null), "silenceTimeout");
        rejects(b -> b.silenceTimeout(Duration.ofSeconds(-1)), "silenceTimeout");
        rejects(b -> b.silenceTimeout(Duration.ofDays(1)), "silenceTimeout");
        rejects(b -> b.callerPrivacy(null), "callerPrivacy");
        rejects(b -> b.clock(null), "clock");
        rejects(b -> b.listener(null), "listener");
        assertThatThrownBy(() -> CallerPrivacy.hmac(new byte[8])).hasMessageStartingWith("callerPrivacy");
        assertThat(valid().finishKeys("").silenceTimeout(Duration.ZERO).minDuration(Duration.ZERO).build()
                .finishKeys()).isEmpty();
    }
}
