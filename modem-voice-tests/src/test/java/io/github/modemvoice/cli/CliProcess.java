package io.github.modemvoice.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real CLI as a child process (this test class path), with its output in files.
 *
 * @param process    the process
 * @param stdoutFile its standard output
 * @param stderrFile its standard error
 * @param startNanos when it started
 */
record CliProcess(Process process, Path stdoutFile, Path stderrFile, long startNanos) {

    /**
     * @param tmp  where the output files go
     * @param args the command line
     * @return the started CLI
     */
    static CliProcess start(Path tmp, List<String> args) throws IOException {
        return start(tmp, args, null);
    }

    /**
     * @param tmp        where the output files go
     * @param args       the command line
     * @param workingDir the directory it runs in (relative paths), or null for this one
     * @return the started CLI
     */
    static CliProcess start(Path tmp, List<String> args, Path workingDir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        if (Runtime.version().feature() >= 22) {
            // as the CLI jar's manifest does (Enable-Native-Access): jSerialComm's native library, JEP 472
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        Path stdout = Files.createTempFile(tmp, "cli-", ".out");
        Path stderr = Files.createTempFile(tmp, "cli-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        Process p = pb
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        return new CliProcess(p, stdout, stderr, System.nanoTime());
    }

    String stdout() throws IOException {
        return Files.readString(stdoutFile, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderrFile, StandardCharsets.UTF_8);
    }

    void awaitStdout(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stdout().contains(text)) {
            assertThat(process.isAlive()).as("the CLI exited before printing \"%s\"; %s", text, this).isTrue();
            assertThat(System.nanoTime() - deadline).as("\"%s\" within %s; %s", text, timeout, this).isNegative();
            Thread.sleep(20); // polls the CLI's output file, bounded by the deadline
        }
    }

    int awaitExit() throws Exception {
        return awaitExit(Duration.ofSeconds(60));
    }

    int awaitExit(Duration limit) throws Exception {
        assertThat(process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)).as("the CLI exits within %s; %s", limit, this).isTrue();
        return process.exitValue();
    }

    /** Stops it if it still runs (SIGTERM, then SIGKILL). */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public String toString() {
        try {
            return "CLI after " + (System.nanoTime() - startNanos) / 1_000_000 + " ms, stdout:\n" + stdout()
                    + "\nstderr:\n" + stderr();
        } catch (IOException e) {
            return "CLI (output unreadable: " + e + ")";
        }
    }
}
