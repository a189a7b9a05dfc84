package io.github.modemvoice.machine;

import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.dialect.ModemFamily;
import io.github.modemvoice.routing.BusinessHours;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One modem of an {@link AnsweringMachine}: its ports, its family (or detection), and what it
 * may hold of its own (a name for several lines, a message directory, a greeting, business
 * hours); what a line does not set it takes from the machine.
 */
public final class MachineLine {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");

    private final Optional<String> name;
    private final Path atPort;
    private final Optional<Path> audioPort;
    private final int baud;
    private final Optional<ModemFamily> family;
    private final Optional<Path> directory;
    private final Optional<Prompt> greeting;
    private final Optional<BusinessHours> businessHours;

    private MachineLine(Builder b) {
        name = b.name;
        atPort = b.atPort;
        audioPort = b.audioPort;
        baud = b.baud;
        family = b.family;
        directory = b.directory;
        greeting = b.greeting;
        businessHours = b.businessHours;
    }

    /**
     * @param atPort the AT command port ({@code /dev/serial/by-id/...} names are resolved again
     *               on every reopen)
     * @return a builder
     */
    public static Builder builder(Path atPort) {
        return new Builder(atPort);
    }

    /** @return the line's name (in every message it takes and in the status file); empty for a single modem */
    public Optional<String> name() {
        return name;
    }

    /** @return the AT port */
    public Path atPort() {
        return atPort;
    }

    /** @return the PCM audio port (GSM modules), if any */
    public Optional<Path> audioPort() {
        return audioPort;
    }

    /** @return the serial speed */
    public int baud() {
        return baud;
    }

    /** @return the modem family, empty to detect it on the first open */
    public Optional<ModemFamily> family() {
        return family;
    }

    /** @return the line's own message directory, if any */
    public Optional<Path> directory() {
        return directory;
    }

    /** @return the line's own greeting, if any */
    public Optional<Prompt> greeting() {
        return greeting;
    }

    /** @return the line's own business hours, if any */
    public Optional<BusinessHours> businessHours() {
        return businessHours;
    }

    @Override
    public String toString() {
        return "MachineLine[" + name.orElse("(unnamed)") + ", " + atPort + "]";
    }

    /** Builds a {@link MachineLine}. */
    public static final class Builder {
        private Optional<String> name = Optional.empty();
        private final Path atPort;
        private Optional<Path> audioPort = Optional.empty();
        private int baud = 115_200;
        private Optional<ModemFamily> family = Optional.empty();
        private Optional<Path> directory = Optional.empty();
        private Optional<Prompt> greeting = Optional.empty();
        private Optional<BusinessHours> businessHours = Optional.empty();

        private Builder(Path atPort) {
            this.atPort = Objects.requireNonNull(atPort, "atPort");
        }

        /**
         * @param n the line's name: letters, digits, {@code _ . -}, at most 32
         * @return this builder
         * @throws IllegalArgumentException naming the value otherwise
         */
        public Builder name(String n) {
            if (n == null || !NAME.matcher(n).matches()) {
                throw new IllegalArgumentException("line name: letters, digits, _ . - (at most 32) expected, was \""
                        + n + "\"");
            }
            name = Optional.of(n);
            return this;
        }

        /**
         * @param p the PCM audio port (GSM modules)
         * @return this builder
         */
        public Builder audioPort(Path p) {
            audioPort = Optional.ofNullable(p);
            return this;
        }

        /**
         * @param b the serial speed (default 115200)
         * @return this builder
         */
        public Builder baud(int b) {
            if (b < 1) {
                throw new IllegalArgumentException("baud must be at least 1, was " + b);
            }
            baud = b;
            return this;
        }

        /**
         * @param f the modem family; empty (the default) detects it on the first open
         * @return this builder
         */
        public Builder family(Optional<ModemFamily> f) {
            family = Objects.requireNonNull(f, "family");
            return this;
        }

        /**
         * @param d the line's own message directory (lines with the same one share a mailbox)
         * @return this builder
         */
        public Builder directory(Path d) {
            directory = Optional.ofNullable(d);
            return this;
        }

        /**
         * @param g the line's own greeting
         * @return this builder
         */
        public Builder greeting(Prompt g) {
            greeting = Optional.ofNullable(g);
            return this;
        }

        /**
         * @param h the line's own business hours
         * @return this builder
         */
        public Builder businessHours(BusinessHours h) {
            businessHours = Optional.ofNullable(h);
            return this;
        }

        /** @return the line */
        public MachineLine build() {
            return new MachineLine(this);
        }
    }
}
