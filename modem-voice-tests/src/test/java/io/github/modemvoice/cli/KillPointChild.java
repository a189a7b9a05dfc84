package io.github.modemvoice.cli;

import io.github.modemvoice.machine.AnsweringMachine;
import io.github.modemvoice.pipeline.WebhookNotifier;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.pipeline.DeliveryStatus;
import io.github.modemvoice.pipeline.Notification;
import io.github.modemvoice.pipeline.Notifier;
import io.github.modemvoice.routing.BusinessHours;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.SimulatedModem;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.testing.ForwardingMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link KillAtEveryPointTest}: the CLI's {@link AnsweringMachine} (message
 * directory, webhook outbox, pipeline with its start-up catch-up) on a simulated modem. With
 * {@code call} it takes one after-hours call. At the kill point named on its command line it
 * prints {@code KILLPOINT <name>} and waits for the parent's SIGKILL. Without one it waits until
 * every stored message is delivered, prints {@code SETTLED} and exits 0.
 *
 * <p>Arguments: {@code <dir> <webhook url> <secret> <kill point or none> <call|nocall>}.
 */
public final class KillPointChild {
    /** The points between "recording finished" and "notification delivered", in order. */
    static final List<String> POINTS = List.of(
            "recording-finished",  // the WAV is complete as <id>.wav.part (+ sidecar); store() not yet run
            "json-published",      // store() returned: <id>.wav and <id>.json are in place; no hand-off yet
            "pipeline-has-it",     // the pipeline thread re-reads the message; nothing in the outbox yet
            "outbox-written",      // the outbox item is on disk; the request not yet sent
            "acknowledged",        // the receiver answered 2xx; the outbox has not recorded it
            "settled");            // delivered and recorded

    private static String killAt;

    private KillPointChild() {
    }

    static void point(String name) {
        if (name.equals(killAt)) {
            System.out.println("KILLPOINT " + name);
            System.out.flush();
            while (true) {
                try {
                    Thread.sleep(60_000); // until SIGKILL
                } catch (InterruptedException ignored) {
                    // keep waiting
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        URI url = URI.create(args[1]);
        killAt = args[3];
        boolean call = args[4].equals("call");
        Output out = new Output(System.out);
        AnsweringMachine machine = AnsweringMachine.builder().directory(dir).statusFile(false)
                .listener(new MachineOutput(out, () -> false))
                .greeting(Prompt.tone(600, Duration.ofMillis(200), 0.4))
                .voicemail(v -> v.maxDuration(Duration.ofSeconds(10)).minDuration(Duration.ZERO).silenceTimeout(Duration.ZERO)
                        .finishKeys("#"))
                .notifier(WebhookNotifier.builder(url, WebhookNotifier.secretOf(args[2])).build())
                .decorateStore(KillingStore::new).decorateNotifier(KillingNotifier::new)
                .build().start();
        if (call) {
            try (SimulatedModem sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).monotonicClock(new VirtualMonotonicClock())
                    .onMockTransports();
                 Modem modem = Modem.open(ModemConfig.builder().atPort(sim.hostAtPort()).audioPort(sim.hostAudioPort())
                         .dialect(sim.dialect()).handler(machine.callHandler()).monotonicClock(new VirtualMonotonicClock()).build())) {
                sim.placeCall(CallScript.builder().caller("+4915112344567").rings(1).ringInterval(Duration.ofMillis(100))
                        .callerAudio(Prompt.tone(440, Duration.ofMillis(800), 0.3)).ending(CallScript.Ending.KEY).build());
                machine.awaitFirstCall(Duration.ofSeconds(60)).orElseThrow();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!allDelivered(machine)) {
            if (System.nanoTime() - deadline > 0) {
                System.out.println("NOT SETTLED");
                System.exit(1);
            }
            Thread.sleep(20); // polls the outbox records, bounded by the deadline
        }
        point("settled");
        System.out.println("SETTLED");
        machine.close();
        System.exit(0);
    }

    private static boolean allDelivered(AnsweringMachine machine) {
        for (VoicemailMessage m : machine.mailbox().list()) {
            for (DeliveryStatus s : machine.deliveries(m.id())) {
                if (s.state() != DeliveryStatus.State.DELIVERED) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The message directory, with kill points around storing and the pipeline's re-read. */
    private static final class KillingStore extends ForwardingMessageStore {
        KillingStore(MessageStore d) {
            super(d);
        }

        @Override
        public VoicemailMessage store(VoicemailMessage message, Path recording) {
            point("recording-finished");
            VoicemailMessage stored = d.store(message, recording);
            point("json-published");
            return stored;
        }

        @Override
        public Optional<VoicemailMessage> get(String id) {
            if (Thread.currentThread().getName().startsWith("modem-voice-pipeline")) {
                point("pipeline-has-it");
            }
            return d.get(id);
        }
    }

    /** The webhook, with kill points before sending and after the receiver's acknowledgement. */
    private record KillingNotifier(Notifier d) implements Notifier {
        @Override
        public String name() {
            return d.name();
        }

        @Override
        public void deliver(Notification notification) {
            point("outbox-written");
            d.deliver(notification);
            point("acknowledged");
        }
    }
}
