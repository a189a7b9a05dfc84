package io.github.modemvoice.cli;

import io.github.modemvoice.machine.AnsweringMachine;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.call.ModemSupervisor;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.machine.StatusFile;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.SimEvent;
import io.github.modemvoice.testing.SimulatedCallReport;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.transport.Transport;
import io.github.modemvoice.transport.TransportOpenException;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static io.github.modemvoice.testing.Closing.closeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several modems in one answering machine ({@link LineSet}, configured by {@code [modem NAME]}
 * sections): each line is supervised on its own, so one modem lost in the middle of a call
 * leaves the others answering and recording, its own message is kept, and it comes back.
 */
class ManyLinesTest {
    @TempDir
    Path tmp;

    /** The simulated modem behind each configured port path; absent = the device is gone. */
    private final Map<String, SimulatedModem> devices = new ConcurrentHashMap<>();
    private final List<SimulatedModem> made = new ArrayList<>();
    private AnsweringMachine lines;

    @AfterEach
    void stop() {
        closeAll(lines);
        closeAll(made);
    }

    /** The lines whose caller has started speaking. */
    private final java.util.Set<String> speaking = ConcurrentHashMap.newKeySet();
    /** The lines whose caller has said all of the script's audio once. */
    private final java.util.Set<String> spoke = ConcurrentHashMap.newKeySet();

    private SimulatedModem plugIn(String name) {
        SimulatedModem sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).monotonicClock(new VirtualMonotonicClock())
                .listener(e -> {
                    if (e.type() == SimEvent.Type.CALLER_SPEAKING) {
                        speaking.add(name);
                    } else if (e.type() == SimEvent.Type.CALLER_DONE) {
                        spoke.add(name);
                    }
                })
                .onMockTransports();
        made.add(sim);
        devices.put(name, sim);
        return sim;
    }

    /** Ports by path: {@code /sim/NAME-at} and {@code /sim/NAME-pcm} are that simulator's ports. */
    /** The answering machine over the sections' modems, as {@code answer} builds it, on simulated ports. */
    private AnsweringMachine machine(List<ModemLines.ModemLine> specs, Path dir, ByteArrayOutputStream printed, Duration maxBackoff) {
        AnsweringMachine.Builder b = AnsweringMachine.builder().directory(dir)
                .greeting(Prompt.tone(600, Duration.ofMillis(200), 0.3))
                .voicemail(v -> v.maxDuration(Duration.ofSeconds(60)).minDuration(Duration.ofSeconds(1))
                        .silenceTimeout(Duration.ZERO).finishKeys("#"))
                .listener(new MachineOutput(new Output(new PrintStream(printed, true, StandardCharsets.UTF_8)), () -> false))
                .ports(this::open)
                .modem(m -> m.monotonicClock(new VirtualMonotonicClock()).commandTimeout(Duration.ofSeconds(2)))
                .reconnect(Duration.ofMillis(20), maxBackoff);
        specs.forEach(s -> b.line(s.toMachineLine()));
        return b.build().start();
    }

    private Transport open(Path port, int baud) {
        String file = port.getFileName().toString();
        String name = file.substring(0, file.lastIndexOf('-'));
        SimulatedModem sim = devices.get(name);
        if (sim == null) {
            throw new TransportOpenException("no such device " + port);
        }
        return file.endsWith("-at") ? sim.hostAtPort() : sim.hostAudioPort();
    }

    private ConfigFile config(String text) throws Exception {
        Path file = tmp.resolve("modem-voice.conf");
        Files.writeString(file, text);
        return ConfigFile.read(file);
    }

    private static Prompt callerVoice(long seed, Duration length) {
        // noise-like and unique at every offset, so a recording can be lined up with it byte for byte;
        // 20 dB quieter for 250 ms of every second, as speech pauses between phrases: a voice that
        // never dips is the line's noise to the adaptive silence detection, and its trimming would cut it
        Random r = new Random(seed);
        byte[] pcm = new byte[(int) (length.toMillis() * 16)];
        for (int i = 0; i < pcm.length; i += 2) {
            int v = (int) (r.nextGaussian() * (i / 2 % 8000 < 2000 ? 600 : 6000));
            v = Math.max(-32768, Math.min(32767, v));
            pcm[i] = (byte) v;
            pcm[i + 1] = (byte) (v >> 8);
        }
        return Prompt.ofPcm(pcm);
    }

    @Test
    void oneLineLostWhileAnotherRecordsLeavesTheOtherMessageIntactAndComesBack() throws Exception {
        Path shared = tmp.resolve("shared");
        Path bravoDir = tmp.resolve("bravo");
        // the global options reach ModemLines as the command's parsed values (Defaults), as in 'answer'
        ConfigFile file = config("""
                [modem alpha]
                at-port    = /sim/alpha-at
                audio-port = /sim/alpha-pcm
                [modem bravo]
                at-port    = /sim/bravo-at
                audio-port = /sim/bravo-pcm
                dir        = %s
                [modem charlie]
                at-port    = /sim/charlie-at
                audio-port = /sim/charlie-pcm
                """.formatted(bravoDir));
        List<ModemLines.ModemLine> specs = ModemLines.of(file, new ModemLines.Defaults("simcom", 115200, shared, null, null));
        assertThat(specs).extracting(ModemLines.ModemLine::name).containsExactly("alpha", "bravo", "charlie");
        assertThat(specs.get(1).dir()).isEqualTo(bravoDir);
        assertThat(specs.get(2).dir()).isEqualTo(shared);

        Files.createDirectories(shared);
        SimulatedModem alpha = plugIn("alpha");
        SimulatedModem bravo = plugIn("bravo");
        SimulatedModem charlie = plugIn("charlie");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        lines = machine(specs, shared, printed, Duration.ofMillis(200));
        assertThat(lines.awaitModems(Duration.ofSeconds(20))).as("%s", printed).isEqualTo(3);
        assertThat(statusExit(shared)).isEqualTo(StatusCommand.RUNNING);

        // alpha: a caller speaks 8 s, then presses the finish key; bravo: a caller talks on and on
        Prompt alphaVoice = callerVoice(1, Duration.ofSeconds(8));
        // a second's pause before the key: the box cuts the key's tone, and the pause, not the voice, with it
        byte[] withPause = Arrays.copyOf(alphaVoice.pcm(), alphaVoice.pcm().length + 16000);
        alpha.placeCall(CallScript.builder().caller("+4915112340001").callerAudio(Prompt.ofPcm(withPause))
                .hostPause(Duration.ofMillis(100)).ending(CallScript.Ending.KEY).hangupTimeout(Duration.ofSeconds(20)).build());
        bravo.placeCall(CallScript.builder().caller("+4915112340002").callerAudio(callerVoice(2, Duration.ofSeconds(2)))
                .hostPause(Duration.ofMillis(100)).ending(CallScript.Ending.LENGTH_LIMIT).hangupTimeout(Duration.ofSeconds(30)).build());
        await("alpha's caller is speaking and bravo's has said 2 s", () -> speaking.contains("alpha") && spoke.contains("bravo"));

        // bravo's modem vanishes in the middle of its call (USB re-enumeration): its ports are gone for a while
        devices.remove("bravo");
        bravo.close();
        assertThat(alpha.isCallInProgress()).as("alpha's caller is still on the line when bravo is lost").isTrue();
        AnsweringMachine.Line bravoLine = lines.lines().get(1);
        await("the status file shows bravo's loss", () -> !statusDoc(shared).path("lines").get(1).path("state").asText().equals("UP"));
        assertThat(statusExit(shared)).as("status while bravo is away").isEqualTo(ExitStatus.MODEM_UNAVAILABLE);

        SimulatedCallReport alphaCall = alpha.awaitCallEnded(Duration.ofSeconds(30));
        assertThat(alphaCall.endedBy()).isEqualTo(SimulatedCallReport.EndedBy.HOST);
        DirectoryMessageStore sharedStore = new DirectoryMessageStore(shared);
        await("alpha's message is stored", () -> !sharedStore.list().isEmpty());
        VoicemailMessage alphaMessage = sharedStore.list().get(0);
        assertThat(alphaMessage.line()).contains("alpha");
        assertThat(alphaMessage.terminationReason()).isEqualTo(TerminationReason.FINISH_KEY);
        assertIntact(readPcm(alphaMessage.audioPath().orElseThrow()), alphaVoice.pcm());

        // bravo kept what its caller said before the loss, marked as such and named by its line
        DirectoryMessageStore bravoStore = new DirectoryMessageStore(bravoDir);
        await("bravo's interrupted message is stored: " + printed, () -> !bravoStore.list().isEmpty());
        VoicemailMessage lost = bravoStore.list().get(0);
        assertThat(lost.line()).contains("bravo");
        assertThat(lost.terminationReason()).isEqualTo(TerminationReason.TRANSPORT_LOST);
        assertThat(lost.durationSeconds()).isGreaterThan(0);

        // the device comes back: bravo reconnects and answers again; the others never noticed
        SimulatedModem bravoAgain = plugIn("bravo");
        await("bravo is back", () -> bravoLine.state() == ModemSupervisor.State.UP
                && statusDoc(shared).path("lines").get(1).path("state").asText().equals("UP"));
        bravoAgain.placeCall(CallScript.builder().caller("+4915112340003").callerAudio(callerVoice(3, Duration.ofSeconds(2)))
                .hostPause(Duration.ofMillis(100)).ending(CallScript.Ending.KEY).hangupTimeout(Duration.ofSeconds(20)).build());
        assertThat(bravoAgain.awaitCallEnded(Duration.ofSeconds(30)).answered()).isTrue();
        await("bravo's second message is stored", () -> bravoStore.list().size() == 2);
        charlie.placeCall(CallScript.builder().caller("+4915112340004").callerAudio(callerVoice(4, Duration.ofSeconds(2)))
                .hostPause(Duration.ofMillis(100)).ending(CallScript.Ending.KEY).hangupTimeout(Duration.ofSeconds(20)).build());
        assertThat(charlie.awaitCallEnded(Duration.ofSeconds(30)).answered()).isTrue();
        await("charlie's message is stored in the shared mailbox", () -> sharedStore.list().size() == 2);
        assertThat(sharedStore.list()).extracting(m -> m.line().orElse("?")).containsExactlyInAnyOrder("alpha", "charlie");
        await("the status counts every call", () -> statusDoc(shared).path("calls_handled").asLong() == 4);

        JsonNode doc = statusDoc(shared);
        assertThat(doc.path("state").asText()).isEqualTo("UP");
        assertThat(doc.path("reconnects").asLong()).isEqualTo(1);
        assertThat(doc.path("lines")).hasSize(3);
        JsonNode a = doc.path("lines").get(0);
        JsonNode b = doc.path("lines").get(1);
        JsonNode c = doc.path("lines").get(2);
        assertThat(a.path("name").asText()).isEqualTo("alpha");
        assertThat(a.path("reconnects").asLong()).isZero();
        assertThat(a.path("calls_handled").asLong()).isEqualTo(1);
        assertThat(a.path("last_error").isNull()).isTrue();
        assertThat(b.path("state").asText()).isEqualTo("UP");
        assertThat(b.path("reconnects").asLong()).isEqualTo(1);
        assertThat(b.path("calls_handled").asLong()).isEqualTo(2);
        assertThat(b.path("last_error").path("message").asText()).contains("/sim/bravo-at");
        assertThat(c.path("reconnects").asLong()).isZero();
        assertThat(c.path("modem").path("dialect").asText()).isEqualTo("simcom");
        assertThat(statusExit(shared)).isEqualTo(StatusCommand.RUNNING);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        new picocli.CommandLine(new StatusCommand(new PrintStream(text, true, StandardCharsets.UTF_8)))
                .execute("--dir", shared.toString());
        assertThat(text.toString(StandardCharsets.UTF_8)).startsWith("running, all 3 modems are up")
                .contains("line bravo: UP since", "simcom on /sim/bravo-at");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("[bravo] the modem on /sim/bravo-at was lost; reconnecting",
                "[bravo] the modem on /sim/bravo-at is back").doesNotContain("[alpha] the modem", "[charlie] the modem");
        sharedStore.close();
        bravoStore.close();
    }

    @Test
    void aModemAbsentAtStartIsRetriedWhileTheOthersAnswer() throws Exception {
        ConfigFile file = config("""
                [modem one]
                at-port = /sim/one-at
                audio-port = /sim/one-pcm
                dialect = simcom
                [modem two]
                at-port = /sim/two-at
                audio-port = /sim/two-pcm
                dialect = simcom
                """);
        List<ModemLines.ModemLine> specs = ModemLines.of(file, new ModemLines.Defaults("auto", 115200, tmp.resolve("m"), null, null));
        plugIn("one");
        Files.createDirectories(tmp.resolve("m"));
        lines = machine(specs, tmp.resolve("m"), new ByteArrayOutputStream(), Duration.ofMillis(100));
        assertThat(lines.awaitModems(Duration.ofSeconds(20))).isEqualTo(1);
        JsonNode doc = statusDoc(tmp.resolve("m"));
        assertThat(doc.path("state").asText()).isEqualTo("DOWN");
        assertThat(doc.path("lines").get(1).path("last_error").path("message").asText()).contains("no such device /sim/two-at");
        assertThat(statusExit(tmp.resolve("m"))).isEqualTo(ExitStatus.MODEM_UNAVAILABLE);

        plugIn("two");
        await("two answers once plugged in", () -> lines.lines().get(1).state() == ModemSupervisor.State.UP);
        await("the status says all are up", () -> statusDoc(tmp.resolve("m")).path("state").asText().equals("UP"));
        assertThat(statusDoc(tmp.resolve("m")).path("lines").get(1).path("reconnects").asLong()).as("a first open is no reconnect").isZero();
    }

    @Test
    void sectionsAreCheckedNamingFileAndLine() throws Exception {
        ModemLines.Defaults d = new ModemLines.Defaults("auto", 115200, tmp, null, null);
        Path f = tmp.resolve("modem-voice.conf");
        assertThatThrownBy(() -> ModemLines.of(config("max-seconds = 60\n[modem a]\nat-port = /dev/ttyUSB2\nmax-seconds = 30\n"), d))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(f + ":4: 'max-seconds' cannot be set for one modem");
        assertThatThrownBy(() -> ModemLines.of(config("[modem a]\naudio-port = /dev/ttyUSB4\n"), d))
                .hasMessage(f + ":1: modem 'a' has no at-port");
        assertThatThrownBy(() -> ModemLines.of(config("[modem a]\nat-port = /dev/ttyUSB2\n[modem b]\nat-port = /dev/ttyUSB2\n"), d))
                .hasMessageStartingWith(f + ":4: at-port /dev/ttyUSB2 is already modem 'a'");
        assertThatThrownBy(() -> ModemLines.of(config("[modem a]\nat-port = /dev/ttyUSB2\ndialect = nokia\n"), d))
                .hasMessageStartingWith(f + ":3: dialect must be one of");
        assertThatThrownBy(() -> ModemLines.of(config("[modem a]\nat-port = /dev/ttyUSB2\nbaud = fast\n"), d))
                .hasMessage(f + ":3: baud must be a whole number of at least 1, was 'fast'");
        assertThatThrownBy(() -> config("[modem a]\nat-port = /dev/x\n[modem a]\nat-port = /dev/y\n"))
                .hasMessage(f + ":3: modem 'a' is already defined on line 1");
        assertThatThrownBy(() -> config("[modems a]\n")).hasMessageStartingWith(f + ":1: expected a section '[modem NAME]'");
        assertThatThrownBy(() -> config("[modem a]\nat-port = /dev/x\nat-port = /dev/y\n"))
                .hasMessage(f + ":3: 'at-port' is already set on line 2");
        // a file without sections is the one-modem file it always was
        assertThat(config("at-port = /dev/ttyUSB2\n").sections()).isEmpty();
    }

    @Test
    void theCommandRefusesPortsBesideSectionsAndOnce() throws Exception {
        Path conf = tmp.resolve("lines.conf");
        Files.writeString(conf, "dir = " + tmp.resolve("m") + "\nat-port = /dev/ttyUSB9\n[modem a]\nat-port = /dev/ttyUSB2\n");
        java.io.StringWriter err = new java.io.StringWriter();
        assertThat(Main.run(new String[] {"answer", "--config", conf.toString()}, new java.io.PrintWriter(err, true)))
                .isEqualTo(ExitStatus.CONFIG);
        assertThat(err.toString()).contains(conf + ":2: at-port belongs in each [modem NAME] section");
        Files.writeString(conf, "dir = " + tmp.resolve("m") + "\n[modem a]\nat-port = /dev/ttyUSB2\n");
        err.getBuffer().setLength(0);
        assertThat(Main.run(new String[] {"answer", "--config", conf.toString(), "--once"}, new java.io.PrintWriter(err, true)))
                .isEqualTo(ExitStatus.USAGE);
        assertThat(err.toString()).contains("--once handles one call on one modem");
    }

    /** The recording holds the caller's audio byte for byte: at most its first tenth missing, nothing else. */
    private static void assertIntact(byte[] recorded, byte[] said) {
        byte[] head = Arrays.copyOf(recorded, 320);
        int offset = -1;
        for (int i = 0; i + head.length <= said.length && offset < 0; i += 2) {
            if (Arrays.equals(said, i, i + head.length, head, 0, head.length)) {
                offset = i;
            }
        }
        assertThat(offset).as("the recording's start is found in what the caller said").isBetween(0, said.length / 10);
        int overlap = said.length - offset;
        assertThat(recorded.length).as("the recording holds all the caller said after its start").isGreaterThanOrEqualTo(overlap);
        assertThat(Arrays.equals(recorded, 0, overlap, said, offset, said.length)).as("byte for byte").isTrue();
    }

    private static byte[] readPcm(Path wav) throws Exception {
        try (InputStream in = WavReader.openData(wav)) {
            return in.readAllBytes();
        }
    }

    private static JsonNode statusDoc(Path dir) {
        try {
            return StatusFile.read(dir).orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int statusExit(Path dir) {
        return new picocli.CommandLine(new StatusCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .execute("--dir", dir.toString());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(5); // polls a condition, bounded by the deadline
        }
    }
}
