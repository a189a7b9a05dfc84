package io.github.modemvoice.internal;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library's own threads: every one is a daemon (it never keeps an application's JVM alive)
 * and is named {@code modem-voice-<what>}, so that a thread dump, a profiler or a leak check can
 * tell them from the application's. Threads that run the application's code (call handlers)
 * come from {@code ModemConfig.threadFactory} instead.
 */
public final class Threads {
    /** What every library thread's name starts with. */
    public static final String PREFIX = "modem-voice-";

    private static final AtomicInteger NUMBER = new AtomicInteger();

    private Threads() {
    }

    /**
     * @param name what the thread does, e.g. {@code ttyUSB2-reader}
     * @param task its work
     * @return a daemon thread named {@code modem-voice-<name>}, not started
     */
    public static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(Objects.requireNonNull(task, "task"), PREFIX + Objects.requireNonNull(name, "name"));
        t.setDaemon(true);
        return t;
    }

    /**
     * @param name what the thread does
     * @param task its work
     * @return the {@linkplain #daemon daemon thread}, started
     */
    public static Thread start(String name, Runnable task) {
        Thread t = daemon(name, task);
        t.start();
        return t;
    }

    /**
     * @param name what the threads do; for an executor of one thread (a replacement after a task
     *             killed it gets the same name)
     * @return a factory of daemon threads named {@code modem-voice-<name>}
     */
    public static ThreadFactory named(String name) {
        Objects.requireNonNull(name, "name");
        return r -> daemon(name, r);
    }

    /**
     * @param name what the threads do; for pools and for objects made many times
     * @return a factory of daemon threads named {@code modem-voice-<name>-<n>}, n unique in the JVM
     */
    public static ThreadFactory numbered(String name) {
        Objects.requireNonNull(name, "name");
        return r -> daemon(name + "-" + NUMBER.incrementAndGet(), r);
    }
}
