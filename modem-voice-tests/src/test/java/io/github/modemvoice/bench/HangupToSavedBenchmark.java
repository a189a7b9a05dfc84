package io.github.modemvoice.bench;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.CallEndReason;
import io.github.modemvoice.call.CallerInfo;
import io.github.modemvoice.call.PlayResult;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.testing.VoicemailOnlySession;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Hangup-to-message-saved latency of the voicemail box on the real file system: the time from the
 * moment the caller hangs up (the recording loop ends, its WAV still open with a provisional
 * header) until {@link VoicemailBox#record} returns, i.e. the WAV trimmed, finalised and forced,
 * renamed into place, the JSON sidecar written to a temporary file, forced, renamed and the
 * directory forced.
 *
 * <p>Usage: {@code java -cp <test classpath> io.github.modemvoice.bench.HangupToSavedBenchmark
 * [iterations=200] [seconds-of-audio=30] [directory=a new temporary directory]}. Prints p50, p90,
 * p99 and max in milliseconds after 20 warm-up iterations.
 */
public final class HangupToSavedBenchmark {
    private HangupToSavedBenchmark() {
    }

    /**
     * @param args iterations, seconds of audio per message, directory
     * @throws IOException when the directory cannot be used
     */
    public static void main(String[] args) throws IOException {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path parent = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("hangup-bench");
        Path dir = parent.resolve("messages");
        VoicemailBox box = VoicemailBox.builder().directory(dir).greeting(Prompt.empty()).beep(false)
                .minDuration(Duration.ZERO).maxDuration(Duration.ofSeconds(seconds + 1)).build();
        byte[] second = Prompt.tone(440, Duration.ofSeconds(1), 0.5).pcm();
        int warmup = 20;
        long[] nanos = new long[iterations];
        for (int i = -warmup; i < iterations; i++) {
            BenchSession session = new BenchSession(second, seconds);
            VoicemailOutcome out = box.record(session);
            long done = System.nanoTime();
            if (!out.hasMessage()) {
                throw new IllegalStateException("no message stored");
            }
            if (i >= 0) {
                nanos[i] = done - session.hungUpAt;
            }
            box.store().delete(out.message().get().id());
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "hangup-to-message-saved, %d iterations, %d s of audio each, %s (%s)%n",
                iterations, seconds, dir, Files.getFileStore(parent).type());
        System.out.printf(Locale.ROOT, "p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n",
                ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6);
        if (args.length <= 2) {
            try (Stream<Path> files = Files.walk(parent)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double ms(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** A call whose caller speaks for a while and hangs up; records like the call layer does. */
    private static final class BenchSession extends VoicemailOnlySession {
        private final byte[] second;
        private final int seconds;
        long hungUpAt;

        BenchSession(byte[] second, int seconds) {
            super("call-bench-1", CallerInfo.of("+4915112344567"));
            this.second = second;
            this.seconds = seconds;
        }

        @Override
        public Recording record(RecordOptions options) {
            Instant start = Instant.now();
            WavWriter w = WavWriter.create(options.target());
            for (int s = 0; s < seconds; s++) {
                w.write(second);
                w.sync();
            }
            hungUpAt = System.nanoTime();
            end(CallEndReason.CALLER_HANGUP);
            // the call layer trims the trailing silence / key tone, then finalises the file
            w.truncateData(w.dataBytes() - 4800);
            long bytes = w.dataBytes();
            w.close();
            return new Recording(options.target(), TerminationReason.CALLER_HANGUP, Optional.empty(),
                    Duration.ofMillis(bytes / 16), bytes, start, Instant.now(), true);
        }

        @Override
        public PlayResult play(Prompt prompt, String bargeInKeys) {
            return new PlayResult(PlayResult.Outcome.COMPLETED, Optional.empty(), Duration.ZERO, 0);
        }

        @Override
        public void cancelPlayback() {
            // nothing plays in this benchmark
        }
    }
}
