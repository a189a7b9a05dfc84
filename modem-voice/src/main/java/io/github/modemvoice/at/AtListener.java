package io.github.modemvoice.at;

/**
 * Receives what an {@link AtChannel} does not hand to a command: unsolicited lines, and the loss
 * of the transport. Called in arrival order on the channel's dispatcher thread. What a line
 * means is the dialect's business, not the channel's.
 */
public interface AtListener {

    /**
     * @param line    an unsolicited line without its terminator, control characters removed
     * @param meaning what the channel's recogniser made of it, null when it did not recognise it
     */
    void unsolicited(String line, Object meaning);

    /**
     * The transport is gone; called once, after the last line.
     *
     * @param reason what was observed
     */
    default void transportLost(String reason) {
    }
}
