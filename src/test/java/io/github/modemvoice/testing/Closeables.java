package io.github.modemvoice.testing;

/** The end of a test: what it opened (or left unset) is closed, whatever fails on the way. */
public final class Closeables {
    private Closeables() {
    }

    /**
     * Closes each resource that is not null, in the order given. Every one is tried; the first
     * failure is thrown with the later ones added to it as suppressed.
     *
     * @param resources what to close; null entries (never opened) are skipped
     * @throws Exception the first failure to close
     */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        closeFrom(resources, 0);
    }

    private static void closeFrom(AutoCloseable[] resources, int i) throws Exception {
        if (i == resources.length) {
            return;
        }
        // try-with-resources closes the rest after this one and suppresses their failures into its own
        try (AutoCloseable rest = () -> closeFrom(resources, i + 1)) {
            if (resources[i] != null) {
                resources[i].close();
            }
        }
    }
}
