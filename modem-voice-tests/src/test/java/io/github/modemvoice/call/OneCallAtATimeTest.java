package io.github.modemvoice.call;

import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.testing.CallScript;
import io.github.modemvoice.testing.SimEvent;
import io.github.modemvoice.testing.SimulatedModem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call is handed to the handler only once the handler of the call before has returned: what
 * that one does after its hang-up (storing the message, reporting it) is over, and told, before
 * the next call begins. The next caller rings on meanwhile and is answered afterwards.
 */
class OneCallAtATimeTest {

    @Test
    void theNextCallWaitsForThePreviousHandlerToReturn() throws Exception {
        CountDownLatch firstMayReturn = new CountDownLatch(1);
        CountDownLatch firstHungUp = new CountDownLatch(1);
        CompletableFuture<Void> secondStarted = new CompletableFuture<>();
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<Boolean> startedByRingThree = new CompletableFuture<>();
        try (SimulatedModem sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600)
                .listener(e -> {
                    // the second call's third ring: in the old way its handler had started at the first
                    // (or its answer, if that came first: then the handler had started before the third ring)
                    if (calls.get() == 2 && (e.type() == SimEvent.Type.RINGING && e.detail().equals("3")
                            || e.type() == SimEvent.Type.ANSWERED)) {
                        startedByRingThree.complete(secondStarted.isDone());
                    }
                })
                .monotonicClock(new VirtualMonotonicClock()).onMockTransports();
             Modem modem = Modem.open(ModemConfig.builder().atPort(sim.hostAtPort()).audioPort(sim.hostAudioPort())
                     .dialect(sim.dialect()).monotonicClock(new VirtualMonotonicClock())
                     .commandTimeout(Duration.ofSeconds(2))
                     .handler(call -> {
                         if (order.isEmpty()) {
                             order.add("first answered");
                             call.answer().hangup();
                             firstHungUp.countDown();
                             try {
                                 // the message is being stored, on a slow disk
                                 assertThat(firstMayReturn.await(30, TimeUnit.SECONDS)).isTrue();
                             } catch (InterruptedException e) {
                                 Thread.currentThread().interrupt();
                             }
                             order.add("first returned");
                         } else {
                             order.add("second handed over");
                             secondStarted.complete(null);
                             call.answer().hangup();
                         }
                     }).build())) {
            calls.set(1);
            sim.placeCall(CallScript.builder().rings(5).ringInterval(Duration.ofMillis(200)).build());
            assertThat(firstHungUp.await(20, TimeUnit.SECONDS)).isTrue();
            sim.awaitCallEnded(Duration.ofSeconds(20));

            calls.set(2);
            sim.placeCall(CallScript.builder().rings(8).ringInterval(Duration.ofMillis(200)).build());
            assertThat(startedByRingThree.get(20, TimeUnit.SECONDS)).as("the second call was handed over while the first"
                    + " handler still ran").isFalse();
            firstMayReturn.countDown();
            secondStarted.get(20, TimeUnit.SECONDS);
            assertThat(sim.awaitCallEnded(Duration.ofSeconds(20)).answered()).as("the waiting caller is answered").isTrue();
            assertThat(order).containsExactly("first answered", "first returned", "second handed over");
        }
    }
}
