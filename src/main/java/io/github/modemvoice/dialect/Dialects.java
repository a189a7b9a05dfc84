package io.github.modemvoice.dialect;

import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtResponse;
import io.github.modemvoice.at.AtTimeoutException;
import io.github.modemvoice.transport.Transport;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Finding the dialect for a modem: by name ({@code simcom}, {@code quectel}, {@code v253}) or by
 * asking the modem who it is ({@code ATI}, {@code AT+CGMM}, {@code ATI3}).
 */
public final class Dialects {

    /** The modem families this library speaks. */
    public enum Family {
        /** SIMCom SIM7600 / SIM800 class. */
        SIMCOM,
        /** Quectel EC2x class. */
        QUECTEL,
        /** ITU-T V.253 analog voice modems. */
        V253
    }

    private Dialects() {
    }

    /**
     * @param name {@code simcom}, {@code quectel} or {@code v253} (case-insensitive)
     * @return the family
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Family family(String name) {
        if (name != null) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "simcom":
                    return Family.SIMCOM;
                case "quectel":
                    return Family.QUECTEL;
                case "v253":
                case "v.253":
                    return Family.V253;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("dialect must be one of simcom, quectel, v253 (or auto), was " + name);
    }

    /**
     * Makes the dialect for a family. For V.253 the model comes from the identification text
     * ({@link io.github.modemvoice.dialect.v253.V253Model#fromIdentification}); an unrecognised
     * analog modem gets the Conexant CX93001 variant, the chipset of most USB voice modems.
     *
     * @param family         the family
     * @param identification what the modem said about itself ({@code ATI}, {@code ATI3}), or empty
     * @return a new dialect instance
     */
    public static Dialect create(Family family, String identification) {
        switch (family) {
            case SIMCOM:
                return new SimcomDialect();
            case QUECTEL:
                return new QuectelDialect();
            default:
                return new io.github.modemvoice.dialect.v253.V253Dialect(
                        io.github.modemvoice.dialect.v253.V253Model.fromIdentification(identification, identification)
                                .orElse(io.github.modemvoice.dialect.v253.V253Model.CONEXANT_CX93001));
        }
    }

    /**
     * Recognises a family from identification text (the answers to {@code ATI}, {@code AT+CGMM},
     * {@code ATI3}, concatenated). Pure function.
     *
     * @param identification the modem's answers
     * @return the family, when recognised
     */
    public static Optional<Family> identify(String identification) {
        String s = identification.toUpperCase(Locale.ROOT);
        if (s.contains("SIMCOM") || s.matches("(?s).*\\bSIM(7[0-9]{3}|800|808|868|900)\\w*.*")) {
            return Optional.of(Family.SIMCOM);
        }
        if (s.contains("QUECTEL") || s.matches("(?s).*\\bE[CG](2[0-9]|9[0-9])\\w*.*")) {
            return Optional.of(Family.QUECTEL);
        }
        if (s.contains("U.S. ROBOTICS") || s.contains("USROBOTICS") || s.contains("5637") || s.contains("CONEXANT")
                || s.contains("CX930") || s.contains("CX9500") || s.contains("AGERE") || s.contains("V.92")
                || s.contains("V92") || s.contains("VOICE MODEM")) {
            return Optional.of(Family.V253);
        }
        return Optional.empty();
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
                        + "\"; pass --dialect simcom|quectel|v253"));
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
    }

    /**
     * A detected modem.
     *
     * @param family         its family
     * @param identification what it said about itself
     */
    public record Identified(Family family, String identification) {
    }
}
