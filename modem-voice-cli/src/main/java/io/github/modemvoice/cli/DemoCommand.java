package io.github.modemvoice.cli;

import io.github.modemvoice.audio.MonotonicClock;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.machine.AnsweringMachine;
import io.github.modemvoice.pipeline.CommandTranscriber;
import io.github.modemvoice.pipeline.WebhookNotifier;
import io.github.modemvoice.routing.BusinessHours;
import io.github.modemvoice.routing.CallFlowEvent;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.SimEvent;
import io.github.modemvoice.dialect.ModemFamily;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.voicemail.VoicemailMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Runs one after-hours call against the built-in simulated modem, end to end, in real time. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Place a simulated after-hours call and take a message (no hardware needed).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", description = "Where messages are stored (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("voicemail");

    @Option(names = "--dialect", description = "Simulated modem: simcom, quectel or v253 (an analog USRobotics"
            + " 5637) (default: ${DEFAULT-VALUE}).")
    String dialect = "simcom";

    @Option(names = "--caller-audio", description = "WAV the simulated caller says (default: the bundled sample).")
    Path callerAudio;

    @Option(names = "--verbose", description = "Log the library's INFO messages to stderr.")
    boolean verbose;

    @Option(names = "--transcribe-command", paramLabel = "COMMAND", converter = TranscribeOptions.CommandConverter.class,
            description = "Transcribe the message with this program, as `answer` does ({wav} is the message WAV file).")
    TranscribeOptions.ProgramLine transcribeCommand;

    @Option(names = "--webhook-receiver", description = "Start a local webhook receiver, notify it of the message "
            + "(signed, through the outbox) and print what it got.")
    boolean webhookReceiver;

    @Override
    public Integer call() {
        Output out = new Output(System.out);
        ModemModel variant;
        try {
            variant = ModemFamily.byName(dialect).defaultModel();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dialect: the simulated modem speaks " + ModemFamily.names()
                    + ", not " + dialect, e);
        }
        Prompt voice = callerAudio != null ? Prompt.fromWav(callerAudio) : Prompts.bundled("caller-sample");
        out.raw("modem-voice demo: a simulated " + variant.name().toLowerCase() + " modem, an after-hours call, a message.");
        Optional<DemoWebhookReceiver> receiver = Optional.empty();
        try {
            receiver = webhookReceiver ? Optional.of(new DemoWebhookReceiver(out)) : Optional.empty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot start the local webhook receiver", e);
        }
        AnsweringMachine.Builder b = AnsweringMachine.builder().directory(dir).statusFile(false)
                .listener(new MachineOutput(out, () -> false))
                .greeting(Prompts.bundled("greeting")).businessHours(BusinessHours.never())
                .voicemail(v -> v.goodbye(Prompts.bundled("goodbye")).maxDuration(Duration.ofSeconds(120))
                        .minDuration(Duration.ofSeconds(1)).silenceTimeout(Duration.ofSeconds(5)).finishKeys("#"));
        receiver.ifPresent(r -> b.notifier(WebhookNotifier.builder(r.url(), WebhookNotifier.secretOf(r.secret())).build()));
        Optional.ofNullable(transcribeCommand).ifPresent(c -> b.transcriber(CommandTranscriber.of(c.words()), Duration.ofMinutes(2)));
        // the simulated modem is the demo's own: the machine gives it the after-hours handler, as to a PBX app's modem
        try (AutoCloseable receiving = receiver.isPresent() ? receiver.get() : () -> { };
             SimulatedModem sim = SimulatedModem.builder(variant)
                .listener(e -> simStep(out, e))
                .onMockTransports();
             AnsweringMachine machine = b.build().start();
             Modem modem = Modem.open(ModemConfig.builder()
                     .atPort(sim.hostAtPort()).audioPort(sim.hostAudioPort()).dialect(sim.dialect())
                     .handler(machine.callHandler())
                     .monotonicClock(MonotonicClock.system())
                     .build())) {
            out.step("modem initialised (" + modem.dialect().name() + " dialect); the office is closed");
            sim.placeCall(CallScript.builder()
                    .caller("+4915112344567")
                    .rings(2)
                    .callerAudio(voice)
                    .ending(CallScript.Ending.KEY)
                    .finishKey('#')
                    .build());
            CallFlowEvent done = machine.awaitFirstCall(Duration.ofMinutes(3))
                    .orElseThrow(() -> new IllegalStateException("the simulated call did not finish within 3 minutes"));
            sim.awaitCallEnded(Duration.ofSeconds(30));
            Optional<VoicemailMessage> message = done.outcome().flatMap(o -> o.message());
            if (message.isEmpty()) {
                out.raw("No message was stored: " + done.detail());
                return ExitStatus.OK;
            }
            VoicemailMessage m = machine.awaitTranscript(message.get());
            m.transcriptError().ifPresent(e -> out.step("transcription failed: " + e));
            out.raw("");
            out.raw("Stored " + m.audioPath().map(Path::toString).orElse(m.id()) + " and its metadata:");
            out.raw(Files.readString(m.metadataPath().orElseThrow(), StandardCharsets.UTF_8).strip());
            if (receiver.isPresent() && !MachineOutput.report(machine.awaitNotifications(m, Duration.ofSeconds(30)), out)) {
                return ExitStatus.NOT_DELIVERED;
            }
            out.raw("");
            out.raw("List messages with: " + Main.invocation() + " list --dir " + dir);
            return ExitStatus.OK;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.INTERRUPTED;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // closing the receiver throws nothing checked in practice
        }
    }

    private static void simStep(Output out, SimEvent e) {
        String said = switch (e.type()) {
            case RINGING -> "ring ring (simulated caller +***4567)";
            case CALLER_SPEAKING -> "the caller speaks";
            case KEY_SENT -> "the caller presses #";
            case CALLER_HUNG_UP -> "the caller hangs up";
            default -> null; // the other steps are not shown
        };
        if (said != null) {
            out.step(said);
        }
    }
}
