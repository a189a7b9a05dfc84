package io.github.modemvoice.transport;

import java.util.Objects;

/**
 * How to open a serial port: the device path and the line settings.
 *
 * <p>The path may be a real device ({@code /dev/ttyUSB2}, {@code /dev/ttyACM0}), a
 * pseudo-terminal ({@code /dev/pts/5}) or a symbolic link to one, such as the links made by
 * {@code socat pty,link=/tmp/modem}; links are resolved when the port is opened. The defaults
 * are 115200 baud, 8 data bits, no parity, 1 stop bit and no flow control.
 *
 * <pre>{@code
 * SerialConfig config = SerialConfig.builder("/dev/ttyUSB2")
 *         .baudRate(115200)
 *         .flowControl(FlowControl.RTS_CTS)
 *         .build();
 * }</pre>
 *
 * @param portPath    the device path, never blank
 * @param baudRate    bits per second, positive
 * @param dataBits    5 to 8
 * @param parity      the parity bit
 * @param stopBits    1 or 2
 * @param flowControl the flow control
 */
public record SerialConfig(
        String portPath, int baudRate, int dataBits, Parity parity, int stopBits, FlowControl flowControl) {

    /** The default baud rate, 115200. */
    public static final int DEFAULT_BAUD_RATE = 115_200;

    /** The parity bit of each character. */
    public enum Parity {
        /** No parity bit (the default). */
        NONE,
        /** Odd parity. */
        ODD,
        /** Even parity. */
        EVEN
    }

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException naming the field that is out of range
     */
    public SerialConfig {
        if (portPath == null || portPath.isBlank()) {
            throw new IllegalArgumentException("portPath must not be blank");
        }
        if (baudRate <= 0) {
            throw new IllegalArgumentException("baudRate must be positive, was " + baudRate);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("dataBits must be 5 to 8, was " + dataBits);
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stopBits must be 1 or 2, was " + stopBits);
        }
        Objects.requireNonNull(parity, "parity");
        Objects.requireNonNull(flowControl, "flowControl");
    }

    /**
     * @param portPath the device path
     * @return the default settings (115200 8N1, no flow control) for {@code portPath}
     */
    public static SerialConfig of(String portPath) {
        return builder(portPath).build();
    }

    /**
     * @param portPath the device path
     * @return a builder starting from the defaults
     */
    public static Builder builder(String portPath) {
        return new Builder(portPath);
    }

    /** @return a builder holding these settings, to derive a changed copy */
    public Builder toBuilder() {
        return new Builder(portPath).baudRate(baudRate).dataBits(dataBits).parity(parity)
                .stopBits(stopBits).flowControl(flowControl);
    }

    /** Builds a {@link SerialConfig}; the settings are validated by {@link #build()}. */
    public static final class Builder {
        private String portPath;
        private int baudRate = DEFAULT_BAUD_RATE;
        private int dataBits = 8;
        private Parity parity = Parity.NONE;
        private int stopBits = 1;
        private FlowControl flowControl = FlowControl.NONE;

        private Builder(String portPath) {
            this.portPath = portPath;
        }

        /**
         * @param portPath the device path
         * @return this builder
         */
        public Builder portPath(String portPath) {
            this.portPath = portPath;
            return this;
        }

        /**
         * @param baudRate bits per second (default 115200)
         * @return this builder
         */
        public Builder baudRate(int baudRate) {
            this.baudRate = baudRate;
            return this;
        }

        /**
         * @param dataBits 5 to 8 (default 8)
         * @return this builder
         */
        public Builder dataBits(int dataBits) {
            this.dataBits = dataBits;
            return this;
        }

        /**
         * @param parity the parity (default none)
         * @return this builder
         */
        public Builder parity(Parity parity) {
            this.parity = parity;
            return this;
        }

        /**
         * @param stopBits 1 or 2 (default 1)
         * @return this builder
         */
        public Builder stopBits(int stopBits) {
            this.stopBits = stopBits;
            return this;
        }

        /**
         * @param flowControl the flow control (default none)
         * @return this builder
         */
        public Builder flowControl(FlowControl flowControl) {
            this.flowControl = flowControl;
            return this;
        }

        /**
         * @return the validated settings
         * @throws IllegalArgumentException naming the field that is out of range
         */
        public SerialConfig build() {
            return new SerialConfig(portPath, baudRate, dataBits, parity, stopBits, flowControl);
        }
    }
}
