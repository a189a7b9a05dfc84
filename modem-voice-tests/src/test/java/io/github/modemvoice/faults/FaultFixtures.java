package io.github.modemvoice.faults;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.audio.WavInfo;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.SimulatedCallReport;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailMessage;
import io.github.modemvoice.voicemail.VoicemailOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared checks and the "next call" of the fault tests. */
final class FaultFixtures {
    static final Prompt GREETING = Prompt.tone(600, Duration.ofMillis(200), 0.3);
    static final Prompt GOODBYE = Prompt.tone(800, Duration.ofMillis(100), 0.3);

    private FaultFixtures() {
    }

    /**
     * One complete call from a fresh {@link SimulatedModem} through a fresh {@link Modem} into the
     * given box: the caller speaks, then hangs up. Both are closed afterwards.
     */
    static VoicemailOutcome simulatedCall(VoicemailBox box, CallScript script) throws Exception {
        return simulatedCallWithReport(box, script).getKey();
    }

    /** Like {@link #simulatedCall}, also returning the simulator's report (what the host played, ...). */
    static java.util.Map.Entry<VoicemailOutcome, SimulatedCallReport> simulatedCallWithReport(VoicemailBox box,
                                                                                         CallScript script)
            throws Exception {
        CompletableFuture<VoicemailOutcome> outcome = new CompletableFuture<>();
        try (SimulatedModem sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).monotonicClock(new VirtualMonotonicClock())
                .onMockTransports();
             Modem modem = Modem.open(ModemConfig.builder().atPort(sim.hostAtPort()).audioPort(sim.hostAudioPort())
                     .dialect(sim.dialect()).monotonicClock(new VirtualMonotonicClock())
                     .commandTimeout(Duration.ofSeconds(2))
                     .handler(call -> {
                         try {
                             outcome.complete(box.record(call.answer()));
                         } catch (Throwable e) {
                             outcome.completeExceptionally(e);
                         }
                     }).build())) {
            sim.placeCall(script);
            SimulatedCallReport report = sim.awaitCallEnded(Duration.ofSeconds(20));
            assertThat(report.answered()).as("answered: %s", report).isTrue();
            return java.util.Map.entry(outcome.get(20, TimeUnit.SECONDS), report);
        }
    }

    /**
     * A short call: the caller talks until the host hangs up (the box's maximum duration ends the
     * recording), so the message does not depend on how fast the host starts recording.
     *
     * @param hostPause the simulator's pause between the host's steps (see {@link CallScript#hostPause()})
     */
    static CallScript shortCall(Duration hostPause) {
        return CallScript.builder().caller("+4915112344567")
                .callerAudio(Prompt.tone(440, Duration.ofMillis(100), 0.4))
                .hostPause(hostPause)
                .ending(CallScript.Ending.LENGTH_LIMIT)
                .hangupTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * The directory holds only complete messages: {@code <id>.wav} + {@code <id>.json} pairs, each
     * WAV valid in the internal format with the size and length its metadata states; no
     * in-progress or temporary files.
     *
     * @return the number of messages
     */
    static int assertOnlyCompleteMessages(Path dir, MessageStore store) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        Set<String> wavs = new TreeSet<>();
        Set<String> jsons = new TreeSet<>();
        List<String> other = new ArrayList<>();
        for (String n : names) {
            if (n.endsWith(".wav") && !n.endsWith(".part.wav")) {
                wavs.add(n.substring(0, n.length() - 4));
            } else if (n.endsWith(".json") && !n.endsWith(".part.json")) {
                jsons.add(n.substring(0, n.length() - 5));
            } else {
                other.add(n);
            }
        }
        assertThat(other).as("in-progress or temporary files left in %s", dir).isEmpty();
        assertThat(wavs).as("every WAV has its JSON and vice versa").isEqualTo(jsons);
        for (String id : wavs) {
            VoicemailMessage m = store.get(id).orElseThrow(() -> new AssertionError("unreadable metadata " + id));
            Path wav = dir.resolve(id + ".wav");
            WavInfo info = WavReader.requireInternalFormat(wav);
            assertThat(info.dataLength()).as("%s data", id).isEqualTo(Files.size(wav) - 44);
            assertThat(m.sizeBytes()).as("%s size in metadata", id).isEqualTo(Files.size(wav));
            assertThat(m.durationSeconds()).as("%s duration in metadata", id)
                    .isCloseTo(info.dataLength() / 16000.0, org.assertj.core.data.Offset.offset(0.001));
        }
        return wavs.size();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** @return the names of live threads of the library ("modem-voice-...") */
    static List<String> libraryThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("modem-voice")).sorted().collect(Collectors.toList());
    }
}
