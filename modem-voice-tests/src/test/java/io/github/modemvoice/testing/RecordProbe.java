package io.github.modemvoice.testing;

import io.github.modemvoice.call.RecordListener;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Lets a test wait for "recording started" and for an amount of audio recorded (bounded waits). */
public final class RecordProbe implements RecordListener {
    private static final Duration T = Duration.ofSeconds(5);
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Duration recorded = Duration.ZERO;

    @Override
    public void started() {
        started.countDown();
    }

    @Override
    public void progress(Duration d) {
        recorded = d;
    }

    public void awaitStarted() throws InterruptedException {
        assertThat(started.await(T.toSeconds(), TimeUnit.SECONDS)).as("recording started").isTrue();
    }

    public void awaitRecorded(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (recorded.compareTo(d) < 0) {
            assertThat(System.nanoTime()).as("recorded " + d).isLessThan(deadline);
            Thread.sleep(2); // polls a condition with a deadline; not a timing guess
        }
    }
}
