package io.github.modemvoice.dialect;

import io.github.modemvoice.dialect.v253.V253Model;

import java.util.Objects;
import java.util.Optional;

/**
 * Concrete modem models of each {@link ModemFamily}, as they identify themselves: what
 * auto-detection is tested against and which persona the simulator plays
 * ({@code io.github.modemvoice.testing.SimulatedModem}). The first model of a family is its
 * default persona.
 */
public enum ModemModel {
    /** SIMCom SIM7600E-H ({@code ATI} answers as a SIM7600 does). */
    SIMCOM_SIM7600(ModemFamily.SIMCOM, "SIMCOM INCORPORATED", "SIMCOM_SIM7600E-H", "LE20B04SIM7600M22", null),
    /** Quectel EC25. */
    QUECTEL_EC25(ModemFamily.QUECTEL, "Quectel", "EC25", "EC25EFAR06A06M4G", null),
    /** USRobotics 5637 USB fax modem (V.253, 8-bit linear samples). */
    USR_5637(ModemFamily.V253, "U.S. Robotics", "5601", "U.S. Robotics 56K FAX USB V1.2.23", V253Model.USR_5637),
    /** A Conexant CX93001 based USB voice modem (V.253, 8-bit unsigned PCM). */
    CONEXANT_CX93001(ModemFamily.V253, "Conexant", "56000", "CX93001-EIS_V0.2002-V92", V253Model.CONEXANT_CX93001);

    private final ModemFamily family;
    private final String manufacturer;
    private final String model;
    private final String revision;
    private final V253Model v253Model;

    ModemModel(ModemFamily family, String manufacturer, String model, String revision, V253Model v253Model) {
        this.family = Objects.requireNonNull(family);
        this.manufacturer = manufacturer;
        this.model = model;
        this.revision = revision;
        this.v253Model = v253Model;
    }

    /** @return the family */
    public ModemFamily family() {
        return family;
    }

    /** @return the manufacturer line of {@code ATI} / {@code AT+CGMI} */
    public String manufacturer() {
        return manufacturer;
    }

    /** @return the model line of {@code AT+CGMM} */
    public String model() {
        return model;
    }

    /** @return the revision line ({@code ATI3}, {@code AT+CGMR}) */
    public String revision() {
        return revision;
    }

    /** @return the V.253 model table entry, for analog models */
    public Optional<V253Model> v253Model() {
        return Optional.ofNullable(v253Model);
    }

    /** @return true when the model carries PCM audio on a port of its own (the GSM modules) */
    public boolean needsAudioPort() {
        return v253Model == null;
    }

    /** @return the identification text such a modem gives ({@code ATI}, {@code AT+CGMM}, {@code ATI3}) */
    public String identification() {
        return manufacturer + "\n" + model + "\n" + revision;
    }

    /** @return a dialect for this model */
    public Dialect dialect() {
        return v253Model != null ? new io.github.modemvoice.dialect.v253.V253Dialect(v253Model)
                : family.dialect(identification());
    }
}
