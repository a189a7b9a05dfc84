package io.github.modemvoice.readme;

import com.sun.net.httpserver.HttpServer;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.dialect.ModemFamily;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.machine.AnsweringMachine;
import io.github.modemvoice.machine.MachineLine;
import io.github.modemvoice.pipeline.DeliveryStatus;
import io.github.modemvoice.pipeline.WebhookNotifier;
import io.github.modemvoice.routing.BusinessHours;
import io.github.modemvoice.routing.CallFlowEvent;
import io.github.modemvoice.routing.CallOutcome;
import io.github.modemvoice.routing.CallerScreen;
import io.github.modemvoice.routing.OpenHoursAction;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Quick start: a PBX app", as written there, against a simulated SIMCom module on
 * real pseudo-terminals (the serial ports the code opens are the simulator's): after hours the
 * call is answered, the message stored, the signed webhook delivered through the durable outbox,
 * and a caller on the block list is turned away without an answer. Outcomes are asserted as types.
 */
class PbxQuickStartTest {
    @TempDir
    Path tmp;

    @Test
    void theReadmeQuickStartTakesAMessageNotifiesAndScreens() throws Exception {
        Assumptions.assumeTrue(SimulatedModem.pseudoTerminalsAvailable(), "socat not installed: apt-get install socat");
        List<String> delivered = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            delivered.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        Path blocked = tmp.resolve("blocked.txt");
        Files.writeString(blocked, "+4930666666\n");
        try (SimulatedModem sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).onPseudoTerminals()) {
            Path at = sim.hostAtPath().orElseThrow();
            Path pcm = sim.hostAudioPath().orElseThrow();
            URI webhook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            Path dir = tmp.resolve("voicemail");
            Prompt greeting = Prompt.tone(600, Duration.ofMillis(300), 0.3);

            // --- as in the README (hours.json there; never open here, so every call is after hours)
            try (AnsweringMachine machine = AnsweringMachine.builder()
                    .directory(dir)                                   // messages, outbox/, .status.json
                    .line(MachineLine.builder(at).audioPort(pcm)      // reopened with backoff when lost
                            .family(Optional.of(ModemFamily.SIMCOM)).build())
                    .greeting(greeting)                               // Prompt.fromWav(Path.of("greeting.wav"))
                    .businessHours(BusinessHours.never())             // BusinessHours.fromJson(Path.of("hours.json"))
                    .voicemail(box -> box.maxDuration(Duration.ofMinutes(2)).finishKeys("#"))
                    .calls(call -> call.openHours(OpenHoursAction.RING)
                            .screen(CallerScreen.builder().blockList(blocked).build()))
                    .notifier(WebhookNotifier.builder(webhook, WebhookNotifier.secretOf("a-secret-of-16-bytes+")).build())
                    .build().start()) {
                assertThat(machine.awaitModems(Duration.ofSeconds(20))).isEqualTo(1);
                // --- end of the README's code

                sim.placeCall(CallScript.builder().caller("+4915112344567").rings(1)
                        .callerAudio(Prompt.tone(440, Duration.ofSeconds(2), 0.3)).ending(CallScript.Ending.KEY).build());
                CallFlowEvent first = machine.awaitFirstCall(Duration.ofSeconds(30)).orElseThrow();
                assertThat(first.result()).containsInstanceOf(CallOutcome.MessageStored.class);
                VoicemailMessage m = ((CallOutcome.MessageStored) first.result().get()).message();
                assertThat(machine.mailbox().get(m.id())).isPresent();
                assertThat(machine.awaitNotifications(m, Duration.ofSeconds(20)))
                        .extracting(DeliveryStatus::state).containsExactly(DeliveryStatus.State.DELIVERED);
                assertThat(delivered).containsExactly(m.id());
                sim.awaitCallEnded(Duration.ofSeconds(20));

                sim.placeCall(CallScript.builder().caller("+4930666666").rings(3).ringInterval(Duration.ofMillis(500))
                        .hangupTimeout(Duration.ofSeconds(10)).ending(CallScript.Ending.NO_ANSWER).build());
                assertThat(sim.awaitCallEnded(Duration.ofSeconds(30)).answered()).as("the blocked caller").isFalse();
                assertThat(machine.mailbox().list()).hasSize(1);
            }
        } finally {
            receiver.stop(0);
        }
    }
}
