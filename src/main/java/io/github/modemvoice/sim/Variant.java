package io.github.modemvoice.sim;

import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.dialect.QuectelDialect;
import io.github.modemvoice.dialect.SimcomDialect;

/**
 * The modem family a {@link SimulatedModem} imitates: its vendor commands, the form of its
 * unsolicited result codes and its identification. Both GSM families carry PCM on a separate
 * port. (Analog ITU-T V.253 modems, with DLE-shielded audio on the AT port, may be added later.)
 */
public enum Variant {
    /**
     * SIMCom SIM7600 / SIM800 class: PCM with {@code AT+CPCMREG=1|0}, {@code VOICE CALL: BEGIN}
     * / {@code VOICE CALL: END: HHMMSS}, {@code MISSED_CALL}, DTMF as {@code +DTMF: <key>}.
     */
    SIMCOM("SIMCOM INCORPORATED", "SIMCOM_SIM7600E-H", "LE20B04SIM7600M22",
            "AT+CPCMREG=1", "AT+CPCMREG=0"),
    /**
     * Quectel EC2x class: PCM with {@code AT+QPCMV=1,0|0}, DTMF detection {@code AT+QTONEDET=1}
     * reported as {@code +QTONEDET: <ascii code>}, remote hangup {@code NO CARRIER}.
     */
    QUECTEL("Quectel", "EC25", "EC25EFAR06A06M4G",
            "AT+QPCMV=1,0", "AT+QPCMV=0");

    private final String manufacturer;
    private final String model;
    private final String revision;
    private final String audioOn;
    private final String audioOff;

    Variant(String manufacturer, String model, String revision, String audioOn, String audioOff) {
        this.manufacturer = manufacturer;
        this.model = model;
        this.revision = revision;
        this.audioOn = audioOn;
        this.audioOff = audioOff;
    }

    /** @return the manufacturer as {@code AT+CGMI} reports it */
    public String manufacturer() {
        return manufacturer;
    }

    /** @return the model as {@code AT+CGMM} reports it */
    public String model() {
        return model;
    }

    /** @return the firmware revision as {@code AT+CGMR} reports it */
    public String revision() {
        return revision;
    }

    /** @return the command with which the host switches PCM audio on */
    public String audioOnCommand() {
        return audioOn;
    }

    /** @return the command with which the host switches PCM audio off */
    public String audioOffCommand() {
        return audioOff;
    }

    /** @return a new host-side dialect that talks to this variant */
    public Dialect dialect() {
        return this == SIMCOM ? new SimcomDialect() : new QuectelDialect();
    }

    /**
     * @param key a DTMF key: {@code 0-9 * # A-D}
     * @return the unsolicited result code this variant sends when the caller presses it
     */
    public String dtmfLine(char key) {
        return this == SIMCOM ? "+DTMF: " + key : "+QTONEDET: " + (int) key;
    }

    /** @return what the command-line interface's {@code --dialect} option calls this family */
    public String dialectName() {
        return this == SIMCOM ? "simcom" : "quectel";
    }
}
