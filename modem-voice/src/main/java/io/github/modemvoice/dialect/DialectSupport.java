package io.github.modemvoice.dialect;

import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtCommandException;
import io.github.modemvoice.at.AtResponse;
import io.github.modemvoice.at.AtTimeoutException;
import io.github.modemvoice.internal.DtmfKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Helpers shared by dialects: synchronising with a modem and running command lists. */
public final class DialectSupport {
    private static final Logger LOG = LoggerFactory.getLogger(DialectSupport.class);

    private DialectSupport() {
    }

    /**
     * Sends {@code AT} until the modem answers {@code OK} (a modem may be noisy, mid-command or
     * still booting at start-up).
     *
     * @param at       the channel
     * @param attempts how many tries
     * @param each     the timeout of each
     * @throws ModemVoiceException when the modem never answers
     */
    public static void synchronise(AtChannel at, int attempts, Duration each) {
        RuntimeException last = null;
        for (int i = 0; i < attempts; i++) {
            try {
                AtResponse r = at.execute("AT", each);
                if (r.isSuccess()) {
                    return;
                }
                last = new AtCommandException(r);
            } catch (AtTimeoutException e) {
                last = e;
            }
        }
        throw new ModemVoiceException("modem on " + at.name() + " does not answer AT after " + attempts
                + " attempts; check the port, baud rate and that no other program uses it", last);
    }

    /**
     * Runs commands that must succeed.
     *
     * @param at       the channel
     * @param commands the commands in order
     */
    public static void required(AtChannel at, List<String> commands) {
        for (String c : commands) {
            at.executeOk(c);
        }
    }

    /**
     * Runs commands that only some firmware supports; a failure is logged at DEBUG and ignored.
     *
     * @param at       the channel
     * @param commands the commands in order
     */
    public static void optional(AtChannel at, List<String> commands) {
        for (String c : commands) {
            try {
                AtResponse r = at.execute(c);
                if (!r.isSuccess()) {
                    LOG.debug("{}: optional command {} not supported: {}", at.name(), c, r.finalLine());
                }
            } catch (AtTimeoutException e) {
                LOG.debug("{}: optional command {} timed out", at.name(), c);
            }
        }
    }

    /**
     * The watchdog's probe of an idle modem ({@link Dialect#checkHealth}): one query; an answer
     * other than {@code OK} is the problem, otherwise {@code judge} reads the response lines.
     *
     * @param at    the channel
     * @param query the command, e.g. {@code AT+CLIP?}
     * @param judge given the response lines: empty when they show a well modem, else what is wrong
     * @return empty when the modem is well, else what is wrong, for the log
     * @throws AtTimeoutException when the modem does not answer
     */
    public static Optional<String> probe(AtChannel at, String query,
                                         Function<List<String>, Optional<String>> judge) {
        AtResponse r = at.execute(query);
        if (!r.isSuccess()) {
            return Optional.of("it answered " + query + " with " + r.finalLine());
        }
        return judge.apply(r.lines());
    }

    /**
     * Hangs up with {@code ATH}, the command every dialect ends with (the GSM ones after
     * {@code AT+CHUP}): an answer other than {@code OK} is logged at DEBUG, since the call is
     * then usually gone already; no answer at all is an error.
     *
     * @param at    the channel
     * @param tried what was tried in all, for the error (e.g. {@code "AT+CHUP and ATH"})
     * @throws ModemVoiceException when {@code ATH} times out
     */
    public static void hangupWithAth(AtChannel at, String tried) {
        try {
            AtResponse r = at.execute("ATH");
            if (!r.isSuccess()) {
                LOG.debug("{}: ATH answered {} (the call is probably gone already)", at.name(), r.finalLine());
            }
        } catch (AtTimeoutException e) {
            throw new ModemVoiceException("modem on " + at.name() + " did not confirm the hangup (" + tried
                    + " timed out)", e);
        }
    }

    /**
     * Validates DTMF digits.
     *
     * @param digits the digits
     * @return the digits, upper-cased
     * @throws IllegalArgumentException naming the bad character
     */
    public static String checkDtmf(String digits) {
        return DtmfKeys.requireKeys("digits", digits);
    }

    /**
     * Validates a number for dialling or deflection: digits, optional leading {@code +}, and
     * {@code * #}.
     *
     * @param number the number
     * @return the number
     * @throws IllegalArgumentException when it has other characters (without echoing the number)
     */
    public static String checkNumber(String number) {
        if (number == null || !number.matches("\\+?[0-9*#]{1,32}")) {
            throw new IllegalArgumentException("number must be 1-32 digits with an optional leading + (got "
                    + (number == null ? "null" : number.length() + " characters") + ")");
        }
        return number;
    }
}
