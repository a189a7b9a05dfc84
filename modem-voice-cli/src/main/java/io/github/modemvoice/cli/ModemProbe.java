package io.github.modemvoice.cli;

import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtResponse;
import io.github.modemvoice.at.AtTimeoutException;
import io.github.modemvoice.dialect.DialectSupport;
import io.github.modemvoice.dialect.ModemFamily;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code probe} asks a port: {@code AT} until it answers, the identification the family
 * registry uses ({@link ModemFamily#identification(AtChannel)}), the model and the firmware, and
 * whether the family's audio commands are there. Only queries and test commands ({@code =?},
 * which report what a command accepts; ITU-T V.250 5.3): nothing it sends changes a setting.
 */
final class ModemProbe {
    private static final Pattern PREFIX = Pattern.compile("^(\\+C?GM[MR]:|Model:|Revision:)\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern RANGE = Pattern.compile("(\\d+)-(\\d+)");

    private ModemProbe() {
    }

    /**
     * What a modem said.
     *
     * @param identification the answers to the registry's identification commands
     * @param family         its family, when the registry recognises it
     * @param model          its model (AT+CGMM, or an analog modem's ATI3)
     * @param firmware       its firmware revision (AT+CGMR or ATI3), or empty
     * @param voiceCommand   the audio command asked, e.g. {@code AT+CPCMREG=?}; empty for an unknown family
     * @param voiceReply     its answer as one line
     * @param voice          whether that answer says the modem can do voice
     */
    record Answer(String identification, Optional<ModemFamily> family, String model, String firmware,
                  String voiceCommand, String voiceReply, boolean voice) {
    }

    /**
     * @param at a channel on the port (started)
     * @return what the modem said
     * @throws io.github.modemvoice.ModemVoiceException when it does not answer {@code AT}
     */
    static Answer ask(AtChannel at) {
        DialectSupport.synchronise(at, 3, Duration.ofSeconds(1));
        String id = ModemFamily.identification(at);
        Optional<ModemFamily> family = ModemFamily.identify(id);
        Optional<String> cgmm = firstLine(at, "AT+CGMM");
        Optional<String> cgmr = firstLine(at, "AT+CGMR");
        Optional<String> ati3 = cgmr.isPresent() ? Optional.empty() : firstLine(at, "ATI3");
        String model = cgmm.or(() -> ati3).orElse(id.lines().findFirst().orElse("?"));
        String firmware = cgmr.or(() -> ati3.filter(f -> !f.equals(model))).orElse("");
        if (family.isEmpty()) {
            return new Answer(id, family, model, firmware, "", "", false);
        }
        String command = voiceCommand(family.get());
        String reply;
        boolean voice;
        try {
            AtResponse r = at.execute(command);
            reply = (String.join(" ", r.lines()) + " " + r.finalLine()).strip();
            voice = r.isSuccess() && (family.get() != ModemFamily.V253 || listsVoiceClass(r.lines()));
        } catch (AtTimeoutException e) {
            reply = "no answer";
            voice = false;
        }
        return new Answer(id, family, model, firmware, command, reply, voice);
    }

    /**
     * The family's audio command, as a test command.
     * SIMCom: {@code AT+CPCMREG} switches PCM over USB (SIMCom SIM7500/SIM7600 series AT command
     * manual, "AT+CPCMREG"); Quectel: {@code AT+QPCMV} voice over USB (Quectel EC2x voice over USB
     * application note); V.253: class 8 is voice mode (ITU-T V.253 9.1, {@code +FCLASS=8}), and
     * {@code +FCLASS=?} lists the classes a modem supports (V.250 5.3: a test command lists the
     * values the command accepts).
     */
    static String voiceCommand(ModemFamily family) {
        return switch (family) {
            case SIMCOM -> "AT+CPCMREG=?";
            case QUECTEL -> "AT+QPCMV=?";
            case V253 -> "AT+FCLASS=?";
        };
    }

    /** @return whether an {@code AT+FCLASS=?} answer ("0,1,2,8", "(0-2,8)") includes class 8 */
    static boolean listsVoiceClass(List<String> lines) {
        for (String line : lines) {
            for (String item : line.replace('(', ',').replace(')', ',').split("[,\\s]+")) {
                if (item.equals("8") || item.equals("8.0")) {
                    return true;
                }
                Matcher m = RANGE.matcher(item);
                if (m.matches() && Integer.parseInt(m.group(1)) <= 8 && 8 <= Integer.parseInt(m.group(2))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<String> firstLine(AtChannel at, String command) {
        try {
            AtResponse r = at.execute(command);
            if (!r.isSuccess()) {
                return Optional.empty();
            }
            return r.lines().stream().map(l -> PREFIX.matcher(l.strip()).replaceFirst("")).filter(l -> !l.isEmpty()).findFirst();
        } catch (AtTimeoutException e) {
            return Optional.empty();
        }
    }

    /** @return a family's name as people write it */
    static String displayName(ModemFamily family) {
        return switch (family) {
            case SIMCOM -> "SIMCom";
            case QUECTEL -> "Quectel";
            case V253 -> "V.253 analog voice modem";
        } + " (" + family.cliName().toLowerCase(Locale.ROOT) + ")";
    }
}
