package io.github.modemvoice.transport;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Transport} over a serial port or pseudo-terminal, using jSerialComm.
 *
 * <pre>{@code
 * try (SerialTransport port = new SerialTransport(SerialConfig.of("/dev/ttyUSB2"))) {
 *     port.open();
 *     port.write("AT\r".getBytes(StandardCharsets.US_ASCII));
 *     int n = port.read(buffer, 0, buffer.length, Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * <p><b>Reads.</b> The port is in raw mode (no echo, no CR/LF translation, no XON/XOFF unless
 * configured) and is read in semi-blocking slices: one {@code read(2)} that the terminal driver
 * ends as soon as a byte is there, or after the slice's time (the driver's VTIME, counted in
 * tenths of a second). A read whose timeout is {@value #LONG_SLICE_MILLIS} ms or more waits in
 * slices of that length, the longest the driver can time; shorter reads wait in slices of
 * {@value #SLICE_MILLIS} ms, and the last part of a timeout shorter than that is waited for by
 * polling the number of available bytes every few milliseconds. So {@link #read} returns as soon
 * as any byte is available, and returns 0 no later than a few milliseconds after the timeout. A
 * zero timeout only takes what is already there. An idle reader that asks for minutes at a time
 * (the AT channel's reader) sleeps in the kernel, waking about twice a minute.
 *
 * <p><b>Loss.</b> On Linux, when the device goes away (a USB adapter unplugged, or the other
 * end of a pseudo-terminal closed, e.g. socat killed), reading the terminal fails with EIO at
 * once, including a read that is already waiting; this surfaces as a
 * {@link TransportLostException} at once. Should a driver instead report "no data"
 * without waiting, the transport notices the early returns, checks that the device node still
 * exists and backs off, so it never spins. Once lost, the port is closed and every later call
 * throws {@link TransportLostException} with the first reason.
 *
 * <p><b>Threads.</b> One reader thread and any number of writer threads; writes are serialised.
 * {@link #close()} from another thread makes a blocked read throw at once, whatever its slice:
 * it puts the descriptor in non-blocking mode, which ends the {@code read(2)} in progress.
 * A thread interrupted while in {@link #read} gets 0 back at the end of the current slice (at
 * once when it is not in the driver) and keeps its interrupt status, so its loop must check
 * {@link Thread#isInterrupted()}; a long read is ended at once only by {@link #close()}.
 *
 * <p>A transport is opened at most once; after {@link #close()} or a loss, build a new one to
 * reconnect (a USB modem usually comes back under a new path anyway).
 */
public final class SerialTransport implements Transport {

    /**
     * Holds the serial library's release of its ports at JVM shutdown until {@code stopped} is
     * counted down (at most {@code limit}).
     *
     * <p>jSerialComm has a shutdown hook of its own that releases every port it opened, and the
     * JVM starts all shutdown hooks at once: an application whose own hook still needs the modem
     * (to hang up, to let a recording end and be stored as {@code INTERRUPTED}) would otherwise
     * race it, and the call would see its audio port vanish ({@code TRANSPORT_LOST}). The wait
     * runs inside jSerialComm's hook ({@code SerialPort.addShutdownHook}), which finishes it before
     * closing anything.
     *
     * @param stopped counted down when the application has closed its modems
     * @param limit   the longest wait
     */
    public static void beforePortsCloseAtExit(CountDownLatch stopped, Duration limit) {
        Objects.requireNonNull(stopped, "stopped");
        long millis = limit.toMillis();
        SerialPort.addShutdownHook(new Thread(() -> {
            try {
                stopped.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "modem-voice-before-serial-shutdown"));
    }

    /** Length of one semi-blocking read, in milliseconds (the tty timer counts tenths of a second). */
    public static final int SLICE_MILLIS = 100;

    /**
     * Length of one semi-blocking read when the caller waits at least this long, in milliseconds:
     * the terminal driver's longest timer (VTIME is one byte, 255 tenths of a second).
     */
    public static final int LONG_SLICE_MILLIS = 25_500;

    /** How long a write may make no progress before the port counts as lost. */
    static final long WRITE_STALL_NANOS = 10_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(SerialTransport.class);

    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS);
    private static final long LONG_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(LONG_SLICE_MILLIS);
    /** jSerialComm: semi-blocking reads (a timeout gives VTIME), blocking writes. */
    private static final int READ_MODE = SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING;
    /** jSerialComm's write timeout (used by its Windows code only); see {@link #write}. */
    private static final int WRITE_TIMEOUT_MILLIS = 1000;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int QUICK_ZEROS_BEFORE_CHECK = 3;

    // errno values on Linux, as reported by SerialPort.getLastErrorCode()
    private static final int EPERM = 1;
    private static final int ENOENT = 2;
    private static final int EIO = 5;
    private static final int ENXIO = 6;
    private static final int EBADF = 9;
    private static final int EAGAIN = 11;
    private static final int EACCES = 13;
    private static final int EBUSY = 16;
    private static final int ENODEV = 19;
    private static final int EISDIR = 21;
    private static final int ENOTTY = 25;

    private static final Pattern NUMBERED_DEVICE = Pattern.compile("^(/dev/.*?)\\d+$");

    private final SerialConfig config;
    private final Object lifecycleLock = new Object();
    private final Object writeLock = new Object();
    private final ReentrantLock readLock = new ReentrantLock();

    private volatile SerialPort port;
    private volatile Path devicePath;
    private volatile boolean opened;
    private volatile boolean closed;
    private volatile String lostReason;
    /**
     * The slice the port's termios is set to, in ms; changed under {@link #sliceLock}, read
     * without it by the reader (a stale value after close() only sends it into a read that
     * fails at once: the descriptor is non-blocking by then).
     */
    private volatile int configuredSliceMillis;
    /** Serialises slice changes with {@link #close()}'s wake-up of a waiting read. */
    private final Object sliceLock = new Object();
    /** How many {@code read(2)} calls with a timeout were made (read by tests). */
    private volatile long driverWaits;

    /**
     * Creates a transport for the port in {@code config}; nothing is opened yet.
     *
     * @param config the port and its line settings
     */
    public SerialTransport(SerialConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** @return the settings this transport was built with */
    public SerialConfig config() {
        return config;
    }

    /** @return the configured port path, as given (before resolving symbolic links) */
    @Override
    public String name() {
        return config.portPath();
    }

    /**
     * Opens the port and puts it in raw mode with the configured line settings.
     *
     * @throws TransportOpenException when the device is missing, not accessible, busy or not a
     *                                terminal; the message names the port and what to do
     * @throws IllegalStateException  when the transport was already closed or lost
     */
    @Override
    public void open() {
        synchronized (lifecycleLock) {
            if (opened && !closed && lostReason == null) {
                return;
            }
            if (closed || lostReason != null) {
                throw new IllegalStateException("serial transport " + name()
                        + " was closed; build a new SerialTransport to reopen it");
            }
            String path = config.portPath();
            Path given = Path.of(path);
            if (!Files.exists(given)) {
                throw new TransportOpenException(missingMessage(path, given));
            }
            // access(2) semantics: always true for root, so this only catches real denials
            if (!(Files.isReadable(given) && Files.isWritable(given))) {
                throw new TransportOpenException(permissionMessage(path, given));
            }
            SerialPort candidate;
            try {
                candidate = SerialPort.getCommPort(path);
            } catch (SerialPortInvalidPortException e) {
                throw new TransportOpenException(missingMessage(path, given), e);
            }
            candidate.setComPortParameters(config.baudRate(), config.dataBits(),
                    config.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT,
                    switch (config.parity()) {
                        case NONE -> SerialPort.NO_PARITY;
                        case ODD -> SerialPort.ODD_PARITY;
                        case EVEN -> SerialPort.EVEN_PARITY;
                    });
            candidate.setFlowControl(switch (config.flowControl()) {
                case NONE -> SerialPort.FLOW_CONTROL_DISABLED;
                case RTS_CTS -> SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
                case XON_XOFF -> SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED
                        | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
            });
            // writes block at most a second per call, so a modem that holds CTS low or sent XOFF cannot
            // wedge a writer forever: write() gives up after WRITE_STALL_NANOS without progress
            candidate.setComPortTimeouts(READ_MODE, SLICE_MILLIS, WRITE_TIMEOUT_MILLIS);
            configuredSliceMillis = SLICE_MILLIS;
            if (!candidate.openPort()) {
                int errno = candidate.getLastErrorCode();
                throw new TransportOpenException(openFailureMessage(path, given, errno));
            }
            Path resolved = Path.of(candidate.getSystemPortPath());
            this.devicePath = resolved;
            this.port = candidate;
            this.opened = true;
            LOG.info("opened serial port {}{} at {} baud, {}{}{}, flow control {}", path,
                    resolved.toString().equals(path) ? "" : " (" + resolved + ")",
                    config.baudRate(), config.dataBits(), config.parity().name().charAt(0),
                    config.stopBits(), config.flowControl());
        }
    }

    @Override
    public boolean isOpen() {
        return opened && !closed && lostReason == null;
    }

    /**
     * Writes all bytes, looping over partial writes; writers are serialised.
     *
     * @throws TransportLostException when the device is gone or the transport is closed
     * @throws IllegalStateException  when the transport was never opened
     */
    @Override
    public void write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        synchronized (writeLock) {
            int done = 0;
            int stalls = 0;
            long lastProgress = System.nanoTime();
            while (done < length) {
                SerialPort p = usablePort();
                int n = p.writeBytes(data, length - done, offset + done);
                if (n < 0) {
                    throw lose(p, "write failed");
                }
                if (n == 0) {
                    if (++stalls % QUICK_ZEROS_BEFORE_CHECK == 0) {
                        checkDevicePresent(p);
                    }
                    if (System.nanoTime() - lastProgress > WRITE_STALL_NANOS) {
                        throw lose(p, "write stalled for " + WRITE_STALL_NANOS / 1_000_000_000L
                                + " s (flow control held: CTS low or XOFF?)");
                    }
                    LockSupport.parkNanos(BACKOFF_NANOS);
                    continue;
                }
                stalls = 0;
                lastProgress = System.nanoTime();
                done += n;
            }
        }
    }

    /**
     * Reads what is available, waiting up to {@code timeout} for the first byte.
     *
     * @return the number of bytes read, or 0 when the timeout elapsed (or the thread is
     *         interrupted) with nothing to read
     * @throws TransportLostException   on I/O error, when the device disappeared or when closed
     * @throws IllegalStateException    when the transport was never opened
     * @throws IllegalArgumentException when {@code timeout} is negative
     */
    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        usablePort();
        if (length == 0) {
            return 0;
        }
        long timeoutNanos = saturatedNanos(timeout);
        readLock.lock();
        try {
            long start = System.nanoTime();
            int quickZeros = 0;
            while (true) {
                SerialPort p = usablePort();
                if (Thread.currentThread().isInterrupted()) {
                    return 0;
                }
                long remaining = timeoutNanos - (System.nanoTime() - start);
                if (remaining >= SLICE_NANOS) {
                    int sliceMillis = remaining >= LONG_SLICE_NANOS ? LONG_SLICE_MILLIS : SLICE_MILLIS;
                    useSlice(p, sliceMillis);
                    long sliceStart = System.nanoTime();
                    driverWaits++;
                    int n = p.readBytes(buffer, length, offset);
                    if (n > 0) {
                        return n;
                    }
                    if (n < 0) {
                        throw lose(p, "read failed");
                    }
                    if (System.nanoTime() - sliceStart < TimeUnit.MILLISECONDS.toNanos(sliceMillis) / 2) {
                        // The driver said "nothing" without waiting: not normal for a live tty.
                        if (++quickZeros >= QUICK_ZEROS_BEFORE_CHECK) {
                            checkDevicePresent(p);
                            LockSupport.parkNanos(BACKOFF_NANOS);
                        }
                    } else {
                        quickZeros = 0;
                    }
                } else {
                    int available = p.bytesAvailable();
                    if (available < 0) {
                        throw lose(p, "the device stopped answering");
                    }
                    if (available > 0) {
                        int n = p.readBytes(buffer, Math.min(available, length), offset);
                        if (n < 0) {
                            throw lose(p, "read failed");
                        }
                        if (n > 0) {
                            return n;
                        }
                    }
                    if (remaining <= 0) {
                        return 0;
                    }
                    LockSupport.parkNanos(Math.min(remaining, POLL_NANOS));
                }
            }
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Closes the port. Idempotent. A read blocked in another thread throws
     * {@link TransportLostException} at once (the descriptor is made non-blocking first, which
     * ends a waiting {@code read(2)}); the port itself is released once that read has left the
     * driver (bounded wait).
     */
    @Override
    public void close() {
        SerialPort p;
        synchronized (lifecycleLock) {
            if (closed) {
                return;
            }
            closed = true;
            p = port;
        }
        if (p == null) {
            return;
        }
        wakeReader(p);
        // Wait (outside the lifecycle lock) for a read in the driver to return, so the
        // descriptor is never closed under a running read(2).
        boolean locked = false;
        try {
            locked = readLock.tryLock(SLICE_MILLIS * 5L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            synchronized (lifecycleLock) {
                if (p.isOpen()) {
                    p.closePort();
                    LOG.info("closed serial port {}", name());
                }
            }
        } finally {
            if (locked) {
                readLock.unlock();
            }
        }
    }

    @Override
    public String toString() {
        return "SerialTransport[" + name() + (isOpen() ? ", open" : "") + "]";
    }

    /** @return how many timed {@code read(2)} calls this transport has made (for tests) */
    long driverWaits() {
        return driverWaits;
    }

    // ---------------------------------------------------------------------------------------

    /*
     * Why slices, and why these (jSerialComm 2.11.4, src/main/c/Posix/SerialPort_Posix.c and
     * src/main/java/com/fazecast/jSerialComm/SerialPort.java at tag v2.11.4):
     * - readBytes in TIMEOUT_READ_SEMI_BLOCKING mode is one read(2) (SerialPort_Posix.c
     *   1005-1013) and configPort gives that mode VMIN=0, VTIME=timeout/100 (724-736): the
     *   kernel sleeps until the first byte or the timeout, and returns what is there. It costs
     *   one wake-up per slice that finds nothing, whatever its length, so a longer slice is
     *   cheaper: 25.5 s (VTIME is a cc_t, 255 at most) wakes ~2 times a minute instead of 600.
     * - TIMEOUT_READ_BLOCKING is no use here: with timeout 0 readBytes loops until the whole
     *   buffer is full (950-969), with a timeout until it is full or the time is up (971-1003),
     *   so neither hands over a partial line promptly.
     * - setComPortTimeouts only takes effect through configPort (SerialPort.java 1453-1478;
     *   no safety sleep, openPort() is openPort(0), 678-681): a tcgetattr, serial ioctls and a
     *   tcsetattr, so the slice is changed only when a read needs the other one (an AT port's
     *   reader always asks for long reads, a PCM port's for 100 ms).
     * - closePortNative puts the descriptor in O_NONBLOCK and sets VMIN=VTIME=0 "to ensure that
     *   any current reads return" (887-899): Linux's n_tty_read checks O_NONBLOCK each time it
     *   is woken, and a termios change wakes its readers. close() does the same before it waits
     *   for the reader (wakeReader), so a 25.5 s slice ends at once with EAGAIN.
     * A previous attempt read the AT port in 1 s slices and measured 40-80 ms of CPU a second "in
     * jSerialComm": the AT reader asked for 1 s reads, and a remaining time just short of the 1 s
     * slice went to the polling branch below (FIONREAD through bytesAvailable every 5 ms, ~200
     * wake-ups a second), not to the driver's timer. Hence: a slice is used only when the
     * remaining time is at least that slice, and the AT reader asks for far longer reads.
     */

    /** Sets the driver's read timeout to {@code sliceMillis} unless it already is (reader thread). */
    private void useSlice(SerialPort p, int sliceMillis) {
        if (configuredSliceMillis == sliceMillis) {
            return;
        }
        synchronized (sliceLock) {
            if (closed) {
                // close() has made (or is making) the descriptor non-blocking: leave it so
                throw new TransportLostException(name(), "closed");
            }
            if (!p.setComPortTimeouts(READ_MODE, sliceMillis, WRITE_TIMEOUT_MILLIS)) {
                throw lose(p, "could not set the read timeout");
            }
            configuredSliceMillis = sliceMillis;
        }
    }

    /**
     * Ends a read waiting in the driver: jSerialComm's non-blocking mode is O_NONBLOCK with
     * VMIN=VTIME=0 (SerialPort_Posix.c 757-762), and the tcsetattr wakes the read, which then
     * fails with EAGAIN. Runs after {@code closed} is set, under the same lock as
     * {@link #useSlice}, so a reader cannot put the port back into a waiting mode afterwards.
     */
    private void wakeReader(SerialPort p) {
        synchronized (sliceLock) {
            if (p.isOpen()) {
                p.setComPortTimeouts(SerialPort.TIMEOUT_NONBLOCKING, 0, WRITE_TIMEOUT_MILLIS);
                configuredSliceMillis = 0;
            }
        }
    }

    private SerialPort usablePort() {
        String lost = lostReason;
        if (lost != null) {
            throw new TransportLostException(name(), lost);
        }
        if (closed) {
            throw new TransportLostException(name(), "closed");
        }
        SerialPort p = port;
        if (p == null) {
            throw new IllegalStateException("serial transport " + name() + " is not open; call open() first");
        }
        return p;
    }

    private void checkDevicePresent(SerialPort p) {
        Path device = devicePath;
        boolean present = Files.exists(Path.of(config.portPath()))
                && (device == null || Files.exists(device));
        if (!present) {
            throw lose(p, "the device node disappeared");
        }
        if (!p.isOpen()) {
            throw lose(p, "the port was closed underneath");
        }
    }

    /** Records the first loss, releases the port, and returns the exception to throw. */
    private TransportLostException lose(SerialPort p, String what) {
        if (closed) {
            return new TransportLostException(name(), "closed");
        }
        int errno = p.getLastErrorCode();
        String reason = what + ": " + describeIoErrno(errno);
        synchronized (lifecycleLock) {
            if (lostReason == null) {
                lostReason = reason;
                LOG.warn("serial port {} lost: {}", name(), reason);
                if (p.isOpen()) {
                    p.closePort();
                }
            }
            return new TransportLostException(name(), lostReason);
        }
    }

    private static String describeIoErrno(int errno) {
        switch (errno) {
            case EIO:
                return "I/O error (EIO): the device was unplugged or the other end of the"
                        + " pseudo-terminal was closed";
            case ENXIO:
            case ENODEV:
                return "no such device (errno " + errno + "): the device went away";
            case EBADF:
                return "bad file descriptor (EBADF): the port was closed";
            case 0:
                // jSerialComm: read(2) gave 0 (end of file on a hung-up tty), then FIONREAD failed
                return "end of file: the device was unplugged or the other end of the"
                        + " pseudo-terminal was closed";
            default:
                return "errno " + errno;
        }
    }

    private static String openFailureMessage(String path, Path given, int errno) {
        switch (errno) {
            case EACCES:
            case EPERM:
                return permissionMessage(path, given);
            case EAGAIN:
            case EBUSY:
                return "serial port " + path + " is busy: another process has it open or locked"
                        + " (often ModemManager; see `fuser -v " + path + "`, and consider"
                        + " `sudo systemctl stop ModemManager` or a udev rule setting"
                        + " ID_MM_DEVICE_IGNORE=1)";
            case ENOENT:
                if (Files.exists(given)) {
                    return "serial port " + path + " is already open in this JVM";
                }
                return missingMessage(path, given);
            case ENXIO:
            case ENODEV:
                return "no such device " + path + " (the device node exists but nothing answers"
                        + " behind it, errno " + errno + ") — is the modem plugged in and powered?";
            case EISDIR:
                return "cannot open " + path + ": it is a directory, not a serial port";
            case ENOTTY:
                return "cannot open " + path + ": it is not a terminal device (not a serial port"
                        + " or pseudo-terminal)";
            default:
                return "cannot open serial port " + path + " (errno " + errno + ")";
        }
    }

    private static String missingMessage(String path, Path given) {
        StringBuilder msg = new StringBuilder("no such device ").append(path);
        if (Files.isSymbolicLink(given)) {
            try {
                msg.append(" (a symbolic link to ").append(Files.readSymbolicLink(given))
                        .append(", which does not exist)");
            } catch (IOException e) {
                msg.append(" (a dangling symbolic link)");
            }
        }
        msg.append(" — is the modem plugged in? ");
        Matcher m = NUMBERED_DEVICE.matcher(path);
        msg.append(m.matches() ? "ls " + m.group(1) + "*" : "ls -l " + path);
        return msg.toString();
    }

    private static String permissionMessage(String path, Path given) {
        String msg = "permission denied on " + path + " — add your user to the dialout group:"
                + " sudo usermod -aG dialout $USER, then log in again";
        try {
            GroupPrincipal owner = Files.readAttributes(given, PosixFileAttributes.class).group();
            String group = owner == null ? null : owner.getName();
            if (group != null && !group.equals("dialout") && !group.equals("root")) {
                msg += " (this device belongs to group " + group + ", so join that group instead)";
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the dialout advice stands on its own
        }
        return msg;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
