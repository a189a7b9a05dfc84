package io.github.modemvoice.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Host PCM as it arrives, with the arrival time of the last piece. */
final class HostAudioLog {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long lastNanos;

    synchronized void append(byte[] b, int off, int len, long nanos) {
        bytes.write(b, off, len);
        lastNanos = nanos;
    }

    synchronized void clear() {
        bytes.reset();
    }

    synchronized long count() {
        return bytes.size();
    }

    synchronized long lastNanos() {
        return lastNanos;
    }

    synchronized byte[] since(long from) {
        byte[] all = bytes.toByteArray();
        return Arrays.copyOfRange(all, (int) Math.min(from, all.length), all.length);
    }
}

