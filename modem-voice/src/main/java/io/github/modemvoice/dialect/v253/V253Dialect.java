package io.github.modemvoice.dialect.v253;

import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtResponse;
import io.github.modemvoice.at.AtTimeoutException;
import io.github.modemvoice.dialect.AudioChannel;
import io.github.modemvoice.dialect.Dialect;
import io.github.modemvoice.dialect.DialectSupport;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.UrcParser;
import io.github.modemvoice.dialect.V250Urcs;
import io.github.modemvoice.internal.Durations;
import io.github.modemvoice.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * ITU-T V.253 analog voice modems (USRobotics 5637, Conexant CX93001 based USB modems) on a
 * plain telephone line. Audio travels half duplex on the AT port ({@link V253AudioChannel}), so
 * {@link #needsAudioPort()} is false.
 *
 * <ul>
 * <li><b>Initialisation</b>: {@code AT} until {@code OK}, {@code ATE0}, {@code ATV1},
 * {@code AT+FCLASS=8} (voice), {@code AT+VCID=1} (formatted caller id; tolerated if refused),
 * the model's {@code AT+VSM=<cml>,8000}, then, tolerated if refused, {@code AT+VSD=128,0}
 * (nominal sensitivity, modem-side silence timeout off: the modem would otherwise end a
 * receive phase on its own; {@code CallSession.record} detects silence itself) and
 * {@code AT+VLS=0} (line on hook).</li>
 * <li><b>Events</b>: {@link #attach} installs a DLE listener that maps DLE codes sent in command
 * mode with {@link V253Urcs#dleEvent(int)}; the audio channel does the same inside voice data.
 * A busy tone ({@code DLE b}) or dial tone ({@code DLE d}) is how the end of a call shows on an
 * analog line; the call layer then hangs up.</li>
 * <li><b>Caller id</b>: the modem prints {@code DATE=}, {@code TIME=}, {@code NMBR=} and
 * {@code NAME=} on separate lines (usually in that order) between the first and second ring.
 * The dialect's URC parser assembles them: a {@link ModemEvent.CallerId} is published as soon
 * as both {@code NMBR} and {@code NAME} are known (in either order); when only one of them
 * came, it is published just before the next other line ({@code RING}, a new {@code DATE}, ...).
 * So a number without a name is reported with the second ring at the latest, which is also
 * when the call is handed to the handler; {@link #callerIdWait()} is therefore longer than the
 * usual gap between rings and only matters if the second ring never comes. {@code DATE},
 * {@code TIME} and {@code MESG} are not reported (they arrive as unrecognised lines).</li>
 * <li><b>Answer</b>: {@code AT+VLS=1} (off hook to the line; answers {@code VCON} or
 * {@code OK}).</li>
 * <li><b>Reject</b>: an analog line has no way to refuse a call; the modem goes off hook and
 * back on hook ({@code AT+VLS=1}, {@code ATH}), which stops the ringing; the caller is
 * connected for a moment and then hears the line drop.</li>
 * <li><b>Deflect</b>: not possible on an analog line; throws {@link UnsupportedOperationException}.</li>
 * <li><b>Hangup</b>: leaves an open voice phase of the call's audio channel, then {@code ATH};
 * a non-OK answer is tolerated (logged at DEBUG).</li>
 * <li><b>DTMF</b>: {@code AT+VTS=1,2,#} (V.253 comma-separated tone list).</li>
 * </ul>
 *
 * <p>One instance serves one modem.
 */
public final class V253Dialect implements Dialect {
    private static final Logger LOG = LoggerFactory.getLogger(V253Dialect.class);

    private final V253Model model;
    private final Duration answerTimeout;
    private final Duration phaseEndTimeout;
    private final CallerIdAssembler callerIds = new CallerIdAssembler();
    private volatile Consumer<ModemEvent> publish;
    private volatile V253AudioChannel audio;

    /**
     * With a 10 s answer timeout and 5 s for the modem to confirm the end of a voice phase.
     *
     * @param model the modem model, e.g. {@link V253Model#USR_5637}
     */
    public V253Dialect(V253Model model) {
        this(model, Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    /**
     * @param model           the modem model
     * @param answerTimeout   how long {@code AT+VLS=1} may take
     * @param phaseEndTimeout how long the modem may take to confirm the end of a voice phase
     *                        (after {@code DLE ETX} it first plays what it has buffered)
     */
    public V253Dialect(V253Model model, Duration answerTimeout, Duration phaseEndTimeout) {
        this.model = Objects.requireNonNull(model, "model");
        this.answerTimeout = positive("answerTimeout", answerTimeout);
        this.phaseEndTimeout = positive("phaseEndTimeout", phaseEndTimeout);
    }

    private static Duration positive(String field, Duration d) {
        return Durations.requirePositive(field, d);
    }

    /** @return the model this dialect drives */
    public V253Model model() {
        return model;
    }

    @Override
    public String name() {
        return "v253-" + model.name();
    }

    @Override
    public UrcParser urcParser() {
        return callerIds.or(V250Urcs.INSTANCE);
    }

    @Override
    public boolean needsAudioPort() {
        return false;
    }

    /** @return 7 s: longer than the pause between the first and second ring (see the class comment) */
    @Override
    public Duration callerIdWait() {
        return Duration.ofSeconds(7);
    }

    @Override
    public void attach(AtChannel at, Consumer<ModemEvent> publish) {
        this.publish = Objects.requireNonNull(publish, "publish");
        DleEventDecoder commandModeEvents = new DleEventDecoder();
        at.setDleListener(code -> commandModeEvents.accept(code).ifPresent(e -> {
            V253AudioChannel a = audio;
            if (a != null && e instanceof ModemEvent.CallEnded) {
                a.noteLineDropped(); // before the voice command that follows can fail on it
            }
            publish.accept(e);
        }));
    }

    @Override
    public void initialize(AtChannel at) {
        DialectSupport.synchronise(at, 5, Duration.ofSeconds(1));
        DialectSupport.required(at, List.of("ATE0", "ATV1", "AT+FCLASS=8"));
        AtResponse vcid = at.execute("AT+VCID=1");
        if (!vcid.isSuccess()) {
            LOG.warn("{}: AT+VCID=1 answered {}; calls will come without caller id", at.name(), vcid.finalLine());
        }
        at.executeOk(model.vsmCommand());
        DialectSupport.optional(at, List.of("AT+VSD=128,0", "AT+VLS=0"));
    }

    /**
     * {@code AT+FCLASS?} must answer {@code 8}: the modem answers, and it is still in voice mode
     * (ITU-T V.253 section 9.1: class 8 is voice; the read command returns the current class).
     * After a line surge or a power glitch the modem is back in data mode ({@code 0}). Some
     * firmware prints the class as {@code 8.0}; that counts too.
     */
    @Override
    public Optional<String> checkHealth(AtChannel at) {
        return DialectSupport.probe(at, "AT+FCLASS?", lines -> {
            for (String l : lines) {
                String v = l.strip();
                if (v.regionMatches(true, 0, "+FCLASS:", 0, 8)) {
                    v = v.substring(8).strip();
                }
                if (v.equals("8") || v.equals("8.0")) {
                    return Optional.empty();
                }
            }
            return Optional.of("it is no longer in voice mode (AT+FCLASS? answered " + String.join(" ", lines)
                    + "): its settings were lost");
        });
    }

    @Override
    public void answer(AtChannel at) {
        at.executeOk("AT+VLS=1", answerTimeout);
    }

    @Override
    public void reject(AtChannel at) {
        try {
            AtResponse r = at.execute("AT+VLS=1", answerTimeout);
            if (!r.isSuccess()) {
                LOG.debug("{}: going off hook to reject answered {}", at.name(), r.finalLine());
            }
        } catch (AtTimeoutException e) {
            LOG.debug("{}: going off hook to reject timed out", at.name());
        }
        hangup(at);
    }

    /**
     * Not possible on an analog line.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void deflect(AtChannel at, String number) {
        throw new UnsupportedOperationException("an analog line (V.253 modem) cannot deflect a call: call deflection"
                + " (AT+CTFR) is a mobile network service; answer and play a message, or reject instead");
    }

    @Override
    public void hangup(AtChannel at) {
        V253AudioChannel a = audio;
        if (a != null) {
            a.leavePhase();
        }
        DialectSupport.hangupWithAth(at, "ATH");
    }

    @Override
    public void sendDtmf(AtChannel at, String digits) {
        String checked = DialectSupport.checkDtmf(digits);
        StringBuilder cmd = new StringBuilder("AT+VTS=");
        for (int i = 0; i < checked.length(); i++) {
            if (i > 0) {
                cmd.append(',');
            }
            cmd.append(checked.charAt(i));
        }
        // each tone lasts +VTD (default 100 ms) plus a pause; allow generously
        at.executeOk(cmd.toString(), Duration.ofSeconds(5).plusMillis(500L * checked.length()));
    }

    @Override
    public AudioChannel openAudio(AtChannel at, Transport audioPort) {
        // not attached (a dialect used without a ModemLine): in-band events have no listener
        Consumer<ModemEvent> p = publish != null ? publish : e -> LOG.debug("{}: {} without a listener", at.name(), e);
        V253AudioChannel[] self = new V253AudioChannel[1];
        V253AudioChannel ch = new V253AudioChannel(at, model, p, answerTimeout, phaseEndTimeout, () -> {
            if (audio == self[0]) {
                audio = null;
            }
        });
        self[0] = ch;
        audio = ch;
        return ch;
    }

    /**
     * Assembles the caller-id lines into one event. Runs on the channel's reader thread only.
     */
    private final class CallerIdAssembler implements UrcParser {
        private String number;
        private String name;

        @Override
        public Optional<ModemEvent> parse(String line) {
            Optional<V253Urcs.CallerIdField> field = V253Urcs.parseCallerIdField(line);
            if (field.isEmpty()) {
                flush(); // RING and any other line: publish what came, before that line's own event
                return Optional.empty();
            }
            V253Urcs.CallerIdField f = field.get();
            switch (f.tag()) {
                case NMBR:
                    if (number != null) {
                        flush();
                    }
                    number = f.value();
                    break;
                case NAME:
                    if (name != null) {
                        flush();
                    }
                    name = f.value();
                    break;
                case DATE:
                    flush(); // a new caller-id message starts
                    return Optional.empty();
                default:
                    return Optional.empty();
            }
            if (number != null && name != null) {
                return Optional.of(take());
            }
            return Optional.empty();
        }

        private ModemEvent.CallerId take() {
            ModemEvent.CallerId id = V253Urcs.callerId(number, name);
            number = null;
            name = null;
            return id;
        }

        private void flush() {
            if (number == null && name == null) {
                return;
            }
            ModemEvent.CallerId id = take();
            Consumer<ModemEvent> p = publish;
            if (p != null) {
                p.accept(id);
            } else {
                LOG.debug("caller id dropped: dialect not attached to a channel");
            }
        }
    }

    @Override
    public String toString() {
        return "V253Dialect[" + model.name() + "]";
    }
}
