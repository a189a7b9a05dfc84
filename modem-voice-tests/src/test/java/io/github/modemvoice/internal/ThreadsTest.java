package io.github.modemvoice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThreadsTest {

    @Test
    void libraryThreadsAreNamedDaemons() throws InterruptedException {
        AtomicBoolean ran = new AtomicBoolean();
        Thread t = Threads.daemon("ttyUSB2-reader", () -> ran.set(true));
        assertThat(t.getName()).isEqualTo("modem-voice-ttyUSB2-reader");
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getState()).isEqualTo(Thread.State.NEW);

        Thread started = Threads.start("retention", () -> ran.set(true));
        started.join(10_000);
        assertThat(started.isAlive()).isFalse();
        assertThat(ran).isTrue();
        assertThat(started.getName()).isEqualTo("modem-voice-retention");
    }

    @Test
    void factoriesNameEveryThreadTheSameOrNumbered() {
        ThreadFactory one = Threads.named("x-timer");
        assertThat(one.newThread(() -> { }).getName()).isEqualTo("modem-voice-x-timer");
        assertThat(one.newThread(() -> { }).isDaemon()).isTrue();

        ThreadFactory pool = Threads.numbered("web");
        String a = pool.newThread(() -> { }).getName();
        String b = pool.newThread(() -> { }).getName();
        assertThat(a).matches("modem-voice-web-\\d+");
        assertThat(b).matches("modem-voice-web-\\d+").isNotEqualTo(a);
    }
}
