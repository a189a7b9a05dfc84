package io.github.modemvoice.dialect.v253;

import io.github.modemvoice.audio.PcmCodec;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A V.253 modem model: the {@code AT+VSM} compression method that gives 8-bit audio at
 * 8000 Hz, how those 8-bit samples map to linear PCM, and the {@code DLE} code that stops a
 * voice receive ({@code AT+VRX}) phase. Every fact in the table names its source; a model's
 * facts are changed only with a source.
 *
 * <table>
 * <caption>Known models</caption>
 * <tr><th>model</th><th>{@code AT+VSM}</th><th>samples on the wire</th><th>stop receive</th></tr>
 * <tr><td>{@link #USR_5637}</td><td>{@code 128,8000} "8-BIT LINEAR"</td>
 *     <td>unsigned offset binary (0x80 = silence)</td><td>{@code DLE !}</td></tr>
 * <tr><td>{@link #USR_5637_ULAW}</td><td>{@code 131,8000} "ULAW"</td><td>G.711 mu-law</td><td>{@code DLE !}</td></tr>
 * <tr><td>{@link #CONEXANT_CX93001}</td><td>{@code 1,8000} "UNSIGNED PCM"</td>
 *     <td>unsigned offset binary (0x80 = silence)</td><td>{@code DLE !}</td></tr>
 * </table>
 *
 * <p>Sources, fact by fact:
 * <ul>
 * <li><b>USR 5637 "8-BIT LINEAR" is unsigned.</b> The name does not say which 8-bit form; the
 *     field does. vgetty's V.253 driver ({@code voice/libvoice/V253modem.c}, mgetty 1.2) treats a
 *     {@code +VSM=?} entry {@code 8-BIT LINEAR} exactly like {@code UNSIGNED PCM} and stores its
 *     recordings as unsigned 8-bit samples; callattendant ({@code callattendant/hardware/modem.py}),
 *     the Raspberry Pi call screener built on this modem, selects {@code AT+VSM=128,8000} and writes
 *     the received bytes unchanged into 8-bit WAV files (unsigned by the RIFF WAVE definition) and
 *     plays 8-bit WAV data to the modem raw. Reading these bytes as signed turned silence
 *     (0x80) into full-scale -128 and recorded noise (issue 12: correlation 0.12 against the caller's
 *     audio; vgetty on the same line 0.999).</li>
 * <li><b>The methods offered.</b> The USRobotics 56K command reference, {@code +VSM=?} answering
 *     {@code 1,"UNSIGNED PCM"}, {@code 128,"8-BIT LINEAR"}, {@code 129,"ADPCM"},
 *     {@code 130,"UNSIGNED PCM"}, {@code 131,"ULAW"}, {@code 132,"ALAW"}, {@code 133,"LINEAR"}
 *     (16-bit), at 7200 or 8000 Hz; the Conexant AT command reference manuals (100498E, 100722B,
 *     102184B), {@code +VSM=?} answering {@code 1,"UNSIGNED PCM",8,0,8000,0,0} (plus ADPCM 129, 140,
 *     141).</li>
 * <li><b>Stopping a receive.</b> The USRobotics 56K USB Modem (5637) user guide, {@code +VRX}: the
 *     modem leaves the voice receive state on {@code DLE !} from the DTE ({@code DLE ^} ends the
 *     full-duplex {@code +VTR} state, not used here); the Conexant manuals list {@code DLE !} as
 *     "receive abort". ITU-T V.253 for {@code DLE ETX} (end of transmit) and the DLE event codes.</li>
 * </ul>
 * Models with other codes can be described with the constructor; {@link SampleFormat#SIGNED_8}
 * stays for a modem documented to send two's complement bytes, and none of the built-in models does.
 *
 * @param name              a short name for logs, e.g. {@code usr5637}
 * @param compressionMethod the {@code <cml>} of {@code AT+VSM}
 * @param format            how the 8-bit samples on the wire map to linear PCM
 * @param receiveStopCode   the byte sent after {@code DLE} to end a receive phase
 */
public record V253Model(String name, int compressionMethod, SampleFormat format, char receiveStopCode) {

    /**
     * USRobotics 5637 (56K USB faxmodem) with "8-bit linear" samples, {@code AT+VSM=128,8000}: unsigned
     * offset binary on the wire (vgetty {@code V253modem.c}, callattendant {@code modem.py}; see above).
     */
    public static final V253Model USR_5637 = new V253Model("usr5637", 128, SampleFormat.UNSIGNED_8, '!');

    /** USRobotics 5637 with G.711 mu-law samples: {@code AT+VSM=131,8000}. */
    public static final V253Model USR_5637_ULAW = new V253Model("usr5637-ulaw", 131, SampleFormat.ULAW, '!');

    /** Conexant CX93001 based USB modems with unsigned 8-bit PCM: {@code AT+VSM=1,8000}. */
    public static final V253Model CONEXANT_CX93001 = new V253Model("cx93001", 1, SampleFormat.UNSIGNED_8, '!');

    /** Validates the components. */
    public V253Model {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        if (compressionMethod < 0 || compressionMethod > 255) {
            throw new IllegalArgumentException("compressionMethod must be 0-255, was " + compressionMethod);
        }
        if (receiveStopCode == 0x10 || receiveStopCode == 0x03 || receiveStopCode > 0x7E) {
            throw new IllegalArgumentException("receiveStopCode must be a printable code such as '!' or '^'");
        }
    }

    /** @return the command selecting the model's format at 8000 samples per second */
    public String vsmCommand() {
        return "AT+VSM=" + compressionMethod + ",8000";
    }

    /**
     * Picks the model from the modem's answers to {@code ATI0} and {@code ATI3} (either may be
     * null or empty). Recognised: USRobotics ("U.S. Robotics", "USRobotics", "5637") and
     * Conexant CX9300x ("CX93001", "CX93010", e.g. {@code CX93001-EIS_V0.2002-V92}).
     *
     * @param ati0 the information lines of {@code ATI0}, joined
     * @param ati3 the information lines of {@code ATI3}, joined
     * @return the model, or empty when neither answer names a known one
     */
    public static Optional<V253Model> fromIdentification(String ati0, String ati3) {
        String all = ((ati0 == null ? "" : ati0) + "\n" + (ati3 == null ? "" : ati3)).toUpperCase(Locale.ROOT);
        if (all.contains("U.S. ROBOTICS") || all.contains("USROBOTICS") || all.contains("US ROBOTICS")
                || all.contains("5637")) {
            return Optional.of(USR_5637);
        }
        if (all.contains("CX9300") || all.contains("CX930") || all.contains("CONEXANT")) {
            return Optional.of(CONEXANT_CX93001);
        }
        return Optional.empty();
    }

    /** How 8-bit voice samples on the wire relate to 16-bit linear PCM. */
    public enum SampleFormat {
        /** Unsigned 8-bit linear, 0x80 is zero. */
        UNSIGNED_8,
        /** Signed (two's complement) 8-bit linear, 0x00 is zero. */
        SIGNED_8,
        /** ITU-T G.711 mu-law. */
        ULAW,
        /** ITU-T G.711 A-law. */
        ALAW;

        /**
         * Encodes 16-bit LE PCM to this format.
         *
         * @param pcm     16-bit samples
         * @param off     first byte
         * @param dst     8-bit destination
         * @param dstOff  first destination byte
         * @param samples number of samples
         */
        public void encode(byte[] pcm, int off, byte[] dst, int dstOff, int samples) {
            switch (this) {
                case UNSIGNED_8 -> PcmCodec.pcm16ToU8(pcm, off, dst, dstOff, samples);
                case SIGNED_8 -> PcmCodec.pcm16ToS8(pcm, off, dst, dstOff, samples);
                case ULAW -> PcmCodec.pcm16ToUlaw(pcm, off, dst, dstOff, samples);
                case ALAW -> PcmCodec.pcm16ToAlaw(pcm, off, dst, dstOff, samples);
                default -> throw new AssertionError(this);
            }
        }

        /**
         * Decodes this format to 16-bit LE PCM.
         *
         * @param src     8-bit samples
         * @param off     first byte
         * @param pcm     16-bit destination
         * @param pcmOff  first destination byte
         * @param samples number of samples
         */
        public void decode(byte[] src, int off, byte[] pcm, int pcmOff, int samples) {
            switch (this) {
                case UNSIGNED_8 -> PcmCodec.u8ToPcm16(src, off, pcm, pcmOff, samples);
                case SIGNED_8 -> PcmCodec.s8ToPcm16(src, off, pcm, pcmOff, samples);
                case ULAW -> PcmCodec.ulawToPcm16(src, off, pcm, pcmOff, samples);
                case ALAW -> PcmCodec.alawToPcm16(src, off, pcm, pcmOff, samples);
                default -> throw new AssertionError(this);
            }
        }
    }
}
