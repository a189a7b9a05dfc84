package io.github.modemvoice.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static io.github.modemvoice.testing.Closing.closeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.modemvoice.testing.PtyPair;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SerialTransport} against real pseudo-terminals made by socat. The host side is a
 * SerialTransport on one end; the other end is read and written with plain file streams,
 * playing the modem.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SerialTransportPtyTest {

    private static final Duration SHORT = Duration.ofMillis(200);
    /** Longer than the driver's longest slice: such a read waits in 25.5 s slices. */
    private static final Duration LONG = Duration.ofHours(1);

    @Nested
    class OverPseudoTerminals {
        private PtyPair pty;
        private SerialTransport host;
        private Peer modem;

        @BeforeEach
        void start() throws IOException {
            assumeTrue(PtyPair.socatAvailable(), "socat not installed: apt-get install socat");
            pty = PtyPair.start();
            host = new SerialTransport(SerialConfig.of(pty.a().toString()));
            host.open();
            modem = new Peer(pty.b());
        }

        @AfterEach
        void stop() {
            closeAll(host, pty, modem);
        }

        @Test
        void commandAndFinalResultCode() throws Exception {
            host.write("AT\r".getBytes(US_ASCII));
            assertThat(modem.awaitBytes(3, Duration.ofSeconds(2))).isEqualTo("AT\r".getBytes(US_ASCII));

            modem.write("\r\nOK\r\n".getBytes(US_ASCII));
            assertThat(readString(host, 6, Duration.ofSeconds(2))).isEqualTo("\r\nOK\r\n");
        }

        @Test
        void unsolicitedLinesArriveInOrder() {
            String urcs = "\r\nRING\r\n\r\n+CLIP: \"+15551234567\",145,,,,0\r\n\r\nRING\r\n";
            modem.write(urcs.getBytes(US_ASCII));
            assertThat(readString(host, urcs.length(), Duration.ofSeconds(2))).isEqualTo(urcs);
        }

        @Test
        void binaryBurstArrivesIntactFromModemToHost() {
            byte[] burst = binaryBurst(64 * 1024, 1);
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> modem.write(burst));
            byte[] received = readFully(host, burst.length, Duration.ofSeconds(10));
            sender.join();
            assertThat(received).isEqualTo(burst);
        }

        @Test
        void binaryBurstArrivesIntactFromHostToModem() throws Exception {
            byte[] burst = binaryBurst(64 * 1024, 2);
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> host.write(burst));
            byte[] received = modem.awaitBytes(burst.length, Duration.ofSeconds(10));
            sender.get(5, TimeUnit.SECONDS);
            assertThat(received).isEqualTo(burst);
        }

        @Test
        void readTimesOutWithZeroAndKeepsTime() {
            byte[] buf = new byte[16];
            for (Duration timeout : new Duration[] {Duration.ZERO, Duration.ofMillis(30), Duration.ofMillis(250)}) {
                long start = System.nanoTime();
                assertThat(host.read(buf, 0, buf.length, timeout)).isZero();
                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(elapsedMillis).as("elapsed for timeout %s", timeout)
                        .isGreaterThanOrEqualTo(timeout.toMillis())
                        .isLessThan(timeout.toMillis() + 150);
            }
        }

        @Test
        void readReturnsAsSoonAsDataArrives() throws Exception {
            CompletableFuture<Long> elapsed = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                int n = host.read(new byte[8], 0, 8, Duration.ofSeconds(10));
                assertThat(n).isPositive();
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            });
            Thread.sleep(300);
            modem.write("x".getBytes(US_ASCII));
            assertThat(elapsed.get(5, TimeUnit.SECONDS)).isLessThan(1000);
        }

        @Test
        void peerDeathDuringBlockedReadIsALoss() throws Exception {
            EndedRead ended = blockedReadEndedBy(pty::killPeer);

            assertThat(ended.thrown()).isInstanceOf(TransportLostException.class)
                    .hasMessageContaining(pty.a().toString());
            assertThat(ended.millis()).isLessThan(1000);
            assertThat(host.isOpen()).isFalse();
            // once lost, stays lost
            assertThatThrownBy(() -> host.write("AT\r".getBytes(US_ASCII)))
                    .isInstanceOf(TransportLostException.class);
            assertThatThrownBy(() -> host.read(new byte[1], 0, 1, Duration.ZERO))
                    .isInstanceOf(TransportLostException.class);
        }

        @Test
        void peerDeathWhileIdleIsSeenByTheNextReadAndWrite() {
            pty.killPeer();
            long start = System.nanoTime();
            assertThatThrownBy(() -> host.read(new byte[8], 0, 8, Duration.ofSeconds(20)))
                    .isInstanceOf(TransportLostException.class)
                    .hasMessageContaining("other end of the pseudo-terminal was closed");
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
        }

        @Test
        void peerDeathIsSeenByWrite() {
            pty.killPeer();
            assertThatThrownBy(() -> host.write("AT\r".getBytes(US_ASCII)))
                    .isInstanceOf(TransportLostException.class);
        }

        @Test
        void closeReleasesABlockedReadPromptlyAndIsIdempotent() throws Exception {
            EndedRead ended = blockedReadEndedBy(() -> {
                host.close();
                host.close();
            });
            assertThat(ended.millis()).isLessThan(1000);
            assertThat(ended.thrown()).isInstanceOf(TransportLostException.class).hasMessageContaining("closed");
            assertThat(host.isOpen()).isFalse();
            assertThatThrownBy(host::open).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void interruptedReaderGetsZeroAtOnce() throws Exception {
            CompletableFuture<int[]> result = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                int n = host.read(new byte[8], 0, 8, Duration.ofSeconds(20));
                result.complete(new int[] {n, Thread.currentThread().isInterrupted() ? 1 : 0});
            });
            reader.start();
            Thread.sleep(300);
            reader.interrupt();
            assertThat(result.get(2, TimeUnit.SECONDS)).containsExactly(0, 1);
        }

        /** What a blocked read threw (null if it returned) and how long after the event it ended. */
        private record EndedRead(Throwable thrown, long millis) {
        }

        /** Starts a 20 s read on the host, gives it 300 ms to block, then runs the event; waits 3 s for the read. */
        private EndedRead blockedReadEndedBy(Runnable event) throws Exception {
            CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    host.read(new byte[8], 0, 8, Duration.ofSeconds(20));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            Thread.sleep(300);
            long start = System.nanoTime();
            event.run();
            Throwable thrown = reader.get(3, TimeUnit.SECONDS);
            return new EndedRead(thrown, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }

        /** A reader that waits for a long time, as the AT channel's does: its result or what it threw. */
        private CompletableFuture<Object> longRead(byte[] buf) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return host.read(buf, 0, buf.length, LONG);
                } catch (RuntimeException e) {
                    return e;
                }
            });
        }

        /** Waits until the reader has entered the driver, plus a moment for the read(2) itself. */
        private void awaitWaitingInTheDriver(long waitsBefore) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (host.driverWaits() <= waitsBefore) {
                assertThat(System.nanoTime()).as("reader entered the driver").isLessThan(deadline);
                Thread.sleep(5);
            }
            Thread.sleep(100);
        }

        @Test
        void longReadSleepsInTheDriverUntilDataComesAndReturnsItAtOnce() throws Exception {
            byte[] buf = new byte[64];
            CompletableFuture<Object> reader = longRead(buf);
            awaitWaitingInTheDriver(0);
            // idle for a second: one read(2) in progress (100 ms slices would have made ten)
            Thread.sleep(1000);
            assertThat(host.driverWaits()).isEqualTo(1);
            assertThat(reader).isNotDone();

            long start = System.nanoTime();
            modem.write("RING".getBytes(US_ASCII));
            Object got = reader.get(2, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(500);
            assertThat(got).isInstanceOf(Integer.class);
            assertThat(new String(buf, 0, (Integer) got, US_ASCII)).isEqualTo("RING".substring(0, (Integer) got));
            assertThat(host.driverWaits()).isEqualTo(1);
        }

        @Test
        void shortAndLongReadsTakeTurnsOnOnePort() throws Exception {
            byte[] buf = new byte[16];
            // a short read after a long one keeps its time (the driver's slice is set back)
            modem.write("A".getBytes(US_ASCII));
            assertThat(host.read(buf, 0, buf.length, LONG)).isEqualTo(1);
            long start = System.nanoTime();
            assertThat(host.read(buf, 0, buf.length, Duration.ofMillis(250))).isZero();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 400L);
            // and a long read after a short one waits in the long slice again, and gets the data
            long waits = host.driverWaits();
            CompletableFuture<Object> reader = longRead(buf);
            awaitWaitingInTheDriver(waits);
            Thread.sleep(300);
            assertThat(reader).isNotDone();
            assertThat(host.driverWaits()).isEqualTo(waits + 1);
            modem.write("B".getBytes(US_ASCII));
            assertThat(reader.get(2, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(buf[0]).isEqualTo((byte) 'B');
        }

        /** Starts a long read, does {@code ending} once it waits in the driver: what the read threw. */
        private TransportLostException longReadEndedBy(Runnable ending, long withinMillis) throws Exception {
            CompletableFuture<Object> reader = longRead(new byte[8]);
            awaitWaitingInTheDriver(0);
            long start = System.nanoTime();
            ending.run();
            Object thrown = reader.get(3, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(withinMillis);
            assertThat(thrown).isInstanceOf(TransportLostException.class);
            assertThat(host.isOpen()).isFalse();
            return (TransportLostException) thrown;
        }

        @Test
        void closeEndsALongReadAtOnce() throws Exception {
            // without the wake-up, close() would wait 500 ms for the reader, then close under it
            assertThat(longReadEndedBy(host::close, 400)).hasMessageContaining("closed");
        }

        @Test
        void peerDeathDuringALongReadIsALossAtOnce() throws Exception {
            assertThat(longReadEndedBy(pty::killPeer, 1000))
                    .hasMessageContaining(pty.a().toString()).hasMessageNotContaining("closed underneath");
        }

        @Test
        void openTwiceIsANoOpAndASecondTransportOnTheSamePortIsRefused() {
            host.open();
            assertThat(host.isOpen()).isTrue();
            try (SerialTransport other = new SerialTransport(SerialConfig.of(pty.a().toString()))) {
                assertThatThrownBy(other::open).isInstanceOf(TransportOpenException.class)
                        .hasMessageContaining(pty.a().toString())
                        .hasMessageContaining("already open");
            }
        }

        @Test
        void portLockedByAnotherProcessIsReportedBusy() throws Exception {
            assumeTrue(onPath("flock"), "flock(1) not installed (util-linux)");
            Path device = pty.b().toRealPath();
            Process locker = new ProcessBuilder("flock", "-n", device.toString(), "sleep", "20")
                    .redirectErrorStream(true).start();
            try {
                Thread.sleep(300);
                assumeTrue(locker.isAlive(), "flock could not take the lock");
                try (SerialTransport other = new SerialTransport(SerialConfig.of(pty.b().toString()))) {
                    assertThatThrownBy(other::open).isInstanceOf(TransportOpenException.class)
                            .hasMessageContaining(pty.b().toString())
                            .hasMessageContaining("busy");
                }
            } finally {
                locker.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        }
    }

    @Nested
    class OpenFailures {

        @Test
        void missingDeviceIsNamedWithAHint(@TempDir Path dir) {
            String path = dir.resolve("ttyUSB9").toString();
            assertThatThrownBy(() -> new SerialTransport(SerialConfig.of(path)).open())
                    .isInstanceOf(TransportOpenException.class)
                    .hasMessageContaining("no such device " + path)
                    .hasMessageContaining("plugged in");
        }

        @Test
        void missingUsbDeviceSuggestsListingItsSiblings() {
            String path = "/dev/ttyUSB97";
            assumeFalse(Files.exists(Path.of(path)), path + " exists on this machine");
            assertThatThrownBy(() -> new SerialTransport(SerialConfig.of(path)).open())
                    .isInstanceOf(TransportOpenException.class)
                    .hasMessageContaining("no such device /dev/ttyUSB97")
                    .hasMessageContaining("ls /dev/ttyUSB*");
        }

        @Test
        void danglingSymlinkSaysWhereItPoints(@TempDir Path dir) throws IOException {
            Path link = Files.createSymbolicLink(dir.resolve("modem"), dir.resolve("gone"));
            assertThatThrownBy(() -> new SerialTransport(SerialConfig.of(link.toString())).open())
                    .isInstanceOf(TransportOpenException.class)
                    .hasMessageContaining(link.toString())
                    .hasMessageContaining("symbolic link");
        }

        @Test
        void permissionDeniedMentionsDialout(@TempDir Path dir) throws IOException {
            Path file = Files.createFile(dir.resolve("ttyS7"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
            assumeFalse(Files.isReadable(file),
                    "running as root: file permissions are not enforced, nothing to test");
            assertThatThrownBy(() -> new SerialTransport(SerialConfig.of(file.toString())).open())
                    .isInstanceOf(TransportOpenException.class)
                    .hasMessageContaining("permission denied on " + file)
                    .hasMessageContaining("dialout");
        }

        @Test
        void regularFileIsNotASerialPort(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("notatty"), "hello");
            assertThatThrownBy(() -> new SerialTransport(SerialConfig.of(file.toString())).open())
                    .isInstanceOf(TransportOpenException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("not a terminal");
        }

        @Test
        void ioBeforeOpenIsAProgrammingError() {
            SerialTransport t = new SerialTransport(SerialConfig.of("/dev/ttyUSB0"));
            assertThat(t.isOpen()).isFalse();
            assertThatThrownBy(() -> t.read(new byte[1], 0, 1, SHORT)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> t.write(new byte[1])).isInstanceOf(IllegalStateException.class);
            t.close();
            t.close();
        }
    }

    // ---------------------------------------------------------------------------------------

    /** All 256 byte values, in order and then shuffled, repeated up to {@code size}. */
    static byte[] binaryBurst(int size, long seed) {
        byte[] data = new byte[size];
        for (int i = 0; i < 256; i++) {
            data[i] = (byte) i;
        }
        new Random(seed).nextBytes(data);
        for (int i = 0; i < 256; i++) {
            data[i] = (byte) i;
        }
        // the troublemakers, in runs: NUL, DLE, XON, XOFF, CR, LF, ETX, EOT, DEL
        byte[] special = {0x00, 0x10, 0x11, 0x13, 0x0D, 0x0A, 0x03, 0x04, 0x7F, (byte) 0xFF};
        for (int i = 256; i < 256 + special.length * 8; i++) {
            data[i] = special[(i - 256) / 8];
        }
        return data;
    }

    private static String readString(Transport t, int length, Duration timeout) {
        return new String(readFully(t, length, timeout), US_ASCII);
    }

    private static byte[] readFully(Transport t, int length, Duration timeout) {
        byte[] out = new byte[length];
        int got = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (got < length) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + got + " of " + length + " bytes within " + timeout);
            }
            got += t.read(out, got, length - got, Duration.ofNanos(Math.min(left, 500_000_000L)));
        }
        return out;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** The modem's end: plain file streams on the other pseudo-terminal, read by a daemon thread. */
    static final class Peer implements AutoCloseable {
        private final FileOutputStream out;
        private final FileInputStream in;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final Thread reader;

        Peer(Path path) throws IOException {
            this.out = new FileOutputStream(path.toFile());
            this.in = new FileInputStream(path.toFile());
            this.reader = new Thread(this::pump, "pty-peer-" + path.getFileName());
            reader.setDaemon(true);
            reader.start();
        }

        private void pump() {
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (received) {
                        received.write(buf, 0, n);
                        received.notifyAll();
                    }
                }
            } catch (IOException e) {
                // EIO once socat is gone: the end of this peer
            }
        }

        void write(byte[] data) {
            try {
                out.write(data);
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] awaitBytes(int count, Duration timeout) throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (received) {
                while (received.size() < count) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("peer got " + received.size() + " of " + count + " bytes");
                    }
                    TimeUnit.NANOSECONDS.timedWait(received, left);
                }
                return received.toByteArray();
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                // ignore
            }
            // the input stream ends with EIO when socat goes away; the thread is a daemon
        }
    }
}
