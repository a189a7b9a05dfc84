package io.github.modemvoice.cli;

import io.github.modemvoice.dialect.ModemFamily;

import java.util.Map;
import java.util.Optional;

/**
 * Which USB interface of a GSM module is which serial port, as the families document it; what
 * {@code probe} uses to tell the AT port from the PCM port (docs/MODEM-FACTS.md, "USB ports").
 * An analog V.253 modem has one port, AT commands and audio on it, so it has no layout here.
 *
 * @param at    the interface number of the AT port the dialect talks to
 * @param pcm   the interface number of the PCM audio port
 * @param roles what every documented interface is, in the user's words
 */
record UsbLayout(int at, int pcm, Map<Integer, String> roles) {

    /**
     * SIMCom SIM7600 class (USB id 1e0e:9001): ModemManager's
     * {@code src/plugins/simtech/77-mm-simtech-port-types.rules} tags interface 00 QCDM, 01 GPS,
     * 02 AT primary, 03 AT secondary and 04 audio ({@code ID_MM_PORT_TYPE_AUDIO}); the audio port
     * carries the PCM after {@code AT+CPCMREG=1}.
     */
    static final UsbLayout SIMCOM = new UsbLayout(2, 4, Map.of(
            0, "the diagnostics port (QCDM), no AT commands",
            1, "the GPS port (NMEA), no AT commands",
            2, "the AT port",
            3, "the second AT port (for PPP data), not needed",
            4, "the PCM audio port"));

    /**
     * Quectel EC25/EG25 (USB id 2c7c:0125), EC21, EG91, EG95: ModemManager's
     * {@code src/plugins/quectel/77-mm-quectel-port-types.rules} tags interface 00 QCDM, 01 GPS,
     * 02 AT primary, 03 AT secondary. {@code AT+QPCMV=1,0} (what the dialect sends) streams the
     * call's PCM over the USB NMEA port, interface 01: Quectel's voice-over-USB application note
     * names mode 0 "USB NMEA port", and projects that use it say so (e.g. iniwex5/vohive
     * {@code audio_windows.go}: "Voice over USB (AT+QPCMV=1,0), which streams raw PCM over the
     * module's NMEA interface").
     */
    static final UsbLayout QUECTEL = new UsbLayout(2, 1, Map.of(
            0, "the diagnostics port (QCDM), no AT commands",
            1, "the NMEA port, which carries the PCM audio",
            2, "the AT port",
            3, "the second AT port (for PPP data), not needed"));

    /**
     * @param family a modem family
     * @return its USB layout; empty for a one-port (analog) family
     */
    static Optional<UsbLayout> of(ModemFamily family) {
        return switch (family) {
            case SIMCOM -> Optional.of(SIMCOM);
            case QUECTEL -> Optional.of(QUECTEL);
            case V253 -> Optional.empty();
        };
    }

    /** @return whether the family carries audio on a PCM port of its own */
    static boolean hasPcmPort(ModemFamily family) {
        return of(family).isPresent();
    }

    /**
     * @param usbInterface an interface number
     * @return what it is, e.g. "the GPS port (NMEA), no AT commands"
     */
    Optional<String> role(int usbInterface) {
        return Optional.ofNullable(roles.get(usbInterface));
    }
}
