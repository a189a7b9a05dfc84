package io.github.modemvoice.testing;

import io.github.modemvoice.dialect.ModemEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Collects events for assertions; waits are bounded and fail loudly. */
public final class EventRecorder implements Consumer<ModemEvent> {
    private final LinkedBlockingQueue<ModemEvent> queue = new LinkedBlockingQueue<>();
    private final List<ModemEvent> all = new ArrayList<>();

    @Override
    public void accept(ModemEvent e) {
        synchronized (all) {
            all.add(e);
        }
        queue.add(e);
    }

    public ModemEvent next() {
        return next(Duration.ofSeconds(5));
    }

    public ModemEvent next(Duration timeout) {
        try {
            ModemEvent e = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new AssertionError("no event within " + timeout.toMillis() + " ms; seen so far: " + all());
            }
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    public <T extends ModemEvent> T next(Class<T> type) {
        ModemEvent e = next();
        if (!type.isInstance(e)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + e + "; seen: " + all());
        }
        return type.cast(e);
    }

    public List<ModemEvent> all() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }
}
