package io.github.modemvoice.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV files byte by byte, including broken ones. */
final class WavTestFiles {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static WavTestFiles riff(long riffSize, String form) {
        WavTestFiles f = new WavTestFiles();
        f.ascii("RIFF").u32(riffSize).ascii(form);
        return f;
    }

    WavTestFiles ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    WavTestFiles u32(long v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
        return this;
    }

    WavTestFiles u16(int v) {
        out.writeBytes(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array());
        return this;
    }

    WavTestFiles bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    WavTestFiles zeros(int n) {
        return bytes(new byte[n]);
    }

    WavTestFiles fmt(int tag, int channels, int rate, int bits) {
        int align = channels * bits / 8;
        return ascii("fmt ").u32(16).u16(tag).u16(channels).u32(rate).u32((long) rate * align)
                .u16(align).u16(bits);
    }

    WavTestFiles chunk(String id, long declared, byte[] body) {
        return ascii(id).u32(declared).bytes(body);
    }

    byte[] build() {
        return out.toByteArray();
    }
}
