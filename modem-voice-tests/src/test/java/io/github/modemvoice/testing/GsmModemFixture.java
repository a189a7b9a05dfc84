package io.github.modemvoice.testing;

import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.call.CallHandler;
import io.github.modemvoice.call.IncomingCall;
import io.github.modemvoice.call.Modem;
import io.github.modemvoice.call.ModemConfig;
import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.dialect.quectel.QuectelDialect;
import io.github.modemvoice.dialect.simcom.SimcomDialect;
import io.github.modemvoice.testing.MockTransport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A GSM modem (SIMCom or Quectel) on MockTransports with the start-up conversation scripted,
 * and helpers to ring, answer and stream caller audio. Playback pacing is virtual (instant).
 */
public final class GsmModemFixture implements AutoCloseable {
    public final MockTransport at = MockTransport.commands("at");
    public final MockTransport pcm = MockTransport.raw("pcm");
    public final String dialectName;
    public final String audioOn;
    public final String audioOff;
    public io.github.modemvoice.audio.MonotonicClock mono = new VirtualMonotonicClock();
    public Duration callerIdWait = Duration.ofSeconds(10);
    /** {@link ModemConfig.Builder#inBandDtmf(boolean)} for {@link #open}. */
    public boolean inBandDtmf;
    public Modem modem;

    public GsmModemFixture(String dialectName) {
        this.dialectName = dialectName;
        boolean simcom = dialectName.equals("simcom");
        audioOn = simcom ? "AT+CPCMREG=1" : "AT+QPCMV=1,0";
        audioOff = simcom ? "AT+CPCMREG=0" : "AT+QPCMV=0";
        for (String c : new String[] {"AT", "ATE0", "ATV1", "AT+CMEE=1", "AT+CLIP=1", "AT+CLCC", audioOff, "AT+CHUP"}) {
            at.when(c).reply("OK");
        }
        if (simcom) {
            at.when("AT+DDET=1,0,1").reply("ERROR");
        } else {
            at.when("AT+QTONEDET=1").reply("OK");
        }
        at.whenMatches("AT\\+VTS=[0-9*#A-D]").reply("OK");
        at.when("AT+CLIP?").reply("+CLIP: 1,1", "OK"); // the watchdog's probe
    }

    public Dialect dialect() {
        return dialectName.equals("simcom") ? new SimcomDialect() : new QuectelDialect();
    }

    /** Scripts ATA: OK, then (SIMCom) VOICE CALL: BEGIN; and the audio-on command. */
    public GsmModemFixture answerable() {
        if (dialectName.equals("simcom")) {
            at.when("ATA").reply("OK", "VOICE CALL: BEGIN");
        } else {
            at.when("ATA").reply("OK");
        }
        at.when(audioOn).reply("OK");
        return this;
    }

    public Modem open(CallHandler handler) {
        modem = Modem.open(ModemConfig.builder()
                .atPort(at).audioPort(pcm).dialect(dialect()).handler(handler)
                .callerIdWait(callerIdWait)
                .commandTimeout(Duration.ofSeconds(2))
                .monotonicClock(mono)
                .inBandDtmf(inBandDtmf)
                .build());
        return modem;
    }

    /** Rings with a caller id; the handler is dispatched on the caller id. */
    public void ring(String number) {
        at.emitLine("RING");
        at.emitLine("+CLIP: \"" + number + "\",145,\"\",0,\"\",0");
    }

    /** Emits PCM as the caller's voice, after the host switched audio on. */
    public void callerAudio(byte[] pcm16) {
        at.awaitCommand(audioOn, Duration.ofSeconds(5));
        pcm.emitBytes(pcm16);
    }

    /** Remote hangup in the dialect's usual form. */
    public void remoteHangup() {
        at.emitLine(dialectName.equals("simcom") ? "VOICE CALL: END: 000012" : "NO CARRIER");
    }

    public static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("handler did not finish: " + e, e);
        }
    }

    @Override
    public void close() {
        if (modem != null) {
            modem.close();
        }
    }

    /** A handler that hands the IncomingCall to the test and runs a body on the call thread. */
    public interface Body<T> {
        T run(IncomingCall call) throws Exception;
    }

    public static <T> CallHandler handler(CompletableFuture<T> result, Body<T> body) {
        return call -> {
            try {
                result.complete(body.run(call));
            } catch (Throwable t) {
                result.completeExceptionally(t);
                throw t;
            }
        };
    }
}
