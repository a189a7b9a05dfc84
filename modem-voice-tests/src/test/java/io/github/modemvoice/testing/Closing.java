package io.github.modemvoice.testing;

import java.util.Arrays;

/**
 * Closes what a test opened, in the order given, passing over what it never opened (null). Every
 * close is tried; the first failure is thrown afterwards with the later ones suppressed.
 */
public final class Closing {
    private Closing() {
    }

    /** @param resources what to close, in this order; null entries are passed over */
    public static void closeAll(AutoCloseable... resources) {
        closeAll(Arrays.asList(resources));
    }

    /** @param resources what to close, in this order; null entries are passed over */
    public static void closeAll(Iterable<? extends AutoCloseable> resources) {
        RuntimeException failure = null;
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                RuntimeException thrown = e instanceof RuntimeException re ? re : new IllegalStateException("could not close " + r, e);
                if (failure == null) {
                    failure = thrown;
                } else {
                    failure.addSuppressed(thrown);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
