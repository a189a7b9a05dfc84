package io.github.modemvoice.sim;

import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.dialect.quectel.QuectelDialect;
import io.github.modemvoice.dialect.simcom.SimcomDialect;
import io.github.modemvoice.dialect.v253.V253Dialect;
import io.github.modemvoice.dialect.v253.V253Model;

import java.util.Optional;

/**
 * The modem family a {@link SimulatedModem} imitates: its vendor commands, the form of its
 * unsolicited result codes and its identification. Both GSM families carry PCM on a separate
 * port; the analog ITU-T V.253 voice modems carry DLE-shielded 8-bit audio on the AT port, half
 * duplex ({@code AT+VTX} / {@code AT+VRX}).
 */
public enum Variant {
    /**
     * SIMCom SIM7600 / SIM800 class: PCM with {@code AT+CPCMREG=1|0}, {@code VOICE CALL: BEGIN}
     * / {@code VOICE CALL: END: HHMMSS}, {@code MISSED_CALL}, DTMF as {@code +DTMF: <key>}.
     */
    SIMCOM("SIMCOM INCORPORATED", "SIMCOM_SIM7600E-H", "LE20B04SIM7600M22",
            "AT+CPCMREG=1", "AT+CPCMREG=0", null),
    /**
     * Quectel EC2x class: PCM with {@code AT+QPCMV=1,0|0}, DTMF detection {@code AT+QTONEDET=1}
     * reported as {@code +QTONEDET: <ascii code>}, remote hangup {@code NO CARRIER}.
     */
    QUECTEL("Quectel", "EC25", "EC25EFAR06A06M4G",
            "AT+QPCMV=1,0", "AT+QPCMV=0", null),
    /**
     * USRobotics 5637 (56K USB faxmodem), V.253: {@code AT+VSM=128,8000} "8-bit linear", unsigned offset binary on the wire
     * (also {@code 1}, {@code 130} unsigned and {@code 131} mu-law; see {@code V253Wire}), caller id with blanks around {@code =}
     * and a {@code NAME} line, answer {@code AT+VLS=1} → {@code VCON}, the caller's hangup as a
     * busy tone ({@code DLE b}).
     */
    V253_USR("U.S. Robotics", "5601", "U.S. Robotics 56K FAX USB V1.2.23",
            "AT+VTX", "<DLE>!", V253Model.USR_5637),
    /**
     * Conexant CX93001 based USB modems, V.253: {@code AT+VSM=1,8000} unsigned 8-bit PCM, caller
     * id without blanks and without a {@code NAME} line, answer {@code AT+VLS=1} → {@code OK},
     * the caller's hangup as a dial tone ({@code DLE d}).
     */
    V253_CONEXANT("Conexant", "56000", "CX93001-EIS_V0.2002-V92",
            "AT+VTX", "<DLE>!", V253Model.CONEXANT_CX93001);

    private final String manufacturer;
    private final String model;
    private final String revision;
    private final String audioOn;
    private final String audioOff;
    private final V253Model v253Model;

    Variant(String manufacturer, String model, String revision, String audioOn, String audioOff, V253Model v253Model) {
        this.manufacturer = manufacturer;
        this.model = model;
        this.revision = revision;
        this.audioOn = audioOn;
        this.audioOff = audioOff;
        this.v253Model = v253Model;
    }

    /** @return the manufacturer as {@code AT+CGMI} reports it (V.253: as the modem's documentation names it) */
    public String manufacturer() {
        return manufacturer;
    }

    /** @return the model as {@code AT+CGMM} reports it (V.253: the product code of {@code ATI} / {@code ATI0}) */
    public String model() {
        return model;
    }

    /** @return the firmware revision as {@code AT+CGMR} reports it (V.253: the {@code ATI3} text) */
    public String revision() {
        return revision;
    }

    /**
     * @return the command with which the host switches PCM audio on; V.253: {@code AT+VTX}, the
     *         start of the first voice phase (the greeting)
     */
    public String audioOnCommand() {
        return audioOn;
    }

    /**
     * @return the command with which the host switches PCM audio off; V.253: {@code <DLE>!}, the
     *         end of a receive phase, as {@link SimulatedModem#commands()} lists it
     */
    public String audioOffCommand() {
        return audioOff;
    }

    /** @return true for the analog V.253 variants (audio on the AT port, no separate PCM port) */
    public boolean isV253() {
        return v253Model != null;
    }

    /** @return the V.253 model this variant is, for the V.253 variants */
    public Optional<V253Model> v253Model() {
        return Optional.ofNullable(v253Model);
    }

    /** @return whether the host needs a separate PCM audio port (false for V.253) */
    public boolean needsAudioPort() {
        return !isV253();
    }

    /** @return the command with which the host answers: {@code ATA}, or {@code AT+VLS=1} on V.253 */
    public String answerCommand() {
        return isV253() ? "AT+VLS=1" : "ATA";
    }

    /** @return the command with which the host's dialect hangs up: {@code AT+CHUP}, or {@code ATH} on V.253 */
    public String hangupCommand() {
        return isV253() ? "ATH" : "AT+CHUP";
    }

    /** @return a new host-side dialect that talks to this variant */
    public Dialect dialect() {
        switch (this) {
            case SIMCOM:
                return new SimcomDialect();
            case QUECTEL:
                return new QuectelDialect();
            default:
                return new V253Dialect(v253Model);
        }
    }

    /**
     * @param key a DTMF key: {@code 0-9 * # A-D}
     * @return the unsolicited result code this variant sends when the caller presses it; on
     *         V.253 the DLE code ({@code DLE <key>}, two bytes, not a line)
     */
    public String dtmfLine(char key) {
        switch (this) {
            case SIMCOM:
                return "+DTMF: " + key;
            case QUECTEL:
                return "+QTONEDET: " + (int) key;
            default:
                return new String(new char[] {0x10, key});
        }
    }

    /**
     * @return the DLE code (after {@code DLE}) with which a V.253 variant reports that the caller
     *         hung up: {@code b} (busy tone, USRobotics) or {@code d} (dial tone, Conexant); 0 for
     *         the GSM variants, which report a hangup as a line
     */
    public char hangupToneCode() {
        switch (this) {
            case V253_USR:
                return 'b';
            case V253_CONEXANT:
                return 'd';
            default:
                return 0;
        }
    }

    /** @return what the command-line interface's {@code --dialect} option calls this family */
    public String dialectName() {
        switch (this) {
            case SIMCOM:
                return "simcom";
            case QUECTEL:
                return "quectel";
            default:
                return "v253";
        }
    }
}
