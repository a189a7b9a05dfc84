package io.github.modemvoice.faults;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.sim.CallScript;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.MessageStoreException;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailException;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The message directory fills up (a 64 KiB tmpfs) during a recording or while the metadata is
 * written, or the store fails (an injected failure): the caller of the box gets a
 * {@link VoicemailException} naming the message, the audio already written stays a valid WAV, the
 * JSON sidecar is complete or absent, and {@link MessageStore#recover()} completes the message
 * once there is room again. Real calls: a real {@code Modem} against a {@code SimulatedModem}.
 */
class DiskErrorTest {
    @TempDir
    Path tmp;
    private Path mountPoint;
    private boolean mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", "-l", mountPoint.toString());
        }
    }

    /** Mounts a 64 KiB tmpfs, or skips the test (with the reason) when this machine does not allow it. */
    private Path smallDisk() throws Exception {
        mountPoint = Files.createDirectory(tmp.resolve("small"));
        String out = run("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", mountPoint.toString());
        assumeTrue(out == null, "cannot mount a tmpfs here (needs root): " + out);
        mounted = true;
        return mountPoint;
    }

    /** @return null on success, otherwise what went wrong */
    private static String run(String... cmd) throws Exception {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", cmd) + ": timed out";
            }
            return p.exitValue() == 0 ? null : String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + text;
        } catch (IOException e) {
            return String.join(" ", cmd) + ": " + e.getMessage();
        }
    }

    /** Fills the file system until only {@code leave} bytes are free (0: full). */
    private static Path fill(Path mount, long leave) throws IOException {
        Path filler = mount.resolve("filler.bin");
        long free = Files.getFileStore(mount).getUsableSpace();
        long want = Math.max(0, free - leave) + (Files.exists(filler) ? Files.size(filler) : 0);
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocate(4096);
            long at = ch.size();
            try {
                while (at < want) {
                    page.clear();
                    page.limit((int) Math.min(4096, want - at));
                    at += ch.write(page, at);
                }
            } catch (IOException full) {
                // as full as it gets
            }
        }
        return filler;
    }

    private static VoicemailBox.Builder box(MessageStore store, Duration max) {
        return VoicemailBox.builder().store(store).greeting(FaultFixtures.GREETING)
                .minDuration(Duration.ofMillis(100)).maxDuration(max).silenceTimeout(Duration.ZERO);
    }

    /** A caller who keeps talking until the host hangs up. */
    private static CallScript talker() {
        return CallScript.builder().callerAudio(Prompt.tone(440, Duration.ofMillis(200), 0.4))
                .hostPause(Duration.ofMillis(30)).ending(CallScript.Ending.LENGTH_LIMIT)
                .hangupTimeout(Duration.ofSeconds(20)).build();
    }

    private static VoicemailException expectFailure(VoicemailBox box) throws Exception {
        try {
            Object o = FaultFixtures.simulatedCall(box, talker());
            throw new AssertionError("the box did not report the disk error; it returned " + o);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(VoicemailException.class);
            return (VoicemailException) e.getCause();
        }
    }

    private static String allMessages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c).append(" | ");
            for (Throwable s : c.getSuppressed()) {
                b.append(" suppressed: ").append(allMessages(s));
            }
        }
        return b.toString();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** The audio on disk (finished or in progress) is a valid WAV whose header matches its length. */
    private static WavInfo assertValidWav(Path dir, String id) throws IOException {
        Path wav = Files.isRegularFile(dir.resolve(id + ".wav")) ? dir.resolve(id + ".wav") : dir.resolve(id + ".wav.part");
        assertThat(wav).exists();
        WavInfo info = WavReader.inspect(wav);
        assertThat(info.isInternalFormat()).isTrue();
        assertThat(info.dataLength()).as("header data length of %s", wav).isEqualTo(Files.size(wav) - 44);
        assertThat(info.dataLength()).isPositive();
        try (InputStream in = WavReader.openPcm(wav)) {
            assertThat(in.readAllBytes()).hasSize((int) info.dataLength());
        }
        return info;
    }

    /** The sidecar is either absent or complete (and never a half-written temporary left behind). */
    private static void assertSidecarCompleteOrAbsent(Path dir, String id, DirectoryMessageStore store)
            throws IOException {
        if (Files.exists(dir.resolve(id + ".json"))) {
            assertThat(store.get(id)).as("a complete, readable sidecar").isPresent();
        }
        assertThat(names(dir)).noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void diskFullDuringTheRecording() throws Exception {
        Path mount = smallDisk();
        Path dir = mount.resolve("messages");
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        Files.createDirectories(dir);
        // room for the sidecar and about 1 s of audio, then ENOSPC in the middle of a 5 s recording
        Path filler = fill(mount, 20 * 1024);

        VoicemailException e = expectFailure(box(store, Duration.ofSeconds(5)).build());

        List<String> files = names(dir);
        String id = files.stream().filter(n -> n.endsWith(".wav") || n.endsWith(".wav.part"))
                .map(n -> n.substring(0, n.indexOf('.'))).findFirst()
                .orElseThrow(() -> new AssertionError("the audio is gone: " + files));
        assertThat(e.getMessage()).as("the error names the message").contains(id);
        assertThat(allMessages(e)).as("the cause names the file and the reason")
                .contains(dir.resolve(id).toString()).containsIgnoringCase("space");
        WavInfo kept = assertValidWav(dir, id);
        assertThat(kept.duration()).isGreaterThan(Duration.ofMillis(300));
        assertSidecarCompleteOrAbsent(dir, id, store);
        e.partialMessage().ifPresent(m -> assertThat(m.terminationReason()).isNotNull());

        // room again: recovery completes whatever the box could not
        Files.delete(filler);
        store.recover();
        assertThat(FaultFixtures.assertOnlyCompleteMessages(dir, store)).isEqualTo(1);
        VoicemailMessage m = store.get(id).orElseThrow();
        assertThat(m.durationSeconds()).isCloseTo(kept.dataLength() / 16000.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(m.caller()).as("the caller survives in the in-progress sidecar").isPresent();

        // and the next call works
        assertThat(FaultFixtures.simulatedCall(box(store, Duration.ofMillis(500)).build(), talker()).message())
                .isPresent();
        assertThat(FaultFixtures.assertOnlyCompleteMessages(dir, store)).isEqualTo(2);
        store.close();
    }

    @Test
    void diskFullWhileTheMetadataIsWritten() throws Exception {
        Path mount = smallDisk();
        Path dir = mount.resolve("messages");
        DirectoryMessageStore real = new DirectoryMessageStore(dir);
        List<Path> fillers = new ArrayList<>();
        MessageStore store = new ForwardingStore(real) {
            @Override
            public VoicemailMessage store(VoicemailMessage message, Path recording) {
                try {
                    fillers.add(fill(mount, 0)); // the recording is finished; now the disk is full
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return super.store(message, recording);
            }
        };
        VoicemailException e = expectFailure(box(store, Duration.ofMillis(500)).build());

        List<String> files = names(dir);
        String id = files.stream().filter(n -> n.endsWith(".wav")).map(n -> n.substring(0, n.indexOf('.')))
                .findFirst().orElseThrow(() -> new AssertionError("the audio is gone: " + files));
        assertThat(e.getMessage()).contains(id).contains("audio is kept");
        assertThat(e.getCause()).isInstanceOf(MessageStoreException.class);
        assertThat(((MessageStoreException) e.getCause()).file()).contains(dir.resolve(id + ".json"));
        assertThat(assertValidWav(dir, id).dataLength()).isEqualTo(8000);
        assertThat(dir.resolve(id + ".json")).doesNotExist();
        assertSidecarCompleteOrAbsent(dir, id, real);

        Files.delete(fillers.get(0));
        assertThat(real.recover()).hasSize(1);
        assertThat(FaultFixtures.assertOnlyCompleteMessages(dir, real)).isEqualTo(1);
        real.close();
    }

    /** Portable variant (no mount): the store fails when the message is stored. */
    @Test
    void storeFailureKeepsTheAudioForRecovery(@TempDir Path dir) throws Exception {
        DirectoryMessageStore real = new DirectoryMessageStore(dir);
        MessageStore store = new ForwardingStore(real) {
            @Override
            public VoicemailMessage store(VoicemailMessage message, Path recording) {
                throw new MessageStoreException(recording, "injected: No space left on device");
            }
        };
        VoicemailException e = expectFailure(box(store, Duration.ofMillis(500)).build());
        String id = names(dir).stream().filter(n -> n.endsWith(".wav.part"))
                .map(n -> n.substring(0, n.indexOf('.'))).findFirst().orElseThrow();
        assertThat(e.getMessage()).contains(id).contains("No space left on device");
        assertThat(assertValidWav(dir, id).dataLength()).isEqualTo(8000);
        assertThat(dir.resolve(id + ".json")).doesNotExist();
        // the wrapper never reached the directory store, so this process still holds the
        // recording's lock; a restart (a new store after close) recovers it
        assertThat(real.recover()).isEmpty();
        real.close();
        DirectoryMessageStore restarted = new DirectoryMessageStore(dir);
        assertThat(restarted.recover()).hasSize(1);
        assertThat(FaultFixtures.assertOnlyCompleteMessages(dir, restarted)).isEqualTo(1);
        assertThat(restarted.get(id).orElseThrow().terminationReason()).isEqualTo(TerminationReason.INTERRUPTED);
        restarted.close();
    }

    /**
     * Moving the finished recording into place fails inside the directory store (here: a
     * directory squats on {@code <id>.wav}). Regression: the in-progress sidecar stayed locked and
     * its channel open for the life of the store, so recover() in the same process skipped the
     * message ("recording right now") and every such failure leaked a file descriptor.
     */
    @Test
    void failedMoveIntoPlaceIsRecoverableInTheSameProcess(@TempDir Path dir) throws Exception {
        DirectoryMessageStore real = new DirectoryMessageStore(dir);
        MessageStore store = new ForwardingStore(real) {
            @Override
            public VoicemailMessage store(VoicemailMessage message, Path recording) {
                try {
                    Files.createDirectories(dir.resolve(message.id() + ".wav").resolve("squatter"));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return super.store(message, recording);
            }
        };
        long fdsBefore = SoakTest.openFileDescriptors();
        VoicemailException e = expectFailure(box(store, Duration.ofMillis(500)).build());
        String id = names(dir).stream().filter(n -> n.endsWith(".wav.part"))
                .map(n -> n.substring(0, n.indexOf('.'))).findFirst().orElseThrow();
        assertThat(e.getMessage()).contains(id).contains("cannot move the recording into place");
        assertThat(e.getCause()).isInstanceOf(MessageStoreException.class);
        assertThat(assertValidWav(dir, id).dataLength()).isEqualTo(8000);
        assertThat(dir.resolve(id + ".json")).doesNotExist();
        FaultFixtures.await("no file descriptor left open", Duration.ofSeconds(5),
                () -> SoakTest.openFileDescriptors() <= fdsBefore);

        Files.delete(dir.resolve(id + ".wav").resolve("squatter"));
        Files.delete(dir.resolve(id + ".wav"));
        assertThat(real.recover()).as("recovered in the same process").hasSize(1);
        assertThat(FaultFixtures.assertOnlyCompleteMessages(dir, real)).isEqualTo(1);
        real.close();
    }

    /** A MessageStore that forwards everything; tests override the step that fails. */
    static class ForwardingStore extends io.github.modemvoice.testing.ForwardingMessageStore {
        ForwardingStore(MessageStore d) {
            super(d);
        }
    }
}
