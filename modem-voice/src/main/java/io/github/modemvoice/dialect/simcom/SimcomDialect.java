package io.github.modemvoice.dialect.simcom;

import io.github.modemvoice.dialect.UrcParser;
import io.github.modemvoice.dialect.gsm.GsmDialect;

import java.time.Duration;
import java.util.List;

/**
 * SIMCom SIM7600 / SIM800 class modules: PCM audio on a separate USB serial port after
 * {@code AT+CPCMREG=1} (8 kHz, 16-bit LE, 320-byte frames of 20 ms), {@code AT+CPCMREG=0} at
 * the end; call progress as {@code VOICE CALL: BEGIN} / {@code VOICE CALL: END[: <duration>]},
 * {@code MISSED_CALL}, DTMF as {@code +DTMF}/{@code +RXDTMF}; hangup {@code AT+CHUP} with
 * {@code ATH} as fallback.
 */
public final class SimcomDialect extends GsmDialect {

    /** With the default answer timeout of 10 s. */
    public SimcomDialect() {
        this(Duration.ofSeconds(10));
    }

    /** @param answerTimeout how long {@code ATA} may take */
    public SimcomDialect(Duration answerTimeout) {
        super(answerTimeout);
    }

    @Override
    public String name() {
        return "simcom";
    }

    @Override
    public UrcParser urcParser() {
        return SimcomUrcs.INSTANCE;
    }

    @Override
    protected List<String> requiredInit() {
        return List.of("ATV1", "AT+CMEE=1", "AT+CLIP=1");
    }

    @Override
    protected List<String> optionalInit() {
        // SIM800 needs DDET for +DTMF reports (with the key's duration); SIM7600 reports +RXDTMF
        // on its own and answers ERROR here, which is fine.
        return List.of("AT+DDET=1,0,1", "AT+CPCMREG=0");
    }

    @Override
    protected String audioOnCommand() {
        return "AT+CPCMREG=1";
    }

    @Override
    protected String audioOffCommand() {
        return "AT+CPCMREG=0";
    }
}
