package io.github.modemvoice.dialect;

import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtResponse;
import io.github.modemvoice.at.AtTimeoutException;
import io.github.modemvoice.dialect.quectel.QuectelDialect;
import io.github.modemvoice.dialect.simcom.SimcomDialect;
import io.github.modemvoice.dialect.v253.V253Dialect;
import io.github.modemvoice.dialect.v253.V253Model;
import io.github.modemvoice.transport.Transport;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The registry of the modem families this library speaks: the one place that lists them. The
 * dialect factory, auto-detection from a modem's identification, the CLI's names and (through
 * {@link ModemModel}) the simulator's personas all come from here, so adding a family adds one
 * constant here (and its models to {@link ModemModel}).
 */
public enum ModemFamily {
    /** SIMCom SIM7600 / SIM800 class: AT port plus PCM port. */
    SIMCOM("simcom", List.of(), id -> new SimcomDialect(),
            // ATI / AT+CGMM answers: "SIMCOM INCORPORATED", "SIMCOM_SIM7600E-H", "SIM800 R14.18"
            s -> s.contains("SIMCOM") || matches(s, "\\bSIM(7[0-9]{3}|800|808|868|900)\\w*")),
    /** Quectel EC2x / EG2x class: PCM over a USB serial port. */
    QUECTEL("quectel", List.of(), id -> new QuectelDialect(),
            // ATI answers "Quectel", "EC25", "Revision: EC25EFAR06A06M4G"
            s -> s.contains("QUECTEL") || matches(s, "\\bE[CG](2[0-9]|9[0-9])\\w*")),
    /**
     * ITU-T V.253 analog voice modems; the model (sample format, DLE quirks) comes from the
     * identification, and an unrecognised analog modem gets the Conexant CX93001 variant, the
     * chipset of most USB voice modems.
     */
    V253("v253", List.of("v.253"),
            id -> new V253Dialect(V253Model.fromIdentification(id, id).orElse(V253Model.CONEXANT_CX93001)),
            s -> s.contains("U.S. ROBOTICS") || s.contains("USROBOTICS") || s.contains("5637")
                    || s.contains("CONEXANT") || s.contains("CX930") || s.contains("CX9500") || s.contains("AGERE")
                    || s.contains("V.92") || s.contains("V92") || s.contains("VOICE MODEM"));

    private final String cliName;
    private final List<String> aliases;
    private final Function<String, Dialect> factory;
    private final Predicate<String> recogniser;

    ModemFamily(String cliName, List<String> aliases, Function<String, Dialect> factory, Predicate<String> recogniser) {
        this.cliName = cliName;
        this.aliases = aliases;
        this.factory = factory;
        this.recogniser = recogniser;
    }

    private static boolean matches(String s, String regex) {
        return Pattern.compile(regex).matcher(s).find();
    }

    /** @return the name users type ({@code --dialect simcom}) */
    public String cliName() {
        return cliName;
    }

    /**
     * Makes the family's dialect.
     *
     * @param identification what the modem said about itself ({@code ATI}, {@code ATI3}), or empty
     * @return a new dialect instance
     */
    public Dialect dialect(String identification) {
        return factory.apply(identification == null ? "" : identification);
    }

    /** @return the models of this family the simulator can play, the first being the default */
    public List<ModemModel> models() {
        return Arrays.stream(ModemModel.values()).filter(m -> m.family() == this).collect(Collectors.toList());
    }

    /** @return the model the simulator plays for this family by default */
    public ModemModel defaultModel() {
        return models().get(0);
    }

    /**
     * @return the names accepted by {@link #byName}, e.g. {@code simcom, quectel, v253}
     */
    public static String names() {
        return Arrays.stream(values()).map(ModemFamily::cliName).collect(Collectors.joining(", "));
    }

    /**
     * @param name a family's name or alias (case-insensitive), e.g. {@code simcom}
     * @return the family
     * @throws IllegalArgumentException naming the allowed values
     */
    public static ModemFamily byName(String name) {
        if (name != null) {
            String n = name.toLowerCase(Locale.ROOT);
            for (ModemFamily f : values()) {
                if (f.cliName.equals(n) || f.aliases.contains(n)) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("dialect must be one of " + names() + " (or auto), was " + name);
    }

    /**
     * Recognises a family from identification text (the answers to {@code ATI}, {@code AT+CGMM},
     * {@code ATI3}, concatenated). Pure function.
     *
     * @param identification the modem's answers
     * @return the family, when recognised
     */
    public static Optional<ModemFamily> identify(String identification) {
        String s = identification.toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.recogniser.test(s)).findFirst();
    }

    /**
     * Asks a modem who it is and recognises its family. Closes the transport afterwards (open a
     * fresh one for the {@code Modem}).
     *
     * @param transport the AT port
     * @return the family and the identification text
     * @throws ModemVoiceException when the modem does not answer or is not recognised (the
     *                             message includes what it said)
     */
    public static Identified detect(Transport transport) {
        String id = identification(transport);
        return identify(id).map(f -> new Identified(f, id)).orElseThrow(() -> new ModemVoiceException(
                "cannot tell the modem's dialect from its identification \"" + id.replace('\n', ' ')
                        + "\"; pass --dialect " + names().replace(", ", "|")));
    }

    /**
     * Asks a modem who it is ({@code ATI}, {@code AT+CGMM}, {@code ATI3}, {@code ATI0}; the ones it
     * refuses are skipped) and closes the transport afterwards.
     *
     * @param transport the AT port
     * @return the answers, one line each
     * @throws ModemVoiceException when the modem does not answer at all
     */
    public static String identification(Transport transport) {
        try (AtChannel at = AtChannel.builder(transport).defaultTimeout(Duration.ofSeconds(2)).start()) {
            DialectSupport.synchronise(at, 5, Duration.ofSeconds(1));
            return identification(at);
        }
    }

    /**
     * Asks a modem that answers {@code AT} who it is, on a channel the caller keeps: {@code ATI},
     * {@code AT+CGMM}, {@code ATI3}, {@code ATI0} (queries only: no setting changes; the ones it
     * refuses or ignores are skipped).
     *
     * @param at the channel, already in step with the modem
     * @return the answers, one line each (empty when it answered none)
     */
    public static String identification(AtChannel at) {
        StringBuilder text = new StringBuilder();
        for (String c : new String[] {"ATI", "AT+CGMM", "ATI3", "ATI0"}) {
            try {
                AtResponse r = at.execute(c);
                if (r.isSuccess()) {
                    text.append(String.join("\n", r.lines())).append('\n');
                }
            } catch (AtTimeoutException e) {
                // some modems ignore some of these; the others may be enough
            }
        }
        return text.toString().strip();
    }

    /**
     * What a person needs of an {@link #identification}: manufacturer, model and firmware once
     * each. The answers of {@code ATI}, {@code AT+CGMM} and {@code ATI3} repeat one another
     * (a SIMCom module's {@code ATI} already holds {@code Model: ...} and {@code Revision: ...}:
     * SIM7500_SIM7600 Series AT Command Manual, "ATI"; a Quectel EC25's {@code ATI} is
     * {@code Quectel}, {@code EC25}, {@code Revision: ...}: EC25&amp;EC21 AT Commands Manual, "ATI";
     * docs/MODEM-FACTS.md);
     * the labels are dropped, repeats are left out, and device identifiers ({@code IMEI},
     * {@code +GCAP}) are not shown.
     *
     * @param identification what the modem said, as {@link #identification} gathered it
     * @return e.g. {@code SIMCOM INCORPORATED / SIMCOM_SIM7600E-H / LE20B04SIM7600M22}; empty when nothing was said
     */
    public static String summary(String identification) {
        LinkedHashMap<String, String> seen = new LinkedHashMap<>();
        // lines as the modem sent them, or already joined with " / " (a status file of an earlier version)
        for (String raw : identification.split("\\R| / ")) {
            String line = raw.strip();
            String upper = line.toUpperCase(Locale.ROOT);
            if (line.isEmpty() || upper.startsWith("IMEI") || upper.startsWith("+GCAP") || upper.equals("OK")) {
                continue;
            }
            for (String label : new String[] {"MANUFACTURER:", "MODEL:", "REVISION:"}) {
                if (upper.startsWith(label)) {
                    line = line.substring(label.length()).strip();
                    break;
                }
            }
            if (!line.isEmpty()) {
                seen.putIfAbsent(line.toUpperCase(Locale.ROOT), line);
            }
        }
        return String.join(" / ", seen.values());
    }

    /**
     * A detected modem.
     *
     * @param family         its family
     * @param identification what it said about itself
     */
    public record Identified(ModemFamily family, String identification) {
        /** @return the family's dialect for this modem */
        public Dialect dialect() {
            return family.dialect(identification);
        }
    }
}
