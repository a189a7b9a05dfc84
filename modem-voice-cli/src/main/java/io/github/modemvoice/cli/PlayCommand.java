package io.github.modemvoice.cli;

import io.github.modemvoice.CallerText;
import io.github.modemvoice.internal.AtomicFiles;
import io.github.modemvoice.voicemail.MessageStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/** Plays a message on this machine's sound device, or copies its WAV to a file. */
@Command(name = "play", mixinStandardHelpOptions = true,
        description = "Play a message on the local sound device (javax.sound.sampled), or write a copy with --to.")
final class PlayCommand extends MailboxCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The message id.")
    String id;

    @Option(names = "--to", paramLabel = "FILE", description = "Write the message's WAV to FILE (which must not exist; "
            + "mode 0600, as private as the mailbox) instead of playing it.")
    Path to;

    @Option(names = "--mark-heard", description = "Mark the message heard once it was played (or copied).")
    boolean markHeard;

    @Override
    int run(MessageStore store) throws IOException {
        if (find(store, id).isEmpty()) {
            return status();
        }
        int status = to != null ? copy(store) : play(store);
        if (status == ExitStatus.OK && markHeard) {
            store.markHeard(id, true);
        }
        return status;
    }

    private int copy(MessageStore store) throws IOException {
        boolean created = false;
        try (InputStream in = store.openAudio(id)) {
            // the copy is as private as the mailbox: 0600, whatever the umask
            FileChannel ch = FileChannel.open(to, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    AtomicFiles.privateFile());
            created = true;
            long n;
            try (OutputStream o = Channels.newOutputStream(ch)) {
                n = in.transferTo(o);
                ch.force(true);
            }
            out().println("message " + id + " written to " + CallerText.escape(to.toString()) + " (" + n + " bytes)");
            return ExitStatus.OK;
        } catch (FileAlreadyExistsException e) {
            err().println("modem-voice: " + CallerText.escape(to.toString()) + " exists; not overwritten");
            return ExitStatus.STORAGE_UNUSABLE;
        } catch (IOException e) {
            if (created) {
                // a part of the copy (a full disk) is not left to block the next try as "exists"
                try {
                    Files.deleteIfExists(to);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            err().println("modem-voice: cannot write " + CallerText.escape(to.toString()) + ": " + AtomicFiles.describe(e));
            return ExitStatus.STORAGE_UNUSABLE;
        }
    }

    private int play(MessageStore store) throws IOException {
        try (InputStream raw = store.openAudio(id);
             AudioInputStream audio = AudioSystem.getAudioInputStream(new BufferedInputStream(raw))) {
            AudioFormat format = audio.getFormat();
            SourceDataLine line;
            try {
                line = AudioSystem.getSourceDataLine(format);
                line.open(format);
            } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
                // IllegalArgumentException: no mixer at all offers such a line (a headless machine)
                err().println("modem-voice: no sound device to play on (" + e.getMessage() + "); "
                        + "write a copy with: play --to FILE " + id);
                return ExitStatus.NO_SOUND_DEVICE;
            }
            try (line) {
                line.start();
                byte[] buf = new byte[4096];
                int n;
                out().println("playing message " + id + " (" + String.format(java.util.Locale.ROOT, "%.1f s",
                        audio.getFrameLength() / (double) format.getFrameRate()) + ")");
                while ((n = audio.read(buf)) > 0) {
                    line.write(buf, 0, n - n % format.getFrameSize());
                }
                line.drain();
            }
            return ExitStatus.OK;
        } catch (UnsupportedAudioFileException e) {
            err().println("modem-voice: message " + id + ": the stored audio is not a WAV the JDK can play: " + e.getMessage());
            return ExitStatus.STORAGE_UNUSABLE;
        }
    }
}
