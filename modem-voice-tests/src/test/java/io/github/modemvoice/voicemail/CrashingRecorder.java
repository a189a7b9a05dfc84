package io.github.modemvoice.voicemail;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Child process of {@link CrashRecoveryTest}: starts a recording in a directory store and streams
 * a caller's voice into it as the call layer does (20 ms frames, forced to disk every second of
 * audio), printing {@code synced <bytes>} after each sync, until it is killed.
 */
public final class CrashingRecorder {
    private CrashingRecorder() {
    }

    /**
     * @param args the directory, the message id
     */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String id = args[1];
        DirectoryMessageStore store = new DirectoryMessageStore(dir);
        Path part = store.beginRecording(new RecordingInProgress(id, "call-crash-1", Optional.of("+4915112344567"),
                "+***4567", CallerPrivacy.Policy.FULL, Instant.parse("2026-11-21T22:15:03Z")));
        byte[] frame = Prompt.tone(440, Duration.ofMillis(20), 0.5).pcm();
        WavWriter w = WavWriter.create(part);
        long written = 0;
        long lastSync = 0;
        long next = System.nanoTime();
        while (true) {
            w.write(frame);
            written += frame.length;
            if (written - lastSync >= 16000) {
                w.sync();
                lastSync = written;
                System.out.println("synced " + written);
                System.out.flush();
            }
            next += 5_000_000; // four times real time
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }
}
