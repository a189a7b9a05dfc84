package io.github.modemvoice.testing;

import io.github.modemvoice.audio.MonotonicClock;
import io.github.modemvoice.call.CallerInfo;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.dialect.ModemModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A simulated module restarts between calls ({@link SimulatedModem#restart()}: its settings are
 * forgotten, a GSM module prints its boot announcements, an analog modem prints nothing) and the
 * next call still has caller id: over real pseudo-terminals with the modem's own upkeep thread,
 * and for an analog modem found by the watchdog alone.
 */
class SimulatedRestartTest extends SimulatedHostTest {

    private static long count(SimulatedModem sim, String command) {
        return sim.commands().stream().filter(command::equals).count();
    }

    @Test
    void aSim7600RestartOverPseudoTerminalsIsFollowedByCallerIdOnTheNextCall() throws Exception {
        assumeTrue(SimulatedModem.pseudoTerminalsAvailable(), "socat not installed: apt-get install socat");
        sim = SimulatedModem.builder(ModemModel.SIMCOM_SIM7600).monotonicClock(MonotonicClock.system())
                .onPseudoTerminals();
        CompletableFuture<CallerInfo> caller = new CompletableFuture<>();
        open(host(rejecting(caller))
                .restartSettle(Duration.ofMillis(300))); // the modem's own upkeep thread, real time
        assertThat(count(sim, "AT+CLIP=1")).isEqualTo(1);
        sim.restart();
        awaitCondition(() -> count(sim, "AT+CLIP=1") == 2, "initialised again after the restart");
        awaitCondition(() -> count(sim, "AT+CLCC") == 2, "the re-initialisation finished");
        sim.placeCall(CallScript.builder().caller("+4915112344567").hangupTimeout(T).build());
        assertThat(caller.get(T.toSeconds(), TimeUnit.SECONDS).number()).contains("+4915112344567");
        sim.awaitCallEnded(T);
        assertThat(count(sim, "AT+CLIP=1")).as("one restart, one re-initialisation").isEqualTo(2);
        assertThat(modem.isAlive()).isTrue();
        assertThat(sim.unknownCommands()).isEmpty();
    }

    @Test
    void anAnalogModemThatLostItsSettingsIsFoundByTheWatchdog() throws Exception {
        sim = SimulatedModem.builder(ModemModel.USR_5637).onMockTransports();
        ManualUpkeep upkeep = new ManualUpkeep();
        CompletableFuture<CallerInfo> caller = new CompletableFuture<>();
        open(host(rejecting(caller))
                .ringTimeout(Duration.ofSeconds(1))
                .upkeepScheduler(upkeep));
        upkeep.advance(ModemConfig.DEFAULT_WATCHDOG_INTERVAL);
        assertThat(count(sim, "AT+FCLASS?")).isEqualTo(1);
        assertThat(count(sim, "AT+FCLASS=8")).as("in voice mode: nothing to do").isEqualTo(1);
        sim.restart(); // silent: an analog modem announces nothing
        upkeep.advance(ModemConfig.DEFAULT_WATCHDOG_INTERVAL);
        assertThat(count(sim, "AT+FCLASS=8")).as("initialised again").isEqualTo(2);
        sim.placeCall(CallScript.builder().caller("5551234").ringInterval(Duration.ofMillis(300)).hangupTimeout(T)
                .build());
        assertThat(caller.get(T.toSeconds(), TimeUnit.SECONDS).number()).contains("5551234");
        sim.awaitCallEnded(T);
        assertThat(modem.isAlive()).isTrue();
        assertThat(sim.unknownCommands()).isEmpty();
    }
}
