package io.github.modemvoice.at;

/** Test-only door to {@link AtChannel}'s package-private reader entry, for tests in other packages (fuzzing). */
public final class AtChannelTestAccess {
    private AtChannelTestAccess() {
    }

    /**
     * Feeds bytes as if the reader thread had read them from the port.
     *
     * @param channel the channel
     * @param data    the bytes
     * @param offset  first byte
     * @param length  how many
     */
    public static void feed(AtChannel channel, byte[] data, int offset, int length) {
        channel.feed(data, offset, length);
    }
}
