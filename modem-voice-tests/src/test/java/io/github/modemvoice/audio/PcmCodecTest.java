package io.github.modemvoice.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PcmCodecTest {
    @Test
    void ulawKnownValues() {
        assertThat(PcmCodec.linearToUlaw((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(PcmCodec.ulawToLinear((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(PcmCodec.ulawToLinear((byte) 0x7F)).isEqualTo((short) 0);
        assertThat(PcmCodec.ulawToLinear((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(PcmCodec.ulawToLinear((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(PcmCodec.linearToUlaw(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
        assertThat(PcmCodec.linearToUlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
        assertThat(PcmCodec.linearToUlaw((short) -1)).isEqualTo((byte) 0x7F);
        // first segment boundary: 14-bit value 31 (16-bit 124) still in segment 0
        assertThat(PcmCodec.ulawToLinear((byte) 0xF0)).isEqualTo((short) 120);
        assertThat(PcmCodec.ulawToLinear((byte) 0xEF)).isEqualTo((short) 132);
    }

    @Test
    void alawKnownValues() {
        assertThat(PcmCodec.linearToAlaw((short) 0)).isEqualTo((byte) 0xD5);
        assertThat(PcmCodec.alawToLinear((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(PcmCodec.alawToLinear((byte) 0x55)).isEqualTo((short) -8);
        assertThat(PcmCodec.alawToLinear((byte) 0xAA)).isEqualTo((short) 32256);
        assertThat(PcmCodec.alawToLinear((byte) 0x2A)).isEqualTo((short) -32256);
        assertThat(PcmCodec.linearToAlaw(Short.MAX_VALUE)).isEqualTo((byte) 0xAA);
        assertThat(PcmCodec.linearToAlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x2A);
        assertThat(PcmCodec.linearToAlaw((short) -1)).isEqualTo((byte) 0x55);
    }

    @Test
    void g711CodeWordsRoundTripExactly() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            short u = PcmCodec.ulawToLinear(code);
            byte back = PcmCodec.linearToUlaw(u);
            if (c == 0x7F) {
                assertThat(back).as("negative zero").isEqualTo((byte) 0xFF);
            } else {
                assertThat(back).as("mu-law 0x%02X", c).isEqualTo(code);
            }
            assertThat(PcmCodec.linearToAlaw(PcmCodec.alawToLinear(code))).as("A-law 0x%02X", c)
                    .isEqualTo(code);
        }
    }

    @Test
    void g711DecodingIsMonotonicAndQuantisationErrorBounded() {
        short prevU = Short.MIN_VALUE;
        short prevA = Short.MIN_VALUE;
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            short u = PcmCodec.ulawToLinear(PcmCodec.linearToUlaw((short) s));
            short a = PcmCodec.alawToLinear(PcmCodec.linearToAlaw((short) s));
            assertThat(u).isGreaterThanOrEqualTo(prevU);
            assertThat(a).isGreaterThanOrEqualTo(prevA);
            prevU = u;
            prevA = a;
            int mag = Math.abs(s);
            // error at most half a step; steps double per segment, so mag/16 + 16 bounds it
            // (mu-law saturates at 32124, the largest code word)
            assertThat(Math.abs(u - Math.max(-32124, Math.min(32124, s)))).isLessThanOrEqualTo(mag / 16 + 16);
            assertThat(Math.abs(a - s)).isLessThanOrEqualTo(mag / 16 + 16);
        }
    }

    @Test
    void arrayConversionsRespectOffsets() {
        short[] samples = {0, 1000, -1000, 32767, -32768, 12345};
        byte[] pcm = new byte[2 + samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            Pcm.put(pcm, 2 + 2 * i, samples[i]);
        }
        byte[] ulaw = new byte[1 + samples.length];
        PcmCodec.pcm16ToUlaw(pcm, 2, ulaw, 1, samples.length);
        byte[] alaw = new byte[1 + samples.length];
        PcmCodec.pcm16ToAlaw(pcm, 2, alaw, 1, samples.length);
        byte[] back = new byte[4 + samples.length * 2];
        PcmCodec.ulawToPcm16(ulaw, 1, back, 4, samples.length);
        for (int i = 0; i < samples.length; i++) {
            assertThat(ulaw[1 + i]).isEqualTo(PcmCodec.linearToUlaw(samples[i]));
            assertThat(alaw[1 + i]).isEqualTo(PcmCodec.linearToAlaw(samples[i]));
            assertThat(Pcm.get(back, 4 + 2 * i)).isEqualTo(PcmCodec.ulawToLinear(ulaw[1 + i]));
        }
        PcmCodec.alawToPcm16(alaw, 1, back, 4, samples.length);
        assertThat(Pcm.get(back, 4 + 2 * 3)).isEqualTo((short) 32256);
    }

    @Test
    void unsignedEightBit() {
        byte[] u8 = {(byte) 0x80, (byte) 0xFF, 0x00, (byte) 0x81};
        byte[] pcm = new byte[8];
        PcmCodec.u8ToPcm16(u8, 0, pcm, 0, 4);
        assertThat(Pcm.get(pcm, 0)).isEqualTo((short) 0);
        assertThat(Pcm.get(pcm, 2)).isEqualTo((short) 32512);
        assertThat(Pcm.get(pcm, 4)).isEqualTo((short) -32768);
        assertThat(Pcm.get(pcm, 6)).isEqualTo((short) 256);
        byte[] back = new byte[4];
        PcmCodec.pcm16ToU8(pcm, 0, back, 0, 4);
        assertThat(back).isEqualTo(u8);
        // rounding and saturation
        byte[] edge = new byte[6];
        Pcm.put(edge, 0, 127);   // rounds down to 0
        Pcm.put(edge, 2, 128);   // rounds up to 1
        Pcm.put(edge, 4, 32767); // saturates at 127
        PcmCodec.pcm16ToU8(edge, 0, back, 0, 3);
        assertThat(back[0]).isEqualTo((byte) 0x80);
        assertThat(back[1]).isEqualTo((byte) 0x81);
        assertThat(back[2]).isEqualTo((byte) 0xFF);
    }

    @Test
    void signedEightBit() {
        byte[] s8 = {0, 127, -128, -1, 1};
        byte[] pcm = new byte[10];
        PcmCodec.s8ToPcm16(s8, 0, pcm, 0, 5);
        assertThat(Pcm.get(pcm, 2)).isEqualTo((short) 32512);
        assertThat(Pcm.get(pcm, 4)).isEqualTo((short) -32768);
        assertThat(Pcm.get(pcm, 6)).isEqualTo((short) -256);
        byte[] back = new byte[5];
        PcmCodec.pcm16ToS8(pcm, 0, back, 0, 5);
        assertThat(back).isEqualTo(s8);
        for (int v = -128; v < 128; v++) {
            byte[] one = {(byte) v};
            byte[] p = new byte[2];
            PcmCodec.s8ToPcm16(one, 0, p, 0, 1);
            PcmCodec.pcm16ToS8(p, 0, one, 0, 1);
            assertThat(one[0]).isEqualTo((byte) v);
        }
    }
}
