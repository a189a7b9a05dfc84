package io.github.modemvoice.pipeline;

import io.github.modemvoice.internal.Threads;
import io.github.modemvoice.OperationInterruptedException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Transcriber} that runs a local speech-to-text program, for example
 * <a href="https://github.com/ggerganov/whisper.cpp">whisper.cpp</a> or pocketsphinx, and
 * takes its standard output (UTF-8) as the transcript.
 *
 * <p>The command is a list of arguments (no shell is involved) in which every occurrence of
 * {@value #WAV_PLACEHOLDER} is replaced by the absolute path of the WAV file:
 * <pre>{@code
 * CommandTranscriber.of("whisper-cli", "-m", "/opt/models/ggml-base.bin", "-f", "{wav}", "-nt")
 * CommandTranscriber.of("pocketsphinx", "single", "{wav}")
 * }</pre>
 *
 * <p>The program gets an empty standard input. When it runs longer than the timeout it is
 * killed together with every process it started. A non-zero exit status, or more standard
 * output than {@link #maxOutputBytes()} (1 MiB unless changed), is a
 * {@link TranscriptionException} that carries the exit status and the tail of the program's
 * standard error. Instances are immutable and thread-safe.
 */
public final class CommandTranscriber implements Transcriber {
    /** The placeholder replaced by the WAV file's path. */
    public static final String WAV_PLACEHOLDER = "{wav}";
    /** The default limit on the program's standard output. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 1 << 20;

    private static final int STDERR_TAIL_BYTES = 2048;
    private static final Duration READER_GRACE = Duration.ofSeconds(2);

    private final List<String> command;
    private final Optional<Path> workingDirectory;
    private final int maxOutputBytes;

    private CommandTranscriber(List<String> command, Optional<Path> workingDirectory, int maxOutputBytes) {
        this.command = command;
        this.workingDirectory = workingDirectory;
        this.maxOutputBytes = maxOutputBytes;
    }

    /**
     * @param command the program and its arguments, with {@value #WAV_PLACEHOLDER} at least once
     * @return a transcriber running that command
     * @throws IllegalArgumentException naming {@code command} if it is empty, has blank or null
     *                                  elements, or lacks the placeholder
     */
    public static CommandTranscriber of(List<String> command) {
        Objects.requireNonNull(command, "command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command: must name a program");
        }
        for (String arg : command) {
            if (arg == null) {
                throw new IllegalArgumentException("command: must not contain null arguments");
            }
        }
        if (command.get(0).isBlank()) {
            throw new IllegalArgumentException("command: the program name is blank");
        }
        if (command.stream().noneMatch(a -> a.contains(WAV_PLACEHOLDER))) {
            throw new IllegalArgumentException("command: must contain the " + WAV_PLACEHOLDER + " placeholder");
        }
        return new CommandTranscriber(List.copyOf(command), Optional.empty(), DEFAULT_MAX_OUTPUT_BYTES);
    }

    /**
     * @param command the program and its arguments, with {@value #WAV_PLACEHOLDER} at least once
     * @return a transcriber running that command
     * @see #of(List)
     */
    public static CommandTranscriber of(String... command) {
        return of(List.of(command));
    }

    /**
     * @param directory the program's working directory
     * @return a copy that runs the program there
     */
    public CommandTranscriber withWorkingDirectory(Path directory) {
        return new CommandTranscriber(command, Optional.of(Objects.requireNonNull(directory, "directory")), maxOutputBytes);
    }

    /**
     * @param bytes the most standard output accepted, at least 1
     * @return a copy with that limit
     * @throws IllegalArgumentException naming {@code maxOutputBytes} if it is not positive
     */
    public CommandTranscriber withMaxOutputBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxOutputBytes: must be at least 1, was " + bytes);
        }
        return new CommandTranscriber(command, workingDirectory, bytes);
    }

    /** @return the command with its placeholder */
    public List<String> command() {
        return command;
    }

    /** @return the limit on standard output in bytes */
    public int maxOutputBytes() {
        return maxOutputBytes;
    }

    @Override
    public String transcribe(Path wav, Duration timeout) {
        Objects.requireNonNull(wav, "wav");
        requirePositive(timeout);
        if (!Files.isRegularFile(wav)) {
            throw new TranscriptionException(wav + ": no such audio file");
        }
        String wavPath = wav.toAbsolutePath().toString();
        List<String> args = new ArrayList<>(command.size());
        for (String a : command) {
            args.add(a.replace(WAV_PLACEHOLDER, wavPath));
        }
        ProcessBuilder pb = new ProcessBuilder(args);
        workingDirectory.ifPresent(d -> pb.directory(d.toFile()));
        String program = programName();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new TranscriptionException(program + ": cannot start: " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the program does not read standard input; nothing to report
        }
        BoundedCapture stdout = new BoundedCapture(process.getInputStream(), maxOutputBytes, false);
        BoundedCapture stderr = new BoundedCapture(process.getErrorStream(), STDERR_TAIL_BYTES, true);
        Thread outThread = Threads.start("transcriber-stdout", stdout);
        Thread errThread = Threads.start("transcriber-stderr", stderr);
        boolean finished;
        try {
            finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new OperationInterruptedException("transcription by " + program, e);
        }
        if (!finished) {
            killTree(process);
            join(outThread);
            join(errThread);
            throw new TranscriptionException(program + ": no transcript within " + timeout
                    + "; the program was killed" + tail(stderr));
        }
        join(outThread);
        join(errThread);
        int exit = process.exitValue();
        if (exit != 0) {
            throw new TranscriptionException(program + " exited with code " + exit + tail(stderr));
        }
        if (stdout.failure != null) {
            throw new TranscriptionException(program + ": cannot read its output: " + stdout.failure, stdout.failure);
        }
        if (stdout.overflowed) {
            throw new TranscriptionException(program + ": printed more than " + maxOutputBytes
                    + " bytes; that is not a transcript");
        }
        return new String(stdout.bytes(), StandardCharsets.UTF_8).strip();
    }

    private String programName() {
        String p = command.get(0);
        int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
        return slash >= 0 ? p.substring(slash + 1) : p;
    }

    static void requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: must be positive, was " + timeout);
        }
    }

    private static void join(Thread t) {
        try {
            t.join(READER_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process and everything it started (snapshot first: orphans leave the tree). */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(READER_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(BoundedCapture stderr) {
        String text = new String(stderr.bytes(), StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "";
        }
        return "; stderr: " + (stderr.overflowed ? "..." : "") + Excerpts.printable(text);
    }

    /**
     * Drains a stream, keeping the first (or, for {@code keepTail}, the last) {@code limit} bytes,
     * so the program never blocks on a full pipe and memory stays bounded.
     */
    private static final class BoundedCapture implements Runnable {
        private final InputStream in;
        private final int limit;
        private final boolean keepTail;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private byte[] ring;
        private int ringLength;
        private int ringStart;
        private volatile boolean overflowed;
        private volatile IOException failure;

        BoundedCapture(InputStream in, int limit, boolean keepTail) {
            this.in = in;
            this.limit = limit;
            this.keepTail = keepTail;
            if (keepTail) {
                ring = new byte[limit];
            }
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (InputStream s = in) {
                int n;
                while ((n = s.read(buf)) >= 0) {
                    synchronized (this) {
                        if (keepTail) {
                            appendRing(buf, n);
                        } else {
                            int room = limit - head.size();
                            if (n > room) {
                                overflowed = true;
                            }
                            head.write(buf, 0, Math.max(0, Math.min(n, room)));
                        }
                    }
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        private void appendRing(byte[] buf, int n) {
            for (int i = 0; i < n; i++) {
                if (ringLength < ring.length) {
                    ring[(ringStart + ringLength++) % ring.length] = buf[i];
                } else {
                    overflowed = true;
                    ring[ringStart] = buf[i];
                    ringStart = (ringStart + 1) % ring.length;
                }
            }
        }

        synchronized byte[] bytes() {
            if (!keepTail) {
                return head.toByteArray();
            }
            byte[] out = new byte[ringLength];
            for (int i = 0; i < ringLength; i++) {
                out[i] = ring[(ringStart + i) % ring.length];
            }
            return out;
        }
    }

    @Override
    public String toString() {
        return "CommandTranscriber[" + programName() + "]";
    }
}
