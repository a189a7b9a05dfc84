package io.github.modemvoice.pipeline;

import com.sun.net.httpserver.HttpServer;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database outbox: rows written in the message's own transaction; on SQLite one host
 * delivers; on a real PostgreSQL ({@code MODEMVOICE_TEST_PG_URL}, started by {@code .ci/run})
 * two hosts share the mailbox and one receiver acknowledges each message exactly once, also
 * when one host dies in the middle of a delivery (its lease runs out on the injected clock).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdbcOutboxTest {
    static final Instant T0 = Instant.parse("2026-11-21T22:15:03Z");

    @TempDir
    Path tmp;
    final MutableClock clock = new MutableClock(T0);
    final TestPostgres pg = new TestPostgres("PostgreSQL outbox tests");

    /** One receiver for every host: counts the requests it acknowledged (2xx) per idempotency key. */
    static final class Counter implements AutoCloseable {
        final HttpServer server;
        final Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();
        final List<String> refused = new CopyOnWriteArrayList<>();
        /** When armed, the first request waits for {@link #release} and is then refused (503). */
        final AtomicBoolean trap = new AtomicBoolean();
        final CountDownLatch trapped = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Counter() throws Exception {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                String key = ex.getRequestHeaders().getFirst(WebhookNotifier.IDEMPOTENCY_HEADER);
                int status = 200;
                if (trap.compareAndSet(true, false)) {
                    trapped.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    status = 503;
                    refused.add(key);
                } else {
                    acknowledged.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                }
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A database connection that a "killed" host loses for good. */
    static DataSource killable(DataSource real, AtomicBoolean killed) {
        return (DataSource) Proxy.newProxyInstance(JdbcOutboxTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (killed.get() && method.getName().equals("getConnection")) {
                        throw new SQLException("this host was killed");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    JdbcOutbox outbox(JdbcMessageStore store, URI url, String owner) {
        return JdbcOutbox.builder(store).clock(clock).lease(Duration.ofMinutes(10)).owner(owner)
                .notifier(WebhookNotifier.builder(url, PipelineEndToEndTest.SECRET).requestTimeout(Duration.ofSeconds(30)).build())
                .build();
    }

    // ------------------------------------------------------------------------------ SQLite, one host

    @Test
    void sqliteTheRowIsWrittenWithTheMessageAndDeliveredWithTheTranscript() throws Exception {
        try (Counter receiver = new Counter()) {
            JdbcMessageStore store = JdbcMessageStore.builder(JdbcMessageStoreSqliteTest.sqlite(tmp.resolve("mb.db")))
                    .spoolDirectory(tmp.resolve("spool")).build();
            AtomicInteger transcriptions = new AtomicInteger();
            try (store; JdbcOutbox outbox = outbox(store, receiver.url(), "host-a");
                 MessagePipeline pipeline = MessagePipeline.builder(store, outbox).workDirectory(tmp)
                         .transcriber((wav, t) -> "call me back " + transcriptions.incrementAndGet()).build()) {
                VoicemailMessage m = MessagePipelineDurabilityTest.store(store, T0);
                // no submit: the intent is in the database with the message
                assertThat(outbox.hasRecord(m.id())).isTrue();
                assertThat(outbox.status(m.id())).extracting(DeliveryStatus::state).containsExactly(DeliveryStatus.State.PENDING);
                assertThat(pipeline.catchUp()).isEmpty();
                assertThat(outbox.runDueNow()).isEqualTo(1);
                assertThat(outbox.status(m.id())).extracting(DeliveryStatus::state).containsExactly(DeliveryStatus.State.DELIVERED);
                assertThat(store.get(m.id()).orElseThrow().transcript()).isEqualTo("call me back 1");
                assertThat(outbox.runDueNow()).isZero();
                assertThat(outbox.awaitSettled(m.id(), Duration.ofSeconds(1))).isTrue();
            }
            assertThat(receiver.acknowledged).containsOnlyKeys(List.of(receiver.acknowledged.keySet().iterator().next()));
            assertThat(receiver.acknowledged.values()).allMatch(c -> c.get() == 1);
        }
    }

    @Test
    void sqliteAPermanentFailureKeepsItsHttpStatusAndARetryBacksOff() throws Exception {
        try (Receiver receiver = new Receiver()) {
            JdbcMessageStore store = JdbcMessageStore.builder(JdbcMessageStoreSqliteTest.sqlite(tmp.resolve("mb.db")))
                    .spoolDirectory(tmp.resolve("spool")).build();
            try (store; JdbcOutbox outbox = outbox(store, receiver.url("/hook"), "host-a")) {
                receiver.status = 503;
                VoicemailMessage m = MessagePipelineDurabilityTest.store(store, T0);
                assertThat(outbox.runDueNow()).isEqualTo(1);
                DeliveryStatus st = outbox.status(m.id()).get(0);
                assertThat(st.state()).isEqualTo(DeliveryStatus.State.PENDING);
                assertThat(st.httpStatus()).hasValue(503);
                assertThat(st.nextAttemptAt().orElseThrow()).isAfter(T0);
                assertThat(outbox.runDueNow()).as("backing off").isZero();
                clock.advance(Duration.ofSeconds(2));
                receiver.status = 410;
                assertThat(outbox.runDueNow()).isEqualTo(1);
                st = outbox.status(m.id()).get(0);
                assertThat(st.state()).isEqualTo(DeliveryStatus.State.FAILED);
                assertThat(st.httpStatus()).hasValue(410);
                assertThat(st.attempts()).isEqualTo(2);
                assertThat(st.describe()).contains("failed for good (HTTP 410)");
            }
        }
    }

    // ------------------------------------------------------------------------------ PostgreSQL, two hosts

    DataSource postgres() {
        return pg.dataSource();
    }

    String newTable() {
        return pg.newTable("mv_outbox_");
    }

    @AfterEach
    void dropTables() throws SQLException {
        pg.dropTables();
    }

    JdbcMessageStore host(DataSource ds, String table, String name) {
        return JdbcMessageStore.builder(ds).tableName(table).spoolDirectory(tmp.resolve("spool-" + name)).build();
    }

    @Test
    void postgresTwoHostsDeliverEachMessageOnceBetweenThem() throws Exception {
        DataSource ds = postgres();
        String table = newTable();
        try (Counter receiver = new Counter();
             JdbcMessageStore a = host(ds, table, "a"); JdbcMessageStore b = host(ds, table, "b");
             JdbcOutbox outA = outbox(a, receiver.url(), "host-a"); JdbcOutbox outB = outbox(b, receiver.url(), "host-b");
             MessagePipeline pipeA = MessagePipeline.builder(a, outA).workDirectory(tmp).transcriber(counting()).build();
             MessagePipeline pipeB = MessagePipeline.builder(b, outB).workDirectory(tmp).transcriber(counting()).build()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(MessagePipelineDurabilityTest.store(i % 2 == 0 ? a : b, T0.plusSeconds(i)).id());
            }
            AtomicInteger byA = new AtomicInteger();
            AtomicInteger byB = new AtomicInteger();
            Thread ta = new Thread(() -> drain(outA, byA));
            Thread tb = new Thread(() -> drain(outB, byB));
            ta.start();
            tb.start();
            ta.join(60_000);
            tb.join(60_000);
            assertThat(receiver.acknowledged).containsOnlyKeys(ids);
            assertThat(receiver.acknowledged.values()).allMatch(c -> c.get() == 1);
            assertThat(byA.get() + byB.get()).isEqualTo(20);
            assertThat(transcribed).as("each message transcribed once, by the host that claimed it").hasValue(20);
            assertThat(pipeA.catchUp()).isEmpty();
            assertThat(pipeB.catchUp()).isEmpty();
            for (String id : ids) {
                assertThat(a.get(id).orElseThrow().transcript()).startsWith("transcript ");
            }
            for (String id : ids) {
                assertThat(outA.status(id)).extracting(DeliveryStatus::state).containsExactly(DeliveryStatus.State.DELIVERED);
            }
            System.out.println("two hosts, 20 messages: host A delivered " + byA + ", host B " + byB);
        }
    }

    private final AtomicInteger transcribed = new AtomicInteger();

    private Transcriber counting() {
        return (wav, timeout) -> "transcript " + transcribed.incrementAndGet();
    }

    private static void drain(JdbcOutbox outbox, AtomicInteger count) {
        int idle = 0;
        while (idle < 3) { // both hosts race for the same rows; a few empty rounds mean none is left
            int n = outbox.runDueNow();
            count.addAndGet(n);
            idle = n == 0 ? idle + 1 : 0;
        }
    }

    @Test
    void postgresAHostKilledMidDeliveryLeavesItsRowsToTheOtherAfterTheLease() throws Exception {
        DataSource real = postgres();
        String table = newTable();
        AtomicBoolean aKilled = new AtomicBoolean();
        try (Counter receiver = new Counter();
             JdbcMessageStore a = host(killable(real, aKilled), table, "a"); JdbcMessageStore b = host(real, table, "b");
             JdbcOutbox outB = outbox(b, receiver.url(), "host-b")) {
            JdbcOutbox outA = outbox(a, receiver.url(), "host-a");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(MessagePipelineDurabilityTest.store(a, T0.plusSeconds(i)).id());
            }
            receiver.trap.set(true);
            Thread hostA = new Thread(outA::runDueNow, "host-a-worker"); // claims all three, delivers the first
            hostA.setDaemon(true);
            hostA.start();
            assertThat(receiver.trapped.await(30, TimeUnit.SECONDS)).isTrue();
            aKilled.set(true); // host A dies with its request in flight: it never writes again
            receiver.release.countDown();
            hostA.join(30_000);

            assertThat(outB.runDueNow()).as("host A's lease still holds").isZero();
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            assertThat(outB.runDueNow()).as("the lease ran out: host B takes over").isEqualTo(3);

            assertThat(receiver.refused).hasSize(1);
            assertThat(receiver.acknowledged).containsOnlyKeys(ids);
            assertThat(receiver.acknowledged.values()).as("each acknowledged exactly once").allMatch(c -> c.get() == 1);
            for (String id : ids) {
                assertThat(outB.status(id)).extracting(DeliveryStatus::state).containsExactly(DeliveryStatus.State.DELIVERED);
            }
        }
    }
}
