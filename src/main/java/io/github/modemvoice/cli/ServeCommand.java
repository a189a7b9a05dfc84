package io.github.modemvoice.cli;

import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.web.WebMailbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The web mailbox on its own, over a message directory (while {@code answer} runs elsewhere, or not). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the web mailbox for a message directory (default address " + WebOptions.DEFAULT_HTTP + ").")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "The message directory (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("voicemail");

    @Mixin
    WebOptions web = new WebOptions();

    @Override
    public Integer call() throws InterruptedException {
        Output out = new Output(System.out);
        web.validate(true);
        CountDownLatch stop = new CountDownLatch(1);
        try (DirectoryMessageStore store = new DirectoryMessageStore(dir);
             WebMailbox mailbox = web.startIfAsked(true, store, dir, null, out)) {
            Thread hook = new Thread(() -> {
                mailbox.close();
                stop.countDown();
            }, "modem-voice-web-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.step("serving messages from " + dir.toAbsolutePath() + "; Ctrl-C stops");
            stop.await();
        }
        return ExitStatus.OK;
    }
}
