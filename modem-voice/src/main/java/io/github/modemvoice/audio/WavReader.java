package io.github.modemvoice.audio;

import io.github.modemvoice.ModemVoiceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads RIFF/WAVE files robustly.
 *
 * <p>The parser walks the chunk list from the start of the file: {@code fmt } and {@code data}
 * are interpreted, every other chunk ({@code LIST}, {@code fact}, {@code cue }, ...) is
 * skipped, and odd chunk sizes are padded to even as RIFF requires. Sizes are read as unsigned
 * 32-bit numbers and all arithmetic is done in {@code long}, so hostile sizes cannot overflow;
 * only a few dozen header bytes are ever held in memory, and every step advances through the
 * file, so parsing always terminates. A {@code data} chunk that claims more bytes than the
 * file holds (0xFFFFFFFF as written by streaming recorders and by {@link WavWriter} before it
 * is closed, or a crashed recording) is clamped to the bytes present. Anything unusable is
 * reported as an {@link AudioFormatException} naming the file and the problem.
 */
public final class WavReader {
    /** At most this many chunks are examined before the file is declared hostile. */
    static final int MAX_CHUNKS = 4096;
    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_xxx GUID derived from a classic format tag. */
    private static final byte[] KSDATAFORMAT_GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
        0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    private WavReader() {
    }

    /** Result of parsing, with the details {@link WavWriter#repair(Path)} needs. */
    record Parsed(WavInfo info, long declaredDataLength, long fileSize) {
        long dataSizeFieldOffset() {
            return info.dataOffset() - 4;
        }
    }

    /**
     * Parses the header of a WAV file without reading the audio.
     *
     * @param file the WAV file
     * @return the format and where the audio data lies
     * @throws AudioFormatException if the file is not a usable RIFF/WAVE file
     * @throws ModemVoiceException  if the file cannot be read
     */
    public static WavInfo inspect(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(ch, file).info();
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    /**
     * Parses the header and checks that the audio is in the internal format.
     *
     * @param file the WAV file
     * @return the format and where the audio data lies
     * @throws AudioFormatException if the file is malformed or not 8000 Hz 16-bit mono PCM; the
     *                              message names the file and the format found
     * @throws ModemVoiceException  if the file cannot be read
     */
    public static WavInfo requireInternalFormat(Path file) {
        WavInfo info = inspect(file);
        requireInternal(file, info);
        return info;
    }

    static void requireInternal(Path file, WavInfo info) {
        if (!info.isInternalFormat()) {
            throw new AudioFormatException(file,
                    "expected 8000 Hz 16-bit mono PCM, found " + info.describe());
        }
    }

    /**
     * Opens a stream over the audio bytes of a WAV file in any format (exactly
     * {@link WavInfo#dataLength()} bytes). The caller closes the stream.
     *
     * @param file the WAV file
     * @return the audio data, positioned at its first byte
     * @throws AudioFormatException if the file is not a usable RIFF/WAVE file
     * @throws ModemVoiceException  if the file cannot be read
     */
    public static InputStream openData(Path file) {
        return open(file, false);
    }

    /**
     * Opens a stream over the audio of a WAV file that must be in the internal format
     * (16-bit signed little-endian mono PCM at 8000 Hz). The caller closes the stream.
     *
     * @param file the WAV file
     * @return the PCM data, positioned at its first byte
     * @throws AudioFormatException if the file is malformed or in another format
     * @throws ModemVoiceException  if the file cannot be read
     */
    public static InputStream openPcm(Path file) {
        return open(file, true);
    }

    private static InputStream open(Path file, boolean requireInternal) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            WavInfo info = parse(ch, file).info();
            if (requireInternal) {
                requireInternal(file, info);
            }
            ch.position(info.dataOffset());
            return new BoundedInputStream(Channels.newInputStream(ch), info.dataLength());
        } catch (IOException e) {
            closeQuietly(ch);
            throw ioFailure(file, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                // the original failure is the one worth reporting
            }
        }
    }

    static ModemVoiceException ioFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new ModemVoiceException(file + ": no such file", e);
        }
        return new ModemVoiceException(file + ": cannot read: " + e, e);
    }

    /**
     * Parses the RIFF structure of an open channel.
     *
     * @param ch   the channel; its position is changed
     * @param file the name used in messages
     */
    static Parsed parse(SeekableByteChannel ch, Path file) throws IOException {
        final long size = ch.size();
        if (size < 12) {
            throw new AudioFormatException(file,
                    "not a WAV file: " + size + " bytes is too short for a RIFF header");
        }
        ByteBuffer head = read(ch, 0, 12);
        String riff = fourcc(head, 0);
        String wave = fourcc(head, 8);
        if (!riff.equals("RIFF")) {
            if (riff.equals("RIFX") || riff.equals("RF64") || riff.equals("BW64")) {
                throw new AudioFormatException(file, "unsupported WAV variant " + riff
                        + " (only little-endian RIFF is supported)");
            }
            throw new AudioFormatException(file,
                    "not a WAV file: starts with '" + riff + "', expected 'RIFF'");
        }
        if (!wave.equals("WAVE")) {
            throw new AudioFormatException(file,
                    "not a WAV file: RIFF form type is '" + wave + "', expected 'WAVE'");
        }

        int sampleRate = 0;
        int channels = 0;
        int bits = 0;
        int tag = -1;
        long dataOffset = -1;
        long declaredData = -1;
        long pos = 12;
        int chunks = 0;
        while (true) {
            if (size - pos < 8) {
                break; // end of file (a trailing stub shorter than a chunk header is ignored)
            }
            if (++chunks > MAX_CHUNKS) {
                throw new AudioFormatException(file,
                        "more than " + MAX_CHUNKS + " chunks before the audio data; giving up");
            }
            ByteBuffer hdr = read(ch, pos, 8);
            String id = fourcc(hdr, 0);
            long chunkSize = Integer.toUnsignedLong(hdr.getInt(4));
            long body = pos + 8;
            long remaining = size - body;
            if (id.equals("fmt ")) {
                if (tag >= 0) {
                    throw new AudioFormatException(file, "second fmt chunk at offset " + pos);
                }
                if (chunkSize < 16) {
                    throw new AudioFormatException(file,
                            "fmt chunk at offset " + pos + " is too small (" + chunkSize
                                    + " bytes, at least 16 expected)");
                }
                if (chunkSize > remaining) {
                    throw new AudioFormatException(file,
                            "fmt chunk at offset " + pos + " declares " + chunkSize
                                    + " bytes but only " + remaining + " remain in the file");
                }
                ByteBuffer fmt = read(ch, body, (int) Math.min(chunkSize, 40));
                tag = fmt.getShort(0) & 0xFFFF;
                channels = fmt.getShort(2) & 0xFFFF;
                long rate = Integer.toUnsignedLong(fmt.getInt(4));
                bits = fmt.getShort(14) & 0xFFFF;
                if (tag == WavInfo.FORMAT_EXTENSIBLE) {
                    tag = extensibleSubformat(fmt);
                }
                if (channels == 0) {
                    throw new AudioFormatException(file, "fmt chunk declares 0 channels");
                }
                if (rate == 0 || rate > 1_000_000) {
                    throw new AudioFormatException(file,
                            "fmt chunk declares an implausible sample rate of " + rate + " Hz");
                }
                if (bits == 0) {
                    throw new AudioFormatException(file, "fmt chunk declares 0 bits per sample");
                }
                sampleRate = (int) rate;
            } else if (id.equals("data")) {
                dataOffset = body;
                declaredData = chunkSize;
                if (tag >= 0 || chunkSize > remaining) {
                    // Either we have all we need, or the data runs to the end of the file
                    // (streaming or crashed recording) so nothing can follow it.
                    break;
                }
            }
            if (!id.equals("data") && chunkSize > remaining) {
                throw new AudioFormatException(file, "chunk '" + id + "' at offset " + pos
                        + " declares " + chunkSize + " bytes but only " + remaining
                        + " remain in the file" + (tag < 0 ? " (no fmt chunk found)"
                        : dataOffset < 0 ? " (no data chunk found)" : ""));
            }
            pos = body + chunkSize + (chunkSize & 1);
        }
        if (tag < 0) {
            throw new AudioFormatException(file, "no fmt chunk"
                    + (dataOffset >= 0 ? " before the end of the audio data" : "")
                    + " (truncated or not a WAV file)");
        }
        if (dataOffset < 0) {
            throw new AudioFormatException(file, "no data chunk (truncated file?)");
        }
        long present = Math.max(0, size - dataOffset);
        long length = Math.min(declaredData, present);
        int blockAlign = Math.max(1, channels * ((bits + 7) / 8));
        length -= length % blockAlign;
        WavInfo info = new WavInfo(sampleRate, channels, bits, tag, dataOffset, length);
        return new Parsed(info, declaredData, size);
    }

    /**
     * WAVE_FORMAT_EXTENSIBLE: cbSize(2) validBits(2) channelMask(4) at offset 16, then the
     * subformat GUID at offset 24 whose first two bytes are the classic format tag.
     */
    private static int extensibleSubformat(ByteBuffer fmt) {
        if (fmt.limit() < 40 || (fmt.getShort(16) & 0xFFFF) < 22) {
            return WavInfo.FORMAT_EXTENSIBLE;
        }
        for (int i = 0; i < KSDATAFORMAT_GUID_TAIL.length; i++) {
            if (fmt.get(26 + i) != KSDATAFORMAT_GUID_TAIL[i]) {
                return WavInfo.FORMAT_EXTENSIBLE;
            }
        }
        return fmt.getShort(24) & 0xFFFF;
    }

    private static ByteBuffer read(SeekableByteChannel ch, long pos, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        ch.position(pos);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new IOException("unexpected end of file at offset " + (pos + buf.position()));
            }
        }
        buf.flip();
        return buf;
    }

    private static String fourcc(ByteBuffer b, int at) {
        StringBuilder sb = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int c = b.get(at + i) & 0xFF;
            if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02X", c));
            }
        }
        return sb.toString();
    }

    /** An input stream that ends after a fixed number of bytes and closes its source. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(Math.min(Math.max(n, 0), remaining));
            remaining -= s;
            return s;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
