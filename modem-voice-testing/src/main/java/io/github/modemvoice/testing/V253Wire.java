package io.github.modemvoice.testing;

import io.github.modemvoice.audio.PcmCodec;

import java.util.Map;
import java.util.Optional;

/**
 * The simulator's own record of what a V.253 modem puts on the wire for each {@code AT+VSM}
 * compression method it offers. It is written from the device's documented and observed
 * behaviour, never from the dialect's {@code V253Model}, so that a dialect mistake cannot be
 * repeated here and pass unseen (that is how a signed reading of the USRobotics' "8-BIT LINEAR"
 * once passed every test and recorded noise in the field).
 *
 * <table>
 * <caption>Methods the simulated modems offer</caption>
 * <tr><th>model</th><th>{@code <cml>}</th><th>wire bytes</th><th>source</th></tr>
 * <tr><td>USRobotics 5637</td><td>1 "UNSIGNED PCM", 128 "8-BIT LINEAR", 130 "UNSIGNED PCM"</td>
 *     <td>unsigned offset binary, 0x80 = silence</td>
 *     <td>vgetty {@code voice/libvoice/V253modem.c}: a {@code +VSM=?} entry "8-BIT LINEAR" is taken
 *     exactly like "UNSIGNED PCM" and the recording is kept as unsigned 8-bit samples;
 *     callattendant ({@code hardware/modem.py}) selects {@code AT+VSM=128,8000} on the USR 5637 and
 *     writes the received bytes unchanged into an 8-bit WAV file, which is unsigned by definition
 *     (Microsoft RIFF WAVE: 8-bit samples are unsigned), and plays 8-bit WAV data to it raw</td></tr>
 * <tr><td>USRobotics 5637</td><td>131 "ULAW"</td><td>ITU-T G.711 mu-law</td>
 *     <td>USRobotics 56K command reference, {@code +VSM=?} list</td></tr>
 * <tr><td>Conexant CX93001</td><td>1 "UNSIGNED PCM"</td><td>unsigned offset binary, 0x80 = silence</td>
 *     <td>Conexant AT command reference ({@code +VSM=?}: {@code 1,"UNSIGNED PCM",8,0,8000,0,0});
 *     callattendant on CX93001 modems: {@code AT+VSM=1,8000,0,0}, bytes written to 8-bit WAV</td></tr>
 * </table>
 */
enum V253Wire {
    /** Unsigned offset binary: byte = round(sample / 256) + 128, so 0x80 is silence. */
    OFFSET_BINARY,
    /** ITU-T G.711 mu-law. */
    ULAW;

    private static final Map<Integer, V253Wire> USR_5637 = Map.of(
            1, OFFSET_BINARY, 128, OFFSET_BINARY, 130, OFFSET_BINARY, 131, ULAW);
    private static final Map<Integer, V253Wire> CONEXANT = Map.of(1, OFFSET_BINARY);

    /**
     * @param usr true for the USRobotics persona, false for the Conexant one
     * @param cml the {@code AT+VSM} compression method the host asked for
     * @return what the modem sends for it, or empty when the modem does not offer it ({@code ERROR})
     */
    static Optional<V253Wire> offered(boolean usr, int cml) {
        return Optional.ofNullable((usr ? USR_5637 : CONEXANT).get(cml));
    }

    /** @return the method a freshly reset modem uses before any {@code AT+VSM} */
    static V253Wire resetDefault() {
        return OFFSET_BINARY;
    }

    /** Turns 16-bit LE samples into the bytes the modem sends to the host. */
    void encode(byte[] pcm16, int off, byte[] wire, int wireOff, int samples) {
        if (this == ULAW) {
            PcmCodec.pcm16ToUlaw(pcm16, off, wire, wireOff, samples);
            return;
        }
        for (int i = 0; i < samples; i++) {
            int s = (short) ((pcm16[off + 2 * i] & 0xFF) | (pcm16[off + 2 * i + 1] << 8));
            wire[wireOff + i] = (byte) (Math.min(127, Math.round(s / 256f)) + 128);
        }
    }

    /** Turns the bytes the host sent to the modem into 16-bit LE samples (what the line hears). */
    void decode(byte[] wire, int wireOff, byte[] pcm16, int off, int samples) {
        if (this == ULAW) {
            PcmCodec.ulawToPcm16(wire, wireOff, pcm16, off, samples);
            return;
        }
        for (int i = 0; i < samples; i++) {
            int s = ((wire[wireOff + i] & 0xFF) - 128) << 8;
            pcm16[off + 2 * i] = (byte) s;
            pcm16[off + 2 * i + 1] = (byte) (s >> 8);
        }
    }
}
