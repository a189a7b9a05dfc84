package io.github.modemvoice.testing;

import io.github.modemvoice.testing.SimulatedModem.CallRun;
import io.github.modemvoice.testing.SimulatedModem.Phase;

import java.util.List;

/**
 * The GSM two-port persona's command set (SIMCom and Quectel flavours, from {@link Persona}):
 * identification, {@code ATA}, {@code AT+CHUP}, {@code AT+CLCC}, {@code AT+CTFR}, {@code AT+VTS}
 * and the vendor's PCM and DTMF-detection switches. The call's state lives in the
 * {@link SimulatedModem} core.
 */
final class GsmPersonaCommands {
    private GsmPersonaCommands() {
    }

    /** The SIMCom and Quectel commands. Caller holds the lock. @return the reply, null when unknown */
    static List<String> answer(SimulatedModem sim, String u, CallRun run, Phase phase) {
        Persona p = sim.persona();
        switch (u) {
            case "ATI":
                return p == Persona.SIMCOM
                        ? List.of("Manufacturer: " + p.manufacturer(), "Model: " + p.model(),
                        "Revision: " + p.revision(), "OK")
                        : List.of(p.manufacturer(), p.model(), "Revision: " + p.revision(), "OK");
            case "ATI3":
            case "AT+CGMR":
                return List.of(p.revision(), "OK");
            case "AT+CGMI":
                return List.of(p.manufacturer(), "OK");
            case "AT+CGMM":
                return List.of(p.model(), "OK");
            case "AT+CLCC":
                return phase == Phase.ENDED ? List.of("OK") : List.of(SimulatedModem.clccLine(run.script, phase), "OK");
            case "ATA":
                if (phase != Phase.RINGING) {
                    return List.of("NO CARRIER");
                }
                sim.answerCall(run);
                return p.answerReply();
            case "AT+CHUP":
                return sim.hostHangsUp(run, phase);
            case "AT+CPCMREG=?":
                // the test command of SIMCom's PCM switch (what `modem-voice probe` asks); the form of the
                // answer, its range, is ours: the probe only needs OK
                return p == Persona.SIMCOM ? List.of("+CPCMREG: (0-1)", "OK") : null;
            case "AT+QPCMV=?":
                // the test command of Quectel's voice over USB (enable, port: 0 USB NMEA, 1 UART, 2 UAC); the
                // form of the answer is ours: the probe only needs OK
                return p == Persona.QUECTEL ? List.of("+QPCMV: (0,1),(0-2)", "OK") : null;
            default:
                break;
        }
        if (u.equals(p.audioOnCommand()) || p == Persona.QUECTEL && u.matches("AT\\+QPCMV=1,[0-2]")) {
            if (phase != Phase.ACTIVE) {
                return List.of("ERROR");
            }
            sim.audioOn(run);
            return List.of("OK");
        }
        if (u.equals(p.audioOffCommand())) {
            if (run != null && run.audioOn) {
                run.audioOn = false;
            }
            return List.of("OK");
        }
        if (p == Persona.SIMCOM && u.startsWith("AT+DDET=")) {
            return List.of(sim.ddetError ? "ERROR" : "OK");
        }
        if (p == Persona.QUECTEL && u.matches("AT\\+QTONEDET=[01]")) {
            return List.of("OK");
        }
        if (u.startsWith("AT+CTFR=")) {
            if (phase != Phase.RINGING) {
                return List.of("ERROR");
            }
            sim.end(run, SimulatedCallReport.EndedBy.HOST_DEFLECTED, SimEvent.Type.DEFLECTED);
            return List.of("OK");
        }
        if (u.matches("AT\\+VTS=[0-9*#A-D]")) {
            return sim.hostDtmf(run, phase, u.substring(7));
        }
        return null;
    }
}
