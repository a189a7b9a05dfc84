package io.github.modemvoice.call;

import io.github.modemvoice.testing.GsmModemFixture;
import io.github.modemvoice.transport.TransportOpenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static io.github.modemvoice.testing.Closing.closeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The supervisor reopens a lost modem with capped exponential backoff and keeps the same handler. */
class ModemSupervisorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private final List<GsmModemFixture> fixtures = new ArrayList<>();
    private ModemSupervisor supervisor;

    @AfterEach
    void tearDown() {
        closeAll(supervisor);
        closeAll(fixtures);
    }

    private GsmModemFixture fixture() {
        GsmModemFixture f = new GsmModemFixture("simcom");
        fixtures.add(f);
        return f;
    }

    private static ModemConfig config(GsmModemFixture f, CallHandler handler) {
        return ModemConfig.builder().atPort(f.at).audioPort(f.pcm).dialect(f.dialect()).handler(handler)
                .commandTimeout(Duration.ofSeconds(2)).build();
    }

    /** Each open takes the next step: a fixture to open, or a port that is not there (yet). */
    private Supplier<ModemConfig> steps(CallHandler handler, Object... steps) {
        Deque<Object> queue = new ArrayDeque<>(List.of(steps));
        return () -> {
            Object next = queue.poll();
            if (next instanceof GsmModemFixture f) {
                return config(f, handler);
            }
            throw new TransportOpenException("no such device /dev/serial/by-id/usb-test-if02-port0");
        };
    }

    private final CompletableFuture<Void> back = new CompletableFuture<>();

    private ModemSupervisor.Builder builder(Supplier<ModemConfig> configs) {
        return ModemSupervisor.builder(configs)
                .sleeper(sleeps::add)
                .listener((from, to, cause) -> {
                    transitions.add(from + ">" + to + cause.map(c -> " (" + c.getMessage() + ")").orElse(""));
                    if (to == ModemSupervisor.State.UP && transitions.contains("UP>DOWN")) {
                        back.complete(null);
                    }
                });
    }

    private void awaitBack() throws Exception {
        back.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(supervisor.state()).isEqualTo(ModemSupervisor.State.UP);
    }

    @Test
    void aLostPortIsReopenedWithDoublingBackoffAndTheSameHandlerAnswersTheNextCall() throws Exception {
        GsmModemFixture first = fixture();
        GsmModemFixture second = fixture();
        List<String> callers = new CopyOnWriteArrayList<>();
        CompletableFuture<String> afterReconnect = new CompletableFuture<>();
        CallHandler handler = call -> {
            callers.add(call.caller().number().orElse("?"));
            if (callers.size() == 1) {
                afterReconnect.complete(call.caller().number().orElse("?"));
            }
            call.ignore();
        };
        supervisor = builder(steps(handler, first, "gone", "gone", "gone", second)).start();
        assertThat(supervisor.state()).isEqualTo(ModemSupervisor.State.UP);

        first.at.emitEof(); // the USB modem re-enumerated

        awaitBack();
        // three failed attempts (1 s, 2 s, 4 s), the fourth (after 8 s) found the port
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
        assertThat(supervisor.reconnects()).isEqualTo(1);
        assertThat(transitions).startsWith("STARTING>UP", "UP>DOWN", "DOWN>RECONNECTING");
        assertThat(transitions).filteredOn(t -> t.contains("no such device")).hasSize(3);
        assertThat(transitions.get(transitions.size() - 1)).isEqualTo("RECONNECTING>UP");
        assertThat(second.at.commands()).contains("AT+CLIP=1"); // initialised again: caller id back on

        second.ring("+15551234567");
        assertThat(afterReconnect.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("+15551234567");
        assertThat(supervisor.modem()).isPresent();
    }

    @Test
    void theBackoffIsCapped() throws Exception {
        GsmModemFixture first = fixture();
        GsmModemFixture last = fixture();
        Object[] steps = new Object[10];
        steps[0] = first;
        for (int i = 1; i < 9; i++) {
            steps[i] = "gone";
        }
        steps[9] = last;
        supervisor = builder(steps(call -> call.ignore(), steps)).backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)).start();

        first.at.emitEof();

        awaitBack();
        assertThat(sleeps).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L, 30L);
    }

    @Test
    void aModemThatNeverOpenedIsAnErrorNotARetry() {
        assertThatThrownBy(() -> builder(steps(call -> call.ignore(), "gone")).start())
                .isInstanceOf(TransportOpenException.class)
                .hasMessageContaining("no such device");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void closeStopsReconnectingAndReportsStopped() throws Exception {
        GsmModemFixture first = fixture();
        CompletableFuture<Void> firstRetry = new CompletableFuture<>();
        supervisor = ModemSupervisor.builder(steps(call -> call.ignore(), first, "gone", "gone", "gone"))
                .sleeper(d -> {
                    firstRetry.complete(null);
                    Thread.sleep(Long.MAX_VALUE); // woken by close()
                })
                .start();
        first.at.emitEof();
        firstRetry.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

        supervisor.close();

        assertThat(supervisor.state()).isEqualTo(ModemSupervisor.State.STOPPED);
        assertThat(supervisor.modem()).isEmpty();
    }

    @Test
    void backoffMustBeSensible() {
        assertThatThrownBy(() -> ModemSupervisor.builder(() -> null).backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backoff initial must be positive");
        assertThatThrownBy(() -> ModemSupervisor.builder(() -> null).backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backoff max must be at least initial");
    }
}
