package io.github.modemvoice.audio;

import java.util.Objects;

/**
 * Conversions between the internal 16-bit signed little-endian PCM and the 8-bit sample
 * formats voice modems put on the wire: unsigned 8-bit PCM (Conexant, 0x80 is zero), signed
 * 8-bit linear (USR), and ITU-T G.711 mu-law and A-law.
 *
 * <p>All methods are pure, work on caller-provided arrays with offsets and allocate nothing.
 * {@code samples} is a count of samples: an 8-bit side uses {@code samples} bytes, the 16-bit
 * side {@code 2 * samples} bytes. Narrowing to 8-bit linear rounds to nearest and saturates.
 *
 * <p>G.711 here follows the standard's segment tables: mu-law on the 14-bit scale with a bias
 * of 33 (expressed on the 16-bit scale as 132 with the two low bits dropped), A-law on the
 * 13-bit scale; code words carry the standard's bit inversions (all bits for mu-law, even bits
 * for A-law), so mu-law 0xFF and A-law 0xD5 are the smallest positive values.
 */
public final class PcmCodec {
    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32635;
    private static final short[] ULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];
    /** Unsigned 8-bit: 0x80 is zero. */
    private static final short[] U8_DECODE = new short[256];
    /** Signed 8-bit linear, indexed by the byte's unsigned value. */
    private static final short[] S8_DECODE = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_DECODE[i] = computeUlawDecode((byte) i);
            ALAW_DECODE[i] = computeAlawDecode((byte) i);
            U8_DECODE[i] = (short) ((i - 0x80) << 8);
            S8_DECODE[i] = (short) (((byte) i) << 8);
        }
    }

    /** One 16-bit sample to its 8-bit code (the narrowing direction of a format). */
    @FunctionalInterface
    private interface Encoder {
        byte encode(short sample);
    }

    private PcmCodec() {
    }

    // ---- single samples ------------------------------------------------------------------

    /**
     * @param sample a 16-bit linear sample
     * @return its G.711 mu-law code word
     */
    public static byte linearToUlaw(short sample) {
        int s = sample;
        int sign = 0;
        if (s < 0) {
            s = -s;
            sign = 0x80;
        }
        if (s > ULAW_CLIP) {
            s = ULAW_CLIP;
        }
        s += ULAW_BIAS;
        int exponent = 31 - Integer.numberOfLeadingZeros(s >> 7); // 0..7
        int mantissa = (s >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    /**
     * @param code a G.711 mu-law code word
     * @return the 16-bit linear value it stands for
     */
    public static short ulawToLinear(byte code) {
        return ULAW_DECODE[code & 0xFF];
    }

    /**
     * @param sample a 16-bit linear sample
     * @return its G.711 A-law code word
     */
    public static byte linearToAlaw(short sample) {
        int s = sample >> 3; // 13-bit scale
        int mask;
        if (s >= 0) {
            mask = 0xD5; // sign bit set for positive values, even bits inverted
        } else {
            mask = 0x55;
            s = -s - 1;
        }
        int segment = s < 32 ? 0 : 27 - Integer.numberOfLeadingZeros(s); // 0..7
        int mantissa = segment < 2 ? (s >> 1) & 0x0F : (s >> segment) & 0x0F;
        return (byte) (((segment << 4) | mantissa) ^ mask);
    }

    /**
     * @param code a G.711 A-law code word
     * @return the 16-bit linear value it stands for
     */
    public static short alawToLinear(byte code) {
        return ALAW_DECODE[code & 0xFF];
    }

    private static short computeUlawDecode(byte code) {
        int u = ~code & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int magnitude = (((mantissa << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
        return (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
    }

    private static short computeAlawDecode(byte code) {
        int a = (code & 0xFF) ^ 0x55;
        int mantissa = a & 0x0F;
        int segment = (a >> 4) & 0x07;
        int magnitude = (mantissa << 4) + 8; // middle of the quantisation interval
        if (segment >= 1) {
            magnitude = (magnitude + 0x100) << (segment - 1);
        }
        return (short) ((a & 0x80) != 0 ? magnitude : -magnitude);
    }

    // ---- arrays ----------------------------------------------------------------------------

    /**
     * Decodes G.711 mu-law to 16-bit LE PCM.
     *
     * @param src     mu-law bytes
     * @param srcOff  first byte in {@code src}
     * @param dst     PCM destination
     * @param dstOff  first byte in {@code dst}
     * @param samples number of samples
     */
    public static void ulawToPcm16(byte[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        decodeEach(ULAW_DECODE, src, srcOff, dst, dstOff, samples);
    }

    /**
     * Encodes 16-bit LE PCM as G.711 mu-law.
     *
     * @param src     PCM bytes
     * @param srcOff  first byte in {@code src}
     * @param dst     mu-law destination
     * @param dstOff  first byte in {@code dst}
     * @param samples number of samples
     */
    public static void pcm16ToUlaw(byte[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        encodeEach(PcmCodec::linearToUlaw, src, srcOff, dst, dstOff, samples);
    }

    /**
     * Decodes G.711 A-law to 16-bit LE PCM.
     *
     * @param src     A-law bytes
     * @param srcOff  first byte in {@code src}
     * @param dst     PCM destination
     * @param dstOff  first byte in {@code dst}
     * @param samples number of samples
     */
    public static void alawToPcm16(byte[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        decodeEach(ALAW_DECODE, src, srcOff, dst, dstOff, samples);
    }

    /**
     * Encodes 16-bit LE PCM as G.711 A-law.
     *
     * @param src     PCM bytes
     * @param srcOff  first byte in {@code src}
     * @param dst     A-law destination
     * @param dstOff  first byte in {@code dst}
     * @param samples number of samples
     */
    public static void pcm16ToAlaw(byte[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        encodeEach(PcmCodec::linearToAlaw, src, srcOff, dst, dstOff, samples);
    }

    /**
     * Converts unsigned 8-bit PCM (0x80 is zero, as Conexant voice modems send) to 16-bit LE.
     *
     * @param src     unsigned 8-bit samples
     * @param srcOff  first byte in {@code src}
     * @param dst     PCM destination
     * @param dstOff  first byte in {@code dst}
     * @param samples number of samples
     */
    public static void u8ToPcm16(byte[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        decodeEach(U8_DECODE, src, srcOff, dst, dstOff, samples);
    }

    /**
     * Converts 16-bit LE PCM to unsigned 8-bit PCM (0x80 is zero), rounding to nearest.
     *
     * @param src     PCM bytes
     * @param srcOff  first byte in {@code src}
     * @param dst     unsigned 8-bit destination
     * @param dstOff  first byte in {@code dst}
     * @param samples number of samples
     */
    public static void pcm16ToU8(byte[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        encodeEach(s -> (byte) (narrow(s) + 0x80), src, srcOff, dst, dstOff, samples);
    }

    /**
     * Converts signed 8-bit linear samples (as USR voice modems send) to 16-bit LE.
     *
     * @param src     signed 8-bit samples
     * @param srcOff  first byte in {@code src}
     * @param dst     PCM destination
     * @param dstOff  first byte in {@code dst}
     * @param samples number of samples
     */
    public static void s8ToPcm16(byte[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        decodeEach(S8_DECODE, src, srcOff, dst, dstOff, samples);
    }

    /**
     * Converts 16-bit LE PCM to signed 8-bit linear, rounding to nearest.
     *
     * @param src     PCM bytes
     * @param srcOff  first byte in {@code src}
     * @param dst     signed 8-bit destination
     * @param dstOff  first byte in {@code dst}
     * @param samples number of samples
     */
    public static void pcm16ToS8(byte[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        encodeEach(s -> (byte) narrow(s), src, srcOff, dst, dstOff, samples);
    }

    /** The one decoding (widening) loop: each 8-bit code through its format's decode table. */
    private static void decodeEach(short[] table, byte[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        check(src, srcOff, samples, dst, dstOff, samples * 2L);
        for (int i = 0; i < samples; i++) {
            Pcm.put(dst, dstOff + 2 * i, table[src[srcOff + i] & 0xFF]);
        }
    }

    /** The one encoding (narrowing) loop: each 16-bit sample through its format's encoder. */
    private static void encodeEach(Encoder encoder, byte[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        check(src, srcOff, samples * 2L, dst, dstOff, samples);
        for (int i = 0; i < samples; i++) {
            dst[dstOff + i] = encoder.encode(Pcm.get(src, srcOff + 2 * i));
        }
    }

    /** 16-bit to signed 8-bit, rounded to nearest and saturated to -128..127. */
    private static int narrow(int s) {
        int r = (s + 0x80) >> 8;
        return r > 127 ? 127 : r;
    }

    private static void check(byte[] src, int srcOff, long srcLen, byte[] dst, int dstOff,
                              long dstLen) {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        if (srcLen < 0 || dstLen < 0) {
            throw new IllegalArgumentException("samples must not be negative");
        }
        Objects.checkFromIndexSize(srcOff, (int) Math.min(srcLen, Integer.MAX_VALUE), src.length);
        Objects.checkFromIndexSize(dstOff, (int) Math.min(dstLen, Integer.MAX_VALUE), dst.length);
    }
}
