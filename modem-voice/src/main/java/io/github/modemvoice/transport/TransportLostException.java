package io.github.modemvoice.transport;

import io.github.modemvoice.ModemVoiceException;

/** The device behind a {@link Transport} is gone: end of file, I/O error, unplugged or closed. */
public class TransportLostException extends ModemVoiceException {
    private final String transportName;

    /**
     * @param transportName the transport's {@link Transport#name()}
     * @param reason        what was observed
     */
    public TransportLostException(String transportName, String reason) {
        super("transport " + transportName + " lost: " + reason);
        this.transportName = transportName;
    }

    /**
     * @param transportName the transport's {@link Transport#name()}
     * @param reason        what was observed
     * @param cause         the underlying I/O failure
     */
    public TransportLostException(String transportName, String reason, Throwable cause) {
        super("transport " + transportName + " lost: " + reason, cause);
        this.transportName = transportName;
    }

    /** @return the name of the lost transport */
    public String transportName() {
        return transportName;
    }
}
