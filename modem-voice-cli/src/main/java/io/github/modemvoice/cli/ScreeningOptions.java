package io.github.modemvoice.cli;

import io.github.modemvoice.routing.AfterHoursCallHandler;
import io.github.modemvoice.routing.CallerScreen;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code answer}'s call screening: block and allow lists and the policy for callers without a
 * number (a picocli mixin; every option works in the configuration file too). See
 * {@link CallerScreen} for the list format and the number normalisation.
 */
final class ScreeningOptions {
    @Option(names = "--block-list", paramLabel = "FILE",
            description = "Numbers and prefixes (+4930*) never answered; one per line, # comments; re-read when it changes.")
    Path blockList;

    @Option(names = "--allow-list", paramLabel = "FILE",
            description = "Numbers and prefixes always let through, also when the block list matches them.")
    Path allowList;

    @Option(names = "--withheld", paramLabel = "ACTION",
            description = "Callers without a number (withheld, unavailable): answer, reject or ignore (left ringing) "
                    + "(default: ${DEFAULT-VALUE}).")
    String withheld = "answer";

    @Option(names = "--blocked-action", paramLabel = "ACTION",
            description = "Blocked callers: reject or ignore (left ringing) (default: ${DEFAULT-VALUE}).")
    String blockedAction = "reject";

    @Option(names = "--country-code", paramLabel = "CC",
            description = "Country code of national numbers (e.g. 49): 030 123456 then matches +4930123456 (default: none, "
                    + "national numbers are compared as written).")
    String countryCode;

    @Option(names = "--trunk-prefix", paramLabel = "DIGITS",
            description = "The national trunk prefix --country-code replaces (default: ${DEFAULT-VALUE}).")
    String trunkPrefix = "0";

    /** @return true when any screening was asked for */
    boolean enabled() {
        return blockList != null || allowList != null || !"answer".equalsIgnoreCase(withheld.strip());
    }

    /**
     * Reads the lists (before the modem is touched).
     *
     * @return the screen, or empty when none was asked for
     * @throws IllegalArgumentException naming the option for a bad value
     * @throws ConfigException          naming the file and line of a bad list entry, or a missing list
     */
    Optional<CallerScreen> build() {
        CallerScreen.Action w = action("--withheld", withheld);
        CallerScreen.Action b = action("--blocked-action", blockedAction);
        if (b == CallerScreen.Action.ANSWER) {
            throw new BadOptionException("--blocked-action", "--blocked-action must be reject or ignore, was " + blockedAction);
        }
        CallerScreen.Builder builder = CallerScreen.builder().withheld(w).blockedAction(b).trunkPrefix(trunkPrefix)
                .countryCode(countryCode);
        if (!enabled()) {
            return Optional.empty();
        }
        builder.blockList(blockList).allowList(allowList);
        try {
            return Optional.of(builder.build());
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            if (m.startsWith("countryCode") || m.startsWith("trunkPrefix")) {
                String option = m.startsWith("countryCode") ? "--country-code" : "--trunk-prefix";
                throw new BadOptionException(option, option + m.substring(m.indexOf(' ')), e);
            }
            throw new ConfigException(m, e); // a list file: file:line: what is wrong
        }
    }

    private static CallerScreen.Action action(String option, String value) {
        try {
            return CallerScreen.Action.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadOptionException(option, option + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param screen the screen, if any
     * @return what {@code AnsweringMachine} applies to the call handler's builder
     */
    static java.util.function.UnaryOperator<AfterHoursCallHandler.Builder> apply(Optional<CallerScreen> screen) {
        return b -> screen.map(b::screen).orElse(b);
    }
}
