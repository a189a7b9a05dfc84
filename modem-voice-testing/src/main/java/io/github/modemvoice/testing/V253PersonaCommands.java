package io.github.modemvoice.testing;

import io.github.modemvoice.testing.SimulatedModem.CallRun;
import io.github.modemvoice.testing.SimulatedModem.Phase;

import java.util.List;
import java.util.Optional;

/**
 * The V.253 DLE persona's command set: identification ({@code ATI0}, {@code ATI3}),
 * {@code AT+FCLASS}, {@code AT+VCID}, {@code AT+VLS}, {@code AT+VSM} (the formats the model
 * offers, {@link V253Wire}), {@code AT+VTX} / {@code AT+VRX} and {@code AT+VTS}. The voice data
 * itself is shielded and un-shielded by the {@link SimulatedModem} core.
 */
final class V253PersonaCommands {
    private V253PersonaCommands() {
    }

    /** The V.253 commands (voice on the AT port). Caller holds the lock. @return the reply, null when unknown */
    static List<String> answer(SimulatedModem sim, String u, CallRun run, Phase phase) {
        Persona p = sim.persona();
        switch (u) {
            case "ATI":
            case "ATI0":
                return List.of(p.model(), "OK");
            case "ATI3":
                return List.of(p.revision(), "OK");
            case "AT+CGMI":
            case "AT+CGMM":
            case "AT+CGMR":
                return List.of("ERROR"); // not in an analog modem's command set
            case "AT+FCLASS=0":
            case "AT+FCLASS=8":
                sim.fclass = u.charAt(u.length() - 1) - '0';
                return List.of("OK");
            case "AT+FCLASS=?":
                // V.250 5.3: the classes it supports; 8 is voice (V.253). The list itself is ours (data, fax
                // class 1, voice): what `modem-voice probe` looks for is the 8
                return List.of("0,1,8", "OK");
            case "AT+FCLASS?":
                return List.of(String.valueOf(sim.fclass), "OK"); // V.253 9.1: the current class
            case "AT+VCID=0":
            case "AT+VCID=1":
                return List.of("OK");
            case "AT+VLS=0":
                return sim.hostHangsUp(run, phase);
            case "AT+VLS=1":
                sim.offHook = true;
                if (phase == Phase.RINGING) {
                    sim.answerCall(run);
                }
                return List.of(p == Persona.V253_USR ? "VCON" : "OK");
            case "AT+VTX":
            case "AT+VRX":
                if (!sim.offHook) {
                    return List.of("ERROR");
                }
                sim.voice = u.equals("AT+VTX") ? SimulatedModem.Voice.TX : SimulatedModem.Voice.RX;
                if (phase == Phase.ACTIVE) {
                    sim.audioOn(run);
                    if (sim.voice == SimulatedModem.Voice.TX && !run.hostAudioSeen) {
                        run.hostAudioSeen = true;
                        sim.event(run, SimEvent.Type.HOST_AUDIO, "");
                    }
                }
                sim.lock.notifyAll();
                return List.of("CONNECT");
            default:
                break;
        }
        if (u.matches("AT\\+VSM=\\d{1,3},8000")) {
            Optional<V253Wire> f = V253Wire.offered(p == Persona.V253_USR,
                    Integer.parseInt(u.substring(7, u.indexOf(','))));
            f.ifPresent(x -> sim.format = x);
            return List.of(f.isPresent() ? "OK" : "ERROR");
        }
        if (u.matches("AT\\+VSD=\\d{1,3},\\d{1,3}")) {
            return List.of("OK");
        }
        if (u.matches("AT\\+VTS=[0-9*#A-D](,[0-9*#A-D])*")) {
            return sim.hostDtmf(run, phase, u.substring(7).replace(",", ""));
        }
        return null;
    }
}
