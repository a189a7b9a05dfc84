package io.github.modemvoice.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Running sox and espeak-ng from the detector tests; skipping, with the reason, when they are missing. */
final class SoxTool {
    /** sox output format options: the library's internal format. */
    static final List<String> OUT = List.of("-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer");

    private SoxTool() {
    }

    static List<String> cmd(String... args) {
        return Arrays.asList(args);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.4f", s);
    }

    static String vol(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    static void sox(List<String> inputs, List<String> outFormat, Path out, List<String> effects) {
        List<String> c = new ArrayList<>(inputs);
        c.addAll(outFormat);
        c.add(out.toString());
        c.addAll(effects);
        run(c);
    }

    static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("exit " + p.exitValue() + ": " + String.join(" ", command) + "\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static void assumeTool(String tool, String versionFlag) {
        boolean ok;
        try {
            Process p = new ProcessBuilder(tool, versionFlag).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        Assumptions.assumeTrue(ok, tool + " not installed: apt-get install " + tool);
    }}
