package io.github.modemvoice.cli;

import io.github.modemvoice.machine.AnsweringMachine;

import io.github.modemvoice.audio.CallProgressTone;
import io.github.modemvoice.routing.OpenHoursAction;
import io.github.modemvoice.voicemail.CallerPrivacy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What {@code answer} does with a call during open hours, and what it keeps of the caller's number. */
final class FlowOptions {
    /** A number {@code AT+CTFR} takes (3GPP TS 27.007 7.14): digits, an optional leading +, * and #. */
    private static final Pattern DIAL_NUMBER = Pattern.compile("\\+?[0-9*#]{2,32}");

    @Option(names = "--open-hours", paramLabel = "ACTION", converter = OpenHoursConverter.class,
            description = "During the open hours of --business-hours: ring (leave the call to the office phones), "
                    + "deflect (to --deflect-to) or reject (default: ring).")
    OpenHoursAction openHours = OpenHoursAction.RING;

    @Option(names = "--deflect-to", paramLabel = "NUMBER", converter = DialNumberConverter.class,
            description = "Where --open-hours deflect sends calls, e.g. +4930123456 (AT+CTFR: GSM modems).")
    String deflectTo;

    @Option(names = "--caller-privacy", paramLabel = "POLICY", converter = PrivacyConverter.class,
            description = "What the metadata keeps of the caller's number: full, redacted (+***4567) or hmac "
                    + "(a keyed hash, with --caller-hmac-key-file) (default: full).")
    CallerPrivacy.Policy callerPrivacy = CallerPrivacy.Policy.FULL;

    @Option(names = "--caller-hmac-key-file", paramLabel = "FILE",
            description = "The key of --caller-privacy hmac, at least 16 bytes (mode 0600). "
                    + "Or set the environment variable MODEMVOICE_CALLER_HMAC_KEY.")
    Path callerHmacKeyFile;

    @Option(names = "--line-tones", paramLabel = "PLANS", converter = LineTonesConverter.class,
            description = "Exchange tones that end a message as the caller's hang-up, cut off the message (analog "
                    + "lines often never signal the hang-up): all, off, or a comma-separated list of north-america, "
                    + "cept, uk, itu (the special information tone) (default: all).")
    Set<CallProgressTone.Plan> lineTones = EnumSet.allOf(CallProgressTone.Plan.class);

    /**
     * Checks the combination and reads the key.
     *
     * @param businessHours whether {@code --business-hours} is given
     * @param env           the environment
     * @param warnings      stderr
     * @return the privacy policy to apply
     * @throws IllegalArgumentException for options that do not fit together
     * @throws ConfigException          for an HMAC key that is missing, unreadable or too short
     */
    CallerPrivacy privacy(boolean businessHours, Map<String, String> env, PrintStream warnings) {
        if (openHours == OpenHoursAction.DEFLECT && deflectTo == null) {
            throw new IllegalArgumentException("--open-hours deflect needs --deflect-to NUMBER");
        }
        if (deflectTo != null && openHours != OpenHoursAction.DEFLECT) {
            throw new IllegalArgumentException("--deflect-to is used only with --open-hours deflect (it is "
                    + name(openHours) + ")");
        }
        if (openHours != OpenHoursAction.RING && !businessHours) {
            throw new IllegalArgumentException("--open-hours " + name(openHours)
                    + " needs --business-hours FILE (without it every call goes to voicemail)");
        }
        Optional<String> key = SecretSource.CALLER_HMAC_KEY.resolve(callerHmacKeyFile, env, warnings);
        switch (callerPrivacy) {
            case FULL:
            case REDACTED:
                if (callerHmacKeyFile != null) {
                    throw new IllegalArgumentException("--caller-hmac-key-file is used only with --caller-privacy hmac");
                }
                return callerPrivacy == CallerPrivacy.Policy.FULL ? CallerPrivacy.full() : CallerPrivacy.redacted();
            default:
                byte[] bytes = key.orElseThrow(() -> new IllegalArgumentException("--caller-privacy hmac needs a key: "
                        + "--caller-hmac-key-file FILE or the environment variable " + SecretSource.CALLER_HMAC_KEY.envVariable()))
                        .getBytes(StandardCharsets.UTF_8);
                if (bytes.length < 16) {
                    throw new ConfigException(SecretSource.CALLER_HMAC_KEY.option() + ": the key must be at least 16 bytes, was "
                            + bytes.length + " (make one with: head -c 32 /dev/urandom | base64)");
                }
                return CallerPrivacy.hmac(bytes);
        }
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Parses a lower-case enum name, listing the names on a mistake. */
    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (name(e).equals(value.strip().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new TypeConversionException("'" + value + "' is not one of "
                + String.join(", ", Arrays.stream(type.getEnumConstants()).map(FlowOptions::name).toList()));
    }

    static final class OpenHoursConverter implements ITypeConverter<OpenHoursAction> {
        @Override
        public OpenHoursAction convert(String value) {
            return parse(OpenHoursAction.class, value);
        }
    }

    static final class PrivacyConverter implements ITypeConverter<CallerPrivacy.Policy> {
        @Override
        public CallerPrivacy.Policy convert(String value) {
            return parse(CallerPrivacy.Policy.class, value);
        }
    }

    static final class LineTonesConverter implements ITypeConverter<Set<CallProgressTone.Plan>> {
        @Override
        public Set<CallProgressTone.Plan> convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.equals("all")) {
                return EnumSet.allOf(CallProgressTone.Plan.class);
            }
            if (v.equals("off")) {
                return EnumSet.noneOf(CallProgressTone.Plan.class);
            }
            Set<CallProgressTone.Plan> plans = EnumSet.noneOf(CallProgressTone.Plan.class);
            for (String name : v.split(",", -1)) {
                String n = name.trim();
                plans.add(switch (n) {
                    case "north-america" -> CallProgressTone.Plan.NORTH_AMERICA;
                    case "cept" -> CallProgressTone.Plan.CEPT;
                    case "uk" -> CallProgressTone.Plan.UNITED_KINGDOM;
                    case "itu" -> CallProgressTone.Plan.ITU;
                    default -> throw new TypeConversionException("'" + n + "' is not a tone plan: all, off, or a"
                            + " comma-separated list of north-america, cept, uk, itu");
                });
            }
            return plans;
        }
    }

    static final class DialNumberConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.replaceAll("[ ()./-]", "");
            if (!DIAL_NUMBER.matcher(v).matches()) {
                throw new TypeConversionException("'" + value + "' is not a phone number (digits, a leading +, * and #)");
            }
            return v;
        }
    }

    /**
     * Checks the combination, reads the HMAC key and sets what the call handler does during open
     * hours, what the metadata keeps of the caller, and which exchange tones end a message.
     *
     * @param b             the machine's builder
     * @param businessHours whether business hours are given
     * @param env           the environment
     * @param warnings      stderr
     */
    void configure(AnsweringMachine.Builder b, boolean businessHours, Map<String, String> env, PrintStream warnings) {
        CallerPrivacy privacy = privacy(businessHours, env, warnings);
        OpenHoursAction action = openHours;
        String deflect = deflectTo;
        Set<CallProgressTone.Plan> tones = lineTones;
        b.voicemail(v -> v.callerPrivacy(privacy))
                .calls(c -> c.openHours(action).deflectTo(deflect))
                .modem(m -> m.callProgressTones(tones));
    }
}
