package io.github.modemvoice.faults;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.CallState;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.cli.CliRun;
import io.github.modemvoice.cli.ExitStatus;
import io.github.modemvoice.routing.AfterHoursCallHandler;
import io.github.modemvoice.routing.BusinessHours;
import io.github.modemvoice.routing.CallFlowEvent;
import io.github.modemvoice.routing.CallFlowState;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.ForwardingMessageStore;
import io.github.modemvoice.testing.SimulatedCallReport;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.MessageStoreException;
import io.github.modemvoice.voicemail.RecordingInProgress;
import io.github.modemvoice.voicemail.StorageCheck;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailException;
import io.github.modemvoice.voicemail.VoicemailMessage;
import io.github.modemvoice.voicemail.VoicemailOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Disk errors on a real, small tmpfs (mounted per test; the cases skip with the reason when this
 * machine does not allow a mount) and injected store failures. The disk fills up during a
 * recording: the message ends with STORAGE_FULL, is published with a goodbye, and the next call
 * is not answered; it fills up while the metadata is written: the metadata goes through the
 * sidecar's reserve; {@code recover} on a full disk exits 73; the storage check and the
 * directory's permissions on a real file system; a failing store keeps the audio for
 * {@link MessageStore#recover()} ({@link VoicemailException} naming the message). Real calls: a
 * real {@code Modem} against a {@code SimulatedModem}.
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

    /** Mounts a small tmpfs, or skips the test (with the reason) when this machine does not allow it. */
    private Path smallDisk(String size) throws Exception {
        mountPoint = Files.createDirectory(tmp.resolve("small"));
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", mountPoint.toString());
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


    /**
     * The disk fills up about 1 s into a 5 s message: the recording ends with STORAGE_FULL, the
     * audio written so far is kept (a valid WAV), the metadata is published all the same
     * (written over the space the in-progress sidecar reserved), the caller hears the goodbye
     * before the hangup, and the storage check now refuses the next call.
     */
    @Test
    void diskFullDuringTheRecording() throws Exception {
        Path mount = smallDisk("64k");
        Path dir = mount.resolve("messages");
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        Files.createDirectories(dir);
        // room for the sidecar and about 1 s of audio, then ENOSPC in the middle of a 5 s recording
        fill(mount, 20 * 1024);

        VoicemailBox box = box(store, Duration.ofSeconds(5)).goodbye(FaultFixtures.GOODBYE).build();
        Map.Entry<VoicemailOutcome, SimulatedCallReport> call = FaultFixtures.simulatedCallWithReport(box, talker());

        VoicemailMessage m = call.getKey().message().orElseThrow(() -> new AssertionError("no message: " + call));
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.STORAGE_FULL);
        assertThat(m.durationSeconds()).isBetween(0.3, 4.9);
        assertThat(m.caller()).contains("+4915112344567");
        assertThat(FaultFixtures.assertOnlyCompleteMessages(dir, store)).isEqualTo(1);
        assertThat(store.get(m.id()).orElseThrow().terminationReason()).isEqualTo(TerminationReason.STORAGE_FULL);
        Duration played = call.getValue().hostAudioDuration();
        assertThat(played).as("greeting, beep and goodbye were played")
                .isGreaterThanOrEqualTo(FaultFixtures.GREETING.duration().plus(Prompt.beep().duration())
                        .plus(FaultFixtures.GOODBYE.duration()).minusMillis(20));

        StorageCheck.Result next = box.storageCheck().check();
        assertThat(next.ok()).isFalse();
        assertThat(next.location()).isEqualTo(dir.toString());
        assertThat(next.reason()).containsAnyOf("the disk is full", "free; a message of the maximum length needs");
        store.close();
    }

    /** The disk fills up after the recording: the metadata goes through the sidecar's reserved space. */
    @Test
    void diskFullWhileTheMetadataIsWritten() throws Exception {
        Path mount = smallDisk("64k");
        Path dir = mount.resolve("messages");
        DirectoryMessageStore real = new DirectoryMessageStore(dir);
        MessageStore store = storingWith(real, (message, recording) -> {
            fill(mount, 0); // the recording is finished; now the disk is full
            return real.store(message, recording);
        });
        VoicemailMessage m = FaultFixtures.simulatedCall(box(store, Duration.ofMillis(500)).build(), talker())
                .message().orElseThrow();
        assertThat(m.terminationReason()).isEqualTo(TerminationReason.MAX_DURATION);
        assertThat(assertValidWav(dir, m.id()).dataLength()).isEqualTo(8000);
        assertThat(real.get(m.id()).orElseThrow().caller()).contains("+4915112344567");
        assertThat(FaultFixtures.assertOnlyCompleteMessages(dir, real)).isEqualTo(1);
        real.close();
    }

    /**
     * A recording left by a crash on a full disk without its sidecar (nothing reserved for the
     * metadata): {@code recover} says the disk is full, names what it could not finish and exits
     * {@link ExitStatus#STORAGE_UNUSABLE}; once there is room it finishes the message and exits 0.
     */
    @Test
    void recoverOnAFullDiskSaysSoAndExitsNonZero() throws Exception {
        Path mount = smallDisk("2m");
        Path dir = Files.createDirectory(mount.resolve("messages"));
        String id = "20261121T221503Z-kfqnkwne";
        try (WavWriter w = WavWriter.create(dir.resolve(id + ".wav.part"))) {
            w.write(Prompt.tone(440, Duration.ofSeconds(2), 0.4).pcm());
        }
        Path filler = fill(mount, 0);

        CliRun full = CliRun.of("recover", "--dir", dir.toString());
        assertThat(full.status()).as("%s", full).isEqualTo(ExitStatus.STORAGE_UNUSABLE);
        assertThat(full.err()).as("out: %s", full.out()).contains(dir.toString()).contains("the disk is full")
                .contains("1 recording(s) could not be finished").contains(id);
        assertThat(full.out()).doesNotContain("nothing to recover");
        assertThat(names(dir)).anyMatch(n -> n.startsWith(id));

        Files.delete(filler);
        CliRun room = CliRun.of("recover", "--dir", dir.toString());
        assertThat(room.status()).as("%s", room).isEqualTo(ExitStatus.OK);
        assertThat(room.out()).contains("recovered " + id + " (2.0 s");
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        assertThat(FaultFixtures.assertOnlyCompleteMessages(dir, store)).isEqualTo(1);
        store.close();
    }

    /**
     * The storage check on a real file system: usable with room, "only ... free" below the
     * message size plus the margin, "the disk is full" when not even the probe fits, refused on
     * a read-only file system, and usable again as soon as there is room.
     */
    @Test
    void theStorageCheckOnARealFileSystem() throws Exception {
        Path mount = smallDisk("4m");
        Path dir = mount.resolve("messages");
        long message = StorageCheck.bytesFor(Duration.ofSeconds(60)); // 960,044 bytes
        assertThat(StorageCheck.probeDirectory(dir, message).ok()).isTrue();

        Path filler = fill(mount, 1024 * 1024); // 1 MiB left: less than 60 s + the 1 MiB margin
        StorageCheck.Result low = StorageCheck.probeDirectory(dir, message);
        assertThat(low.ok()).isFalse();
        assertThat(low.reason()).startsWith("only 10").contains("KiB free; a message of the maximum length needs 937 KiB");

        fill(mount, 0);
        StorageCheck.Result full = StorageCheck.probeDirectory(dir, message);
        assertThat(full.ok()).isFalse();
        assertThat(full.reason()).startsWith("the disk is full");
        assertThat(names(dir)).as("no probe file left behind").isEmpty();

        Files.delete(filler);
        assertThat(StorageCheck.probeDirectory(dir, message).ok()).isTrue();

        assertThat(run("mount", "-o", "remount,ro", mountPoint.toString())).isNull();
        StorageCheck.Result readOnly = StorageCheck.probeDirectory(dir, message);
        assertThat(readOnly.ok()).isFalse();
        assertThat(readOnly.reason()).contains("Read-only file system");
    }

    /**
     * A message directory others can access whose mode cannot be changed (here: a read-only
     * tmpfs mounted 0777) is refused, by the check and by the store, naming the mode.
     */
    @Test
    void anOpenDirectoryThatCannotBeMadePrivateIsRefused() throws Exception {
        Path mount = smallDisk("64k");
        Files.setPosixFilePermissions(mount, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(run("mount", "-o", "remount,ro", mountPoint.toString())).isNull();
        StorageCheck.Result r = StorageCheck.probeDirectory(mount, 1000);
        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).startsWith("others may access it (mode rwxrwxrwx) and its mode cannot be changed");
        DirectoryMessageStore store = new DirectoryMessageStore(mount);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.recordingFile("20261121T221503Z-kfqnkwne"))
                .isInstanceOf(MessageStoreException.class).hasMessageContaining("others may access it");
        store.close();
    }

    /**
     * The case: on a full disk the daemon answered every caller and hung up at the beep.
     * Now three callers in a row are never answered (left ringing), the log has one ERROR, and
     * the first call after space is freed is answered and its message stored.
     */
    @Test
    void aFullDiskIsNeverAnsweredAndTheFirstCallAfterItIs() throws Exception {
        Path mount = smallDisk("4m");
        Path dir = mount.resolve("messages");
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        VoicemailBox box = box(store, Duration.ofMillis(500)).storageCheck(Duration.ZERO, new VirtualMonotonicClock())
                .build();
        List<CallFlowEvent> flow = new java.util.concurrent.CopyOnWriteArrayList<>();
        AfterHoursCallHandler handler = AfterHoursCallHandler.builder().businessHours(BusinessHours.never())
                .voicemail(box).listener(flow::add).build();
        Path filler = fill(mount, 0);
        List<Boolean> answered = new ArrayList<>();
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (SimulatedModem sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).monotonicClock(new VirtualMonotonicClock())
                .onMockTransports();
             Modem modem = Modem.open(ModemConfig.builder().atPort(sim.hostAtPort()).audioPort(sim.hostAudioPort())
                     .dialect(sim.dialect()).monotonicClock(new VirtualMonotonicClock())
                     .commandTimeout(Duration.ofSeconds(2)).handler(handler).build())) {
            for (int i = 0; i < 3; i++) {
                sim.placeCall(CallScript.builder().rings(2).ringInterval(Duration.ofMillis(100)).build());
                answered.add(sim.awaitCallEnded(Duration.ofSeconds(20)).answered());
                FaultFixtures.await("the modem idle again", Duration.ofSeconds(20), () -> modem.state() == CallState.IDLE);
            }
            Files.delete(filler);
            sim.placeCall(talker());
            answered.add(sim.awaitCallEnded(Duration.ofSeconds(20)).answered());
            FaultFixtures.await("the message stored", Duration.ofSeconds(20), () -> store.list().size() == 1);
        } finally {
            System.setErr(err);
            err.print(log.toString(StandardCharsets.UTF_8));
        }
        assertThat(answered).containsExactly(false, false, false, true);
        assertThat(flow).filteredOn(e -> e.state() == CallFlowState.DISCONNECTED).extracting(CallFlowEvent::detail)
                .hasSize(4).first().asString().contains("not answered").contains(dir.toString())
                .contains("the disk is full").endsWith("left ringing");
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text.split("ERROR io.github.modemvoice.voicemail.StorageCheck", -1)).as(text).hasSize(2);
        assertThat(text).contains("message storage " + dir + " is usable again");
        assertThat(FaultFixtures.assertOnlyCompleteMessages(dir, store)).isEqualTo(1);
        store.close();
    }

    /** Portable variant (no mount): the store fails when the message is stored. */
    @Test
    void storeFailureKeepsTheAudioForRecovery(@TempDir Path dir) throws Exception {
        DirectoryMessageStore real = new DirectoryMessageStore(dir);
        String id = assertStoringFailsButTheRecordingStays(dir, storingWith(real, (message, recording) -> {
            throw new MessageStoreException(recording, "injected: No space left on device");
        }), "No space left on device").id();
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
        MessageStore store = storingWith(real, (message, recording) -> {
            Files.createDirectories(dir.resolve(message.id() + ".wav").resolve("squatter"));
            return real.store(message, recording);
        });
        long fdsBefore = SoakTest.openFileDescriptors();
        StoreFailure failure = assertStoringFailsButTheRecordingStays(dir, store, "cannot move the recording into place");
        String id = failure.id();
        assertThat(failure.e().getCause()).isInstanceOf(MessageStoreException.class);
        FaultFixtures.await("no file descriptor left open", Duration.ofSeconds(5),
                () -> SoakTest.openFileDescriptors() <= fdsBefore);

        Files.delete(dir.resolve(id + ".wav").resolve("squatter"));
        Files.delete(dir.resolve(id + ".wav"));
        assertThat(real.recover()).as("recovered in the same process").hasSize(1);
        assertThat(FaultFixtures.assertOnlyCompleteMessages(dir, real)).isEqualTo(1);
        real.close();
    }

    /** The store step, as a test replaces it (it may do file work first; that failing fails the test). */
    interface StoreStep {
        VoicemailMessage store(VoicemailMessage message, Path recording) throws IOException;
    }

    /** {@code real}, with its store step replaced by {@code step}. */
    static MessageStore storingWith(MessageStore real, StoreStep step) {
        return new ForwardingMessageStore(real) {
            @Override
            public VoicemailMessage store(VoicemailMessage message, Path recording) {
                try {
                    return step.store(message, recording);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
    }

    record StoreFailure(String id, VoicemailException e) {
    }

    /**
     * A call into a box over {@code store} fails when the message is stored, naming the message
     * and {@code error}; its audio stays complete (as {@code <id>.wav.part} or moved into place)
     * beside no metadata.
     */
    private static StoreFailure assertStoringFailsButTheRecordingStays(Path dir, MessageStore store, String error)
            throws Exception {
        VoicemailException e = expectFailure(box(store, Duration.ofMillis(500)).build());
        String id = names(dir).stream().filter(n -> n.endsWith(".wav.part"))
                .map(n -> n.substring(0, n.indexOf('.'))).findFirst().orElseThrow();
        assertThat(e.getMessage()).contains(id).contains(error);
        assertThat(assertValidWav(dir, id).dataLength()).isEqualTo(8000);
        assertThat(dir.resolve(id + ".json")).doesNotExist();
        return new StoreFailure(id, e);
    }
}
