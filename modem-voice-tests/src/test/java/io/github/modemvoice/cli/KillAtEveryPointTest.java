package io.github.modemvoice.cli;

import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL at every step between "recording finished" and "notification delivered": the CLI's
 * answering machine runs in a child JVM ({@link KillPointChild}) and takes one call; at kill
 * point K it stops and is killed with SIGKILL; a second child starts on the same directory
 * (recovery, then the pipeline's catch-up) and runs until everything is delivered. Every
 * message must reach the receiver at least once, and more than once only where the receiver had
 * acknowledged a request the killed process could not record (the same Idempotency-Key both
 * times). The counts go to the test output and docs/RELIABILITY.md.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KillAtEveryPointTest {
    private static final String SECRET = "kill-point-secret-0123456789abcdef";

    @TempDir
    Path tmp;

    @Test
    void everyMessageIsDeliveredAtLeastOnceWhateverStepTheProcessIsKilledAt() throws Exception {
        Map<String, String> table = new LinkedHashMap<>();
        try (WebhookSink sink = new WebhookSink()) {
            for (String point : KillPointChild.POINTS) {
                Path dir = tmp.resolve(point);
                int before = sink.acknowledged.size();

                Child first = start(dir, sink, point, true);
                first.awaitStdout("KILLPOINT " + point);
                first.process.destroyForcibly(); // SIGKILL
                assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(first.process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
                // what the kill left: message metadata, pending and delivered outbox items
                assertThat(List.of(count(dir, "[^.]+\\.json"), count(dir.resolve("outbox"), "[^.]+\\.webhook\\.json"),
                        count(dir.resolve("outbox/delivered"), ".*\\.json")))
                        .as("state at %s", point).isEqualTo(LEFT.get(point));

                Child second = start(dir, sink, "none", false);
                assertThat(second.process.waitFor(90, TimeUnit.SECONDS)).as("restart settles; %s", second).isTrue();
                assertThat(second.process.exitValue()).as("%s", second).isZero();
                assertThat(second.stdout()).contains("SETTLED");

                List<VoicemailMessage> messages;
                try (DirectoryMessageStore store = new DirectoryMessageStore(dir)) {
                    assertThat(store.recover()).as("nothing left to recover").isEmpty();
                    messages = store.list();
                }
                assertThat(messages).as("one call, one message (%s)", point).hasSize(1);
                String id = messages.get(0).id();
                List<String> got = sink.acknowledged.subList(before, sink.acknowledged.size());
                int count = Collections.frequency(got, id);
                assertThat(got).as("only this message").containsOnly(id);
                if (point.equals("acknowledged")) {
                    // acknowledged, then killed before the outbox recorded it: sent again, same key
                    assertThat(count).as("at-least-once window (%s)", point).isEqualTo(2);
                } else {
                    assertThat(count).as("exactly once (%s)", point).isEqualTo(1);
                }
                assertThat(partFiles(dir)).as("no in-progress files left (%s)", point).isEmpty();
                table.put(point, messages.get(0).terminationReason() + ", delivered " + count + "x");
            }
        }
        StringBuilder report = new StringBuilder("kill point -> outcome\n");
        table.forEach((k, v) -> report.append(k).append(" -> ").append(v).append('\n'));
        System.out.println(report);
    }

    /** At each kill point: {@code <id>.json} files, pending outbox items, delivered records. */
    private static final Map<String, List<Integer>> LEFT = Map.of(
            "recording-finished", List.of(0, 0, 0),
            "json-published", List.of(1, 0, 0),
            "pipeline-has-it", List.of(1, 0, 0),
            "outbox-written", List.of(1, 1, 0),
            "acknowledged", List.of(1, 1, 0),
            "settled", List.of(1, 0, 1));

    private static int count(Path dir, String regex) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(p -> p.getFileName().toString().matches(regex)).count();
        }
    }

    private static List<Path> partFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".part")).toList();
        }
    }

    private record Child(Process process, Path out, Path err) {
        String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        void awaitStdout(String text) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!stdout().contains(text)) {
                assertThat(process.isAlive()).as("child exited before \"%s\"; %s", text, this).isTrue();
                assertThat(System.nanoTime() - deadline).as("\"%s\" in time; %s", text, this).isNegative();
                Thread.sleep(10); // polls the child's output file, bounded by the deadline
            }
        }

        @Override
        public String toString() {
            try {
                return "stdout:\n" + stdout() + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        }
    }

    private Child start(Path dir, WebhookSink sink, String killAt, boolean call) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", System.getProperty("java.class.path"), KillPointChild.class.getName(),
                dir.toString(), sink.url(), SECRET, killAt, call ? "call" : "nocall"));
        Path out = Files.createTempFile(tmp, "child-", ".out");
        Path err = Files.createTempFile(tmp, "child-", ".err");
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Child(p, out, err);
    }
}
