package io.github.modemvoice.dialect.quectel;

import io.github.modemvoice.dialect.UrcParser;
import io.github.modemvoice.dialect.gsm.GsmDialect;

import java.time.Duration;
import java.util.List;

/**
 * Quectel EC2x class modules: PCM over the USB serial port after {@code AT+QPCMV=1,0}
 * ({@code AT+QPCMV=0} at the end), DTMF detection with {@code AT+QTONEDET=1} reported as
 * {@code +QTONEDET: <ascii code>}, remote hangup as {@code NO CARRIER}.
 */
public final class QuectelDialect extends GsmDialect {

    /** With the default answer timeout of 10 s. */
    public QuectelDialect() {
        this(Duration.ofSeconds(10));
    }

    /** @param answerTimeout how long {@code ATA} may take */
    public QuectelDialect(Duration answerTimeout) {
        super(answerTimeout);
    }

    @Override
    public String name() {
        return "quectel";
    }

    @Override
    public UrcParser urcParser() {
        return QuectelUrcs.INSTANCE;
    }

    @Override
    protected List<String> requiredInit() {
        return List.of("ATV1", "AT+CMEE=1", "AT+CLIP=1", "AT+QTONEDET=1");
    }

    @Override
    protected List<String> optionalInit() {
        return List.of("AT+QPCMV=0");
    }

    @Override
    protected String audioOnCommand() {
        return "AT+QPCMV=1,0";
    }

    @Override
    protected String audioOffCommand() {
        return "AT+QPCMV=0";
    }
}
