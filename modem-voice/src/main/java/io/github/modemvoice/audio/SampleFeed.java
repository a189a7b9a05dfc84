package io.github.modemvoice.audio;

import java.util.Objects;

/**
 * 16-bit little-endian PCM fed in pieces of any length, as the audio channels deliver it: an
 * odd byte at the end of one piece is held and completes the first sample of the next. The
 * detectors feed through one of these. Not thread-safe.
 */
final class SampleFeed {
    /** Receives whole samples in order. */
    @FunctionalInterface
    interface Sink {
        void sample(short s);
    }

    private boolean held;
    private int heldLow;

    /**
     * Feeds a whole piece to {@code sink}, sample by sample.
     *
     * @param pcm  the bytes
     * @param off  first byte
     * @param len  number of bytes
     * @param sink gets every sample completed
     */
    void feed(byte[] pcm, int off, int len, Sink sink) {
        int end = off + len;
        off = begin(pcm, off, len, sink);
        while (end - off >= 2) {
            sink.sample((short) ((pcm[off] & 0xFF) | (pcm[off + 1] << 8)));
            off += 2;
        }
        end(pcm, off, end);
    }

    /**
     * Starts a piece: checks the range and completes the held byte's sample, if any.
     *
     * @param pcm  the bytes
     * @param off  first byte
     * @param len  number of bytes
     * @param sink gets the sample the held byte and the first byte make
     * @return where the piece's whole samples start
     */
    int begin(byte[] pcm, int off, int len, Sink sink) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        if (held && len > 0) {
            held = false;
            sink.sample((short) (heldLow | (pcm[off] << 8)));
            return off + 1;
        }
        return off;
    }

    /**
     * Ends a piece whose whole samples the caller consumed up to {@code off}: a byte left over
     * is held for the next piece.
     *
     * @param pcm the bytes
     * @param off the first byte not consumed
     * @param end the end of the piece (at most one byte after {@code off})
     */
    void end(byte[] pcm, int off, int end) {
        if (off < end) {
            held = true;
            heldLow = pcm[off] & 0xFF;
        }
    }

    /** Drops a held byte. */
    void clear() {
        held = false;
    }
}
