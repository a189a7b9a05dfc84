package io.github.modemvoice.testing;

import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.dialect.ModemModel;
import io.github.modemvoice.dialect.v253.V253Model;

import java.util.Optional;

/**
 * The persona a {@link SimulatedModem} plays for a {@link ModemModel} of the family registry
 * (package-private: users name the model, not the persona). The model a {@link SimulatedModem} imitates: its vendor commands, the form of its
 * unsolicited result codes and its identification. Both GSM families carry PCM on a separate
 * port; the analog ITU-T V.253 voice modems carry DLE-shielded 8-bit audio on the AT port, half
 * duplex ({@code AT+VTX} / {@code AT+VRX}).
 */
enum Persona {
    /**
     * SIMCom SIM7600 / SIM800 class: PCM with {@code AT+CPCMREG=1|0}, {@code VOICE CALL: BEGIN}
     * / {@code VOICE CALL: END: HHMMSS}, {@code MISSED_CALL}, DTMF as {@code +DTMF: <key>}.
     */
    SIMCOM(ModemModel.SIMCOM_SIM7600, "AT+CPCMREG=1", "AT+CPCMREG=0", null),
    /**
     * Quectel EC2x class: PCM with {@code AT+QPCMV=1,0|0}, DTMF detection {@code AT+QTONEDET=1}
     * reported as {@code +QTONEDET: <ascii code>}, remote hangup {@code NO CARRIER}.
     */
    QUECTEL(ModemModel.QUECTEL_EC25, "AT+QPCMV=1,0", "AT+QPCMV=0", null),
    /**
     * USRobotics 5637 (56K USB faxmodem), V.253: {@code AT+VSM=128,8000} "8-bit linear", unsigned offset binary on the wire
     * (also {@code 1}, {@code 130} unsigned and {@code 131} mu-law; see {@code V253Wire}), caller id with blanks around {@code =}
     * and a {@code NAME} line, answer {@code AT+VLS=1} → {@code VCON}, the caller's hangup as a
     * busy tone ({@code DLE b}).
     */
    V253_USR(ModemModel.USR_5637, "AT+VTX", "<DLE>!", V253Model.USR_5637),
    /**
     * Conexant CX93001 based USB modems, V.253: {@code AT+VSM=1,8000} unsigned 8-bit PCM, caller
     * id without blanks and without a {@code NAME} line, answer {@code AT+VLS=1} → {@code OK},
     * the caller's hangup as a dial tone ({@code DLE d}).
     */
    V253_CONEXANT(ModemModel.CONEXANT_CX93001, "AT+VTX", "<DLE>!", V253Model.CONEXANT_CX93001);

    private final ModemModel modemModel;
    private final String audioOn;
    private final String audioOff;
    private final V253Model v253Model;

    Persona(ModemModel modemModel, String audioOn, String audioOff, V253Model v253Model) {
        this.modemModel = modemModel;
        this.audioOn = audioOn;
        this.audioOff = audioOff;
        this.v253Model = v253Model;
    }

    /** @return the manufacturer as {@code AT+CGMI} reports it (V.253: as the modem's documentation names it) */
    public String manufacturer() {
        return modemModel.manufacturer();
    }

    /** @return the model as {@code AT+CGMM} reports it (V.253: the product code of {@code ATI} / {@code ATI0}) */
    public String model() {
        return modemModel.model();
    }

    /** @return the firmware revision as {@code AT+CGMR} reports it (V.253: the {@code ATI3} text) */
    public String revision() {
        return modemModel.revision();
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

    /** @return a new host-side dialect that talks to this persona */
    public Dialect dialect() {
        return modemModel.dialect();
    }

    /** @return the model of the family registry this persona plays */
    public ModemModel modemModel() {
        return modemModel;
    }

    /**
     * @param model a model of the family registry
     * @return the persona that plays it
     */
    static Persona of(ModemModel model) {
        for (Persona p : values()) {
            if (p.modemModel == model) {
                return p;
            }
        }
        throw new IllegalArgumentException("no simulator persona for " + model);
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

    /**
     * @param duration the call's length as the modem prints it ({@code HHMMSS})
     * @return the line with which a GSM persona reports the caller's hangup: SIMCom
     *         {@code VOICE CALL: END: <HHMMSS>} (SIM7600 AT manual; ModemManager
     *         mm-modem-helpers-simtech.c), Quectel {@code NO CARRIER} (27.007 / V.250)
     */
    String remoteHangupLine(String duration) {
        return this == SIMCOM ? "VOICE CALL: END: " + duration : "NO CARRIER";
    }

    /**
     * @return what a GSM persona answers to {@code ATA}: SIMCom adds {@code VOICE CALL: BEGIN}
     *         after the {@code OK}
     */
    java.util.List<String> answerReply() {
        return this == SIMCOM ? java.util.List.of("OK", "VOICE CALL: BEGIN") : java.util.List.of("OK");
    }

    /**
     * @return what a GSM persona prints when it restarts (and the dialect's parser must take for
     *         a restart): SIMCom SIM7600 {@code RDY}, {@code +CPIN: READY}, {@code SMS DONE},
     *         {@code PB DONE} (a SIM7600 boot log); Quectel EC25 {@code RDY}, {@code +CPIN: READY},
     *         {@code +QUSIM: 1}, {@code +QIND: SMS DONE}, {@code +QIND: PB DONE} (Quectel EC25 AT
     *         manual; ModemManager mm-shared-quectel.c for {@code +QUSIM}); none for analog modems
     */
    public java.util.List<String> bootLines() {
        switch (this) {
            case SIMCOM:
                return java.util.List.of("RDY", "+CPIN: READY", "SMS DONE", "PB DONE");
            case QUECTEL:
                return java.util.List.of("RDY", "+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE", "+QIND: PB DONE");
            default:
                return java.util.List.of();
        }
    }

    /** @return what the command-line interface's {@code --dialect} option calls this family */
    public String dialectName() {
        return modemModel.family().cliName();
    }
}
