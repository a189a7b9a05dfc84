package io.github.modemvoice.audio;

import io.github.modemvoice.ModemVoiceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams 16-bit signed little-endian mono PCM at 8000 Hz into a WAV file.
 *
 * <p>{@link #create(Path)} writes a canonical 44-byte header whose RIFF and data sizes are the
 * provisional value 0xFFFFFFFF, the "length unknown" convention of streaming recorders: until
 * the writer is closed, readers (including {@link WavReader}) clamp the data to the bytes
 * present, so even a file left behind by a crash plays, and {@link #repair(Path)} makes it
 * exact. Audio goes through a fixed 8 KiB buffer straight to the file, so memory does not grow
 * with the length of the recording. {@link #sync()} forces everything written so far to the
 * storage device. {@link #close()} patches the sizes and is idempotent.
 *
 * <p>The data length is always even: an odd byte left over by a split write is held back until
 * its partner arrives (and dropped, with a warning, if it never does).
 *
 * <p>Not thread-safe: one recording thread owns a writer.
 */
public final class WavWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WavWriter.class);

    /** Size of the canonical header written by this class. */
    public static final int HEADER_BYTES = 44;
    /** The provisional RIFF and data size written until the file is closed. */
    public static final long PROVISIONAL_SIZE = 0xFFFF_FFFFL;
    /** Largest data length a RIFF file can describe (even, leaving room for the header). */
    public static final long MAX_DATA_BYTES = (0xFFFF_FFFFL - (HEADER_BYTES - 8)) & ~1L;

    private static final int BUFFER_BYTES = 8192;

    private final Path file;
    // RandomAccessFile, not FileChannel: an interrupt must never close the file under a recording
    private final RandomAccessFile raf;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private long dataBytes;
    private boolean hasPendingByte;
    private byte pendingByte;
    private boolean closed;
    /** A write failed: the buffered audio is dropped and close() keeps what reached the file. */
    private boolean failed;

    private WavWriter(Path file, RandomAccessFile raf) {
        this.file = file;
        this.raf = raf;
    }

    /**
     * Creates (or truncates) a file and writes the provisional header.
     *
     * @param file the WAV file to write
     * @return a writer positioned at the start of the audio data
     * @throws ModemVoiceException if the file cannot be created
     */
    public static WavWriter create(Path file) {
        return create(file, new FileAttribute<?>[0]);
    }

    /**
     * Creates (or truncates) a file with the given attributes and writes the provisional header.
     * Use it to create recordings readable only by their owner, for example with
     * {@code PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
     * the attributes apply only when the file is newly created.
     *
     * @param file       the WAV file to write
     * @param attributes file attributes to set atomically when the file is created
     * @return a writer positioned at the start of the audio data
     * @throws ModemVoiceException if the file cannot be created
     * @throws UnsupportedOperationException if an attribute is not supported by the file system
     */
    public static WavWriter create(Path file, FileAttribute<?>... attributes) {
        Objects.requireNonNull(file, "file");
        RandomAccessFile ch = null;
        try {
            if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createFile(file, attributes);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // created meanwhile: it is truncated below like any existing file
                }
            }
            ch = new RandomAccessFile(file.toFile(), "rw");
            ch.setLength(0);
            ByteBuffer header = header(PROVISIONAL_SIZE, PROVISIONAL_SIZE);
            ch.write(header.array(), 0, header.limit());
            return new WavWriter(file, ch);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new ModemVoiceException(file + ": cannot create: " + e, e);
        }
    }

    /**
     * Writes a whole prompt to a new WAV file.
     *
     * @param file   the WAV file to write (replaced if it exists)
     * @param prompt the audio
     * @throws ModemVoiceException if writing fails
     */
    public static void writeAll(Path file, Prompt prompt) {
        try (WavWriter w = create(file)) {
            byte[] chunk = new byte[BUFFER_BYTES];
            int off = 0;
            int n;
            while ((n = prompt.copyTo(off, chunk, 0, chunk.length)) > 0) {
                w.write(chunk, 0, n);
                off += n;
            }
        }
    }

    /**
     * Appends PCM bytes. Any length is accepted; an odd trailing byte is held until the next call.
     *
     * @param pcm 16-bit signed little-endian mono PCM at 8000 Hz
     * @param off first byte to write
     * @param len number of bytes
     * @throws IllegalStateException if the writer is closed
     * @throws ModemVoiceException   if the file would exceed the RIFF limit of 4 GiB
     * @throws AudioStorageException if writing fails (the disk is full, an I/O error); the
     *                               writer then keeps only the audio that reached the file, and
     *                               {@link #close()} finishes the file with exactly that audio
     */
    public void write(byte[] pcm, int off, int len) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        ensureOpen();
        if (failed) {
            throw new AudioStorageException(file, "cannot write after an earlier failure",
                    new IOException("the file failed earlier"));
        }
        if (len == 0) {
            return;
        }
        long total = dataBytes + buffer.position() + (hasPendingByte ? 1 : 0) + len;
        if (total > MAX_DATA_BYTES) {
            throw new ModemVoiceException(file + ": recording would exceed the WAV size limit of "
                    + MAX_DATA_BYTES + " data bytes");
        }
        if (hasPendingByte) {
            put(pendingByte);
            put(pcm[off]);
            hasPendingByte = false;
            off++;
            len--;
        }
        int even = len & ~1;
        int end = off + even;
        while (off < end) {
            if (!buffer.hasRemaining()) {
                flushBuffer();
            }
            int n = Math.min(buffer.remaining(), end - off);
            buffer.put(pcm, off, n);
            off += n;
        }
        if ((len & 1) != 0) {
            hasPendingByte = true;
            pendingByte = pcm[end];
        }
    }

    /**
     * @param pcm 16-bit signed little-endian mono PCM at 8000 Hz, written entirely
     * @see #write(byte[], int, int)
     */
    public void write(byte[] pcm) {
        write(pcm, 0, pcm.length);
    }

    /** @return audio bytes written so far (complete samples only; always even) */
    public long dataBytes() {
        return dataBytes + buffer.position();
    }

    /** @return playing time written so far */
    public Duration duration() {
        return Pcm.durationOf(dataBytes() / 2);
    }

    /** @return the file being written */
    public Path file() {
        return file;
    }

    /**
     * Writes buffered audio and forces the file (data and length) to the storage device, so a
     * crash loses at most what is written after this call. Costs a disk flush: call it every
     * second or so, not on every frame.
     *
     * @throws ModemVoiceException if the flush fails
     */
    public void sync() {
        ensureOpen();
        flushBuffer();
        try {
            raf.getFD().sync();
        } catch (IOException e) {
            failed = true;
            throw new AudioStorageException(file, "cannot sync", e);
        }
    }

    /**
     * Shortens the audio to its first {@code newDataLength} bytes, for example to cut trailing
     * silence and the tone of the key that ended a recording. Only shrinking is allowed.
     *
     * @param newDataLength the new data length in bytes: even, between 0 and {@link #dataBytes()}
     * @throws IllegalArgumentException if the length is odd, negative or larger than the data
     * @throws ModemVoiceException      if the file cannot be truncated
     */
    public void truncateData(long newDataLength) {
        ensureOpen();
        long current = dataBytes();
        if (newDataLength < 0 || newDataLength > current || (newDataLength & 1) != 0) {
            throw new IllegalArgumentException("newDataLength must be even and between 0 and "
                    + current + ", was " + newDataLength);
        }
        hasPendingByte = false;
        if (newDataLength >= dataBytes) {
            // the cut falls inside the buffer: just drop the tail of the buffer
            buffer.position((int) (newDataLength - dataBytes));
            return;
        }
        buffer.clear();
        try {
            raf.setLength(HEADER_BYTES + newDataLength);
            raf.seek(HEADER_BYTES + newDataLength);
            dataBytes = newDataLength;
        } catch (IOException e) {
            throw new ModemVoiceException(file + ": cannot truncate: " + e, e);
        }
    }

    /**
     * Flushes the audio, writes the final RIFF and data sizes into the header, forces the file
     * to the storage device and closes it. Calling it again does nothing.
     *
     * <p>After a failed write (a full disk) the audio that never reached the file is dropped,
     * the file is cut to the audio that did (partly written bytes go) and the header describes
     * exactly that: shrinking a file and rewriting its header need no new disk blocks.
     *
     * @throws ModemVoiceException if the file cannot be finished; it is closed anyway and
     *                             remains repairable with {@link #repair(Path)}
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (hasPendingByte) {
            LOG.warn("{}: dropping a dangling odd byte at the end of the recording", file);
            hasPendingByte = false;
        }
        IOException failure = null;
        try {
            if (failed) {
                buffer.clear();
                raf.setLength(HEADER_BYTES + dataBytes);
            } else {
                flushBuffer();
            }
            ByteBuffer header = header(HEADER_BYTES - 8 + dataBytes, dataBytes);
            raf.seek(0);
            raf.write(header.array(), 0, header.limit());
            raf.getFD().sync();
        } catch (IOException e) {
            failure = e;
        } catch (ModemVoiceException e) {
            failure = e.getCause() instanceof IOException io ? io : new IOException(e);
        } finally {
            try {
                raf.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw new ModemVoiceException(file + ": cannot finish recording: " + failure, failure);
        }
    }

    /**
     * Makes a WAV file whose writer never closed it (a crash, a power cut) consistent again.
     * The data chunk is taken to run to the end of the file if its declared size is the
     * provisional 0xFFFFFFFF, zero, or more than the file holds; otherwise the declared size is
     * kept. A trailing partial sample frame is cut off, and the RIFF and data sizes in the header
     * are rewritten. Repairing a consistent file changes nothing.
     *
     * @param file the WAV file
     * @return the repaired file's format and data location
     * @throws AudioFormatException if the file is too damaged to find its fmt and data chunks
     * @throws ModemVoiceException  if the file cannot be read or written
     */
    public static WavInfo repair(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            WavReader.Parsed parsed = WavReader.parse(ch, file);
            WavInfo info = parsed.info();
            long declared = parsed.declaredDataLength();
            long present = parsed.fileSize() - info.dataOffset();
            boolean toEnd = declared == 0 || declared == PROVISIONAL_SIZE || declared > present;
            long dataLength = info.dataLength(); // already clamped and whole frames
            long end = info.dataOffset() + dataLength;
            if (toEnd) {
                if (dataLength > MAX_DATA_BYTES) {
                    dataLength = MAX_DATA_BYTES - MAX_DATA_BYTES % info.blockAlign();
                    end = info.dataOffset() + dataLength;
                }
                if (end < parsed.fileSize()) {
                    ch.truncate(end);
                }
            } else {
                end = parsed.fileSize();
            }
            ByteBuffer size = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            size.putInt(0, (int) dataLength);
            ch.write(size, parsed.dataSizeFieldOffset());
            long riffSize = Math.min(0xFFFF_FFFFL, end - 8);
            size.clear();
            size.putInt(0, (int) riffSize);
            ch.write(size, 4);
            ch.force(true);
            return new WavInfo(info.sampleRate(), info.channels(), info.bitsPerSample(),
                    info.formatTag(), info.dataOffset(), dataLength);
        } catch (IOException e) {
            throw new ModemVoiceException(file + ": cannot repair: " + e, e);
        }
    }

    private void put(byte b) {
        if (!buffer.hasRemaining()) {
            flushBuffer();
        }
        buffer.put(b);
    }

    private void flushBuffer() {
        if (buffer.position() == 0) {
            return;
        }
        int n = buffer.position();
        try {
            raf.write(buffer.array(), 0, n);
            dataBytes += n;
            buffer.clear();
        } catch (IOException e) {
            failed = true;
            buffer.clear();
            throw new AudioStorageException(file, "cannot write", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(file + ": writer is closed");
        }
    }

    static ByteBuffer header(long riffSize, long dataSize) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) riffSize);
        b.put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16);
        b.putShort((short) WavInfo.FORMAT_PCM).putShort((short) 1);
        b.putInt(Pcm.SAMPLE_RATE).putInt(Pcm.SAMPLE_RATE * 2);
        b.putShort((short) 2).putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) dataSize);
        return b.flip();
    }
}
