package io.github.modemvoice.testing;

import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.call.CallHandler;
import io.github.modemvoice.call.CallerInfo;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests of a real {@link Modem} (the host) against a {@link SimulatedModem} share: the
 * two are closed after each test, the host is configured on the simulator's ports, and waits
 * are on conditions with a bound.
 */
abstract class SimulatedHostTest {
    static final Duration T = Duration.ofSeconds(10);

    SimulatedModem sim;
    Modem modem;

    @AfterEach
    void closeHostAndSimulator() {
        Closing.closeAll(modem, sim);
    }

    /**
     * @return the host's configuration on {@link #sim}'s ports (no audio port on an analog
     *         modem) with its dialect, a 2 s command timeout and virtual playback pacing
     */
    ModemConfig.Builder host(CallHandler handler) {
        return ModemConfig.builder()
                .atPort(sim.hostAtPort()).audioPort(sim.hostAudioPort()).dialect(sim.dialect()).handler(handler)
                .commandTimeout(Duration.ofSeconds(2))
                .monotonicClock(new VirtualMonotonicClock());
    }

    /** Opens the host as {@link #modem}. */
    Modem open(ModemConfig.Builder config) {
        modem = Modem.open(config.build());
        return modem;
    }

    /** @return a handler that tells {@code seen} who called and rejects the call */
    static CallHandler rejecting(CompletableFuture<CallerInfo> seen) {
        return call -> {
            seen.complete(call.caller());
            call.reject();
        };
    }

    static <R> R await(CompletableFuture<R> f) throws Exception {
        return f.get(T.toMillis(), TimeUnit.MILLISECONDS);
    }

    static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + T).isLessThan(deadline);
            Thread.sleep(2); // polls a condition with a deadline
        }
    }
}
