package io.github.modemvoice.dialect.gsm;

import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtResponse;
import io.github.modemvoice.at.AtTimeoutException;
import io.github.modemvoice.dialect.AudioChannel;
import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.dialect.DialectSupport;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.transport.Transport;
import io.github.modemvoice.transport.TransportLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What 3GPP TS 27.007 voice modules share: {@code ATA}, {@code AT+CHUP} with {@code ATH}
 * fallback, {@code AT+CTFR} deflection, {@code AT+VTS} DTMF, {@code AT+CLCC} to find a call
 * left up, and PCM audio on a separate port switched on and off by a vendor command.
 */
public abstract class GsmDialect implements Dialect {
    private static final Logger LOG = LoggerFactory.getLogger(GsmDialect.class);

    private final Duration answerTimeout;

    /** @param answerTimeout how long {@code ATA} may take */
    protected GsmDialect(Duration answerTimeout) {
        this.answerTimeout = answerTimeout;
    }

    /** @return commands that must succeed at start-up, after echo off */
    protected abstract List<String> requiredInit();

    /** @return commands tried at start-up whose failure is tolerated (firmware differences) */
    protected abstract List<String> optionalInit();

    /** @return the command that starts PCM audio on the audio port */
    protected abstract String audioOnCommand();

    /** @return the command that stops PCM audio */
    protected abstract String audioOffCommand();

    @Override
    public boolean needsAudioPort() {
        return true;
    }

    @Override
    public void initialize(AtChannel at) {
        DialectSupport.synchronise(at, 5, Duration.ofSeconds(1));
        at.executeOk("ATE0");
        DialectSupport.required(at, requiredInit());
        DialectSupport.optional(at, optionalInit());
        // a call left up by a previous run (crash, power loss of the host only) is hung up
        AtResponse clcc = at.execute("AT+CLCC");
        if (clcc.isSuccess() && clcc.lines().stream().anyMatch(l -> l.toUpperCase().startsWith("+CLCC:"))) {
            LOG.warn("{}: a call was still up at start-up; hanging it up", at.name());
            DialectSupport.optional(at, List.of(audioOffCommand()));
            hangup(at);
        }
    }

    /**
     * {@code AT+CLCC} (3GPP TS 27.007 section 7.18): the incoming call's line
     * ({@code <dir>} 1, {@code <stat>} 4 incoming or 5 waiting) carries the number the network
     * sent, when no {@code +CLIP} came (a module that lost {@code AT+CLIP=1}, a network that
     * delivers the number late). See {@link GsmUrcs#parseClcc(String)}.
     */
    @Override
    public Optional<ModemEvent.CallerId> queryCallerId(AtChannel at) {
        AtResponse r = at.execute("AT+CLCC");
        if (!r.isSuccess()) {
            return Optional.empty();
        }
        for (String l : r.lines()) {
            if (l.strip().toUpperCase(Locale.ROOT).startsWith("+CLCC:")) {
                ModemEvent.CallerId id = GsmUrcs.parseClcc(l.strip().substring(6));
                if (id != null) {
                    return Optional.of(id);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code AT+CLIP?} must answer {@code +CLIP: 1,<m>}: the modem answers, and caller id is
     * still on (3GPP TS 27.007 section 7.6: the read command returns {@code +CLIP: <n>,<m>},
     * {@code <n>} 1 when the result code is enabled). A module that restarted has {@code <n>} 0
     * again (its default), so this also catches a restart whose announcements were missed.
     */
    @Override
    public Optional<String> checkHealth(AtChannel at) {
        return DialectSupport.probe(at, "AT+CLIP?", lines -> {
            for (String l : lines) {
                if (l.toUpperCase(Locale.ROOT).startsWith("+CLIP:")) {
                    List<String> fields = GsmUrcs.splitFields(l.substring(6));
                    return !fields.isEmpty() && fields.get(0).equals("1") ? Optional.empty()
                            : Optional.of("caller id is off (it answered " + l.strip() + "): its settings were lost");
                }
            }
            return Optional.of("it answered AT+CLIP? without a +CLIP line");
        });
    }

    @Override
    public void answer(AtChannel at) {
        at.executeOk("ATA", answerTimeout);
    }

    @Override
    public void reject(AtChannel at) {
        hangup(at);
    }

    @Override
    public void deflect(AtChannel at, String number) {
        at.executeOk("AT+CTFR=\"" + DialectSupport.checkNumber(number) + "\"", answerTimeout);
    }

    @Override
    public void hangup(AtChannel at) {
        try {
            AtResponse r = at.execute("AT+CHUP");
            if (r.isSuccess()) {
                return;
            }
            LOG.debug("{}: AT+CHUP answered {}; trying ATH", at.name(), r.finalLine());
        } catch (AtTimeoutException e) {
            LOG.debug("{}: AT+CHUP timed out; trying ATH", at.name());
        }
        DialectSupport.hangupWithAth(at, "AT+CHUP and ATH");
    }

    @Override
    public void sendDtmf(AtChannel at, String digits) {
        for (char c : DialectSupport.checkDtmf(digits).toCharArray()) {
            at.executeOk("AT+VTS=" + c);
        }
    }

    @Override
    public AudioChannel openAudio(AtChannel at, Transport audioPort) {
        if (audioPort == null) {
            throw new IllegalStateException(name() + " dialect needs an audio port (ModemConfig.audioPort)");
        }
        PcmPortAudioChannel channel = new PcmPortAudioChannel(audioPort, () -> {
            if (at.isAlive()) {
                try {
                    at.execute(audioOffCommand());
                } catch (AtTimeoutException | TransportLostException e) {
                    LOG.debug("{}: {} failed: {}", at.name(), audioOffCommand(), e.getMessage());
                }
            }
        });
        try {
            at.executeOk(audioOnCommand());
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }
}
