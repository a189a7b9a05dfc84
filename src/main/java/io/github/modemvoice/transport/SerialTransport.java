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
 * configured) and is read in semi-blocking slices of {@value #SLICE_MILLIS} ms, the
 * granularity of the terminal driver's timer; the last part of a timeout shorter than a slice
 * is waited for by polling the number of available bytes every few milliseconds. So
 * {@link #read} returns as soon as any byte is available, and returns 0 no later than a few
 * milliseconds after the timeout. A zero timeout only takes what is already there.
 *
 * <p><b>Loss.</b> On Linux, when the device goes away (a USB adapter unplugged, or the other
 * end of a pseudo-terminal closed, e.g. socat killed), reading the terminal fails with EIO at
 * once, including a read that is already waiting; this surfaces as a
 * {@link TransportLostException} within one slice. Should a driver instead report "no data"
 * without waiting, the transport notices the early returns, checks that the device node still
 * exists and backs off, so it never spins. Once lost, the port is closed and every later call
 * throws {@link TransportLostException} with the first reason.
 *
 * <p><b>Threads.</b> One reader thread and any number of writer threads; writes are serialised.
 * {@link #close()} from another thread makes a blocked read throw promptly (within one slice).
 * A thread interrupted while in {@link #read} gets 0 back at once and keeps its interrupt
 * status, so its loop must check {@link Thread#isInterrupted()}.
 *
 * <p>A transport is opened at most once; after {@link #close()} or a loss, build a new one to
 * reconnect (a USB modem usually comes back under a new path anyway).
 */
public final class SerialTransport implements Transport {

    /** Length of one semi-blocking read, in milliseconds (the tty timer counts tenths of a second). */
    public static final int SLICE_MILLIS = 100;

    /** How long a write may make no progress before the port counts as lost. */
    static final long WRITE_STALL_NANOS = 10_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(SerialTransport.class);

    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS);
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
            candidate.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                    SLICE_MILLIS, 1000);
            if (!candidate.openPort()) {
                int errno = candidate.getLastErrorCode();
                throw new TransportOpenException(openFailureMessage(path, given, errno));
            }
            Path resolved = Path.of(candidate.getSystemPortPath());
            this.devicePath = resolved;
            this.port = candidate;
            this.opened = true;
            log.info("opened serial port {}{} at {} baud, {}{}{}, flow control {}", path,
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
                    long sliceStart = System.nanoTime();
                    int n = p.readBytes(buffer, length, offset);
                    if (n > 0) {
                        return n;
                    }
                    if (n < 0) {
                        throw lose(p, "read failed");
                    }
                    if (System.nanoTime() - sliceStart < SLICE_NANOS / 2) {
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
     * {@link TransportLostException} within one read slice; the port itself is released once
     * that read has left the driver (bounded wait).
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
        // Wait (outside the lifecycle lock) for a read in the driver to finish its slice, so the
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
                    log.info("closed serial port {}", name());
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

    // ---------------------------------------------------------------------------------------

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
                log.warn("serial port {} lost: {}", name(), reason);
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
