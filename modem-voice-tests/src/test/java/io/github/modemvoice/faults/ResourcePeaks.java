package io.github.modemvoice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

/**
 * What a soak watches for leaks: the most live threads and open file descriptors seen over the
 * first window of its calls and over the last one. The last may not hold more than the first,
 * give or take a little slack for the JVM's own threads and files.
 */
final class ResourcePeaks {
    private final int calls;
    private final int window;
    /** The peaks so far: threads and file descriptors in the first and in the last window. */
    int firstThreads;
    int lastThreads;
    long firstFds;
    long lastFds;

    /**
     * @param calls  how many calls the soak makes
     * @param window how many calls make the first (and the last) window
     */
    ResourcePeaks(int calls, int window) {
        this.calls = calls;
        this.window = window;
    }

    /** Samples threads and file descriptors after call number {@code done} (counted from 1). */
    void sample(int done) {
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long fds = SoakTest.openFileDescriptors();
        if (done <= window) {
            firstThreads = Math.max(firstThreads, threads);
            firstFds = Math.max(firstFds, fds);
        }
        if (done > calls - window) {
            lastThreads = Math.max(lastThreads, threads);
            lastFds = Math.max(lastFds, fds);
        }
    }

    /** The last window held at most 3 threads and 5 file descriptors more than the first. */
    void assertNoLeak() {
        assertThat(lastThreads).as("threads: first window max %d", firstThreads).isLessThanOrEqualTo(firstThreads + 3);
        if (firstFds >= 0) {
            assertThat(lastFds).as("open fds: first window max %d", firstFds).isLessThanOrEqualTo(firstFds + 5);
        }
    }

    /** The heap after GC grew by at most a quarter of where it began, or 8 MiB. */
    static void assertHeapDidNotGrow(long before, long after, String what) {
        assertThat(after).as("heap after GC %s: %d", what, before)
                .isLessThanOrEqualTo(before + Math.max(8L << 20, before / 4));
    }
}
