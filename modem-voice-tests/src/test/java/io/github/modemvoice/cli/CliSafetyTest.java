package io.github.modemvoice.cli;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.RecordingInProgress;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI refuses storage it cannot use (item 3) and prints caller text as data (item 7). */
class CliSafetyTest {
    /** A caller id as a hostile network (or a crafted metadata file) could deliver it. */
    private static final String HOSTILE = "+49151\u009B2J\u001B[31m\u202Eevil\u2066x\u2069";

    @TempDir
    Path tmp;

    @Test
    void answerRefusesToStartOnADirectoryItCannotUse() throws Exception {
        Path file = Files.writeString(tmp.resolve("voicemail"), "not a directory");
        CliRun run = CliRun.of("answer", "--at-port", tmp.resolve("no-such-port").toString(), "--dir", file.toString());
        assertThat(run.status()).as("%s", run).isEqualTo(ExitStatus.STORAGE_UNUSABLE);
        assertThat(run.err()).contains("cannot store messages in " + file + ": exists and is not a directory");

        Path blocked = file.resolve("messages");
        CliRun under = CliRun.of("answer", "--at-port", tmp.resolve("no-such-port").toString(), "--dir", blocked.toString());
        assertThat(under.status()).isEqualTo(ExitStatus.STORAGE_UNUSABLE);
        assertThat(under.err()).contains(blocked.toString()).contains("does not exist and cannot be created");
    }

    @Test
    void showAndListPrintCallerTextAsData() throws Exception {
        Path dir = tmp.resolve("messages");
        String id = "20261121T221503Z-kfqnkwne";
        Instant t = Instant.parse("2026-11-21T22:15:03Z");
        try (DirectoryMessageStore store = new DirectoryMessageStore(dir)) {
            // stored raw, as another program (or an older version) could have written it
            Path part = store.beginRecording(new RecordingInProgress(id, "call-1", Optional.of(HOSTILE), HOSTILE,
                    CallerPrivacy.Policy.FULL, t));
            WavWriter.writeAll(part, Prompt.tone(440, Duration.ofMillis(500), 0.3));
            store.store(VoicemailMessage.builder().id(id).callId("call-1").caller(Optional.of(HOSTILE))
                    .callerRedacted(HOSTILE).callerPolicy(CallerPrivacy.Policy.FULL).startedAt(t)
                    .endedAt(t.plusMillis(500)).durationSeconds(0.5).sizeBytes(8044)
                    .terminationReason(TerminationReason.CALLER_HANGUP).transcript("hello \u001B]0;pwned\u0007").build(),
                    part);
        }
        CliRun show = CliRun.of("show", "--dir", dir.toString(), id);
        assertThat(show.status()).isEqualTo(ExitStatus.OK);
        assertNoTerminalControls(show.out());
        assertThat(show.out()).contains("\\u009B2J").contains("\\u001B").contains("\\u202Eevil");
        // what show prints is still JSON with the same values
        String json = show.out().substring(0, show.out().lastIndexOf("}") + 1);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("caller").asText()).isEqualTo(HOSTILE);

        CliRun list = CliRun.of("list", "--dir", dir.toString());
        assertThat(list.status()).isEqualTo(ExitStatus.OK);
        assertNoTerminalControls(list.out());
        assertThat(list.out()).contains("\\u202E").contains("hello \\u001B]0;pwned\\u0007");
    }

    @Test
    void theAnsweringMachinesProgressIsEscapedToo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output out = new Output(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        out.step("incoming call from " + HOSTILE);
        out.raw("{\n  \"caller\" : \"" + HOSTILE + "\"\n}");
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertNoTerminalControls(printed);
        assertThat(printed).contains("incoming call from +49151\\u009B2J\\u001B[31m\\u202Eevil\\u2066x\\u2069")
                .contains("{\n  \"caller\"");
    }

    private static void assertNoTerminalControls(String printed) {
        for (int i = 0; i < printed.length(); i++) {
            char c = printed.charAt(i);
            boolean allowed = c == '\n' || c == '\t' || c >= 0x20 && c < 0x7F || c > 0x9F && c != 0x202E && c != 0x2066
                    && c != 0x2069;
            assertThat(allowed).as("character U+%04X at %d of: %s", (int) c, i, printed).isTrue();
        }
    }
}
