package io.github.modemvoice.cli;

import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.web.WebMailbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The web mailbox on its own, over a message directory or a JDBC store (while {@code answer} runs
 * elsewhere, or not).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the web mailbox for a message directory or a JDBC store (default address "
                + WebOptions.DEFAULT_HTTP + ").")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storage = new StoreOptions();

    @Mixin
    WebOptions web = new WebOptions();

    @Override
    public Integer call() throws InterruptedException {
        Output out = new Output(System.out);
        web.validate(true);
        CountDownLatch stop = new CountDownLatch(1);
        try (MessageStore store = storage.openExisting()) {
            try {
                store.list(); // a wrong directory, URL, driver or password shows now, not on the first page
            } catch (RuntimeException e) {
                System.err.println("modem-voice: cannot read the messages: " + e.getMessage());
                return ExitStatus.STORAGE_UNUSABLE;
            }
            return serve(store, out, stop);
        }
    }

    private int serve(MessageStore store, Output out, CountDownLatch stop) throws InterruptedException {
        try (WebMailbox mailbox = web.startIfAsked(true, store, storage.dir, null, out)) {
            Thread hook = new Thread(() -> {
                mailbox.close();
                stop.countDown();
            }, "modem-voice-web-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.step("serving messages from " + storage.describe() + "; Ctrl-C stops");
            stop.await();
        }
        return ExitStatus.OK;
    }
}
