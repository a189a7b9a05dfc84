package io.github.modemvoice.cli;

import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The notification options {@code answer} and {@code recover} share. */
final class NotifyOptions {
    @Option(names = "--webhook", description = "POST each message's metadata (signed) to this URL.")
    URI webhook;

    @Option(names = "--webhook-secret-file", paramLabel = "FILE",
            description = "File holding the secret for the X-ModemVoice-Signature HMAC (mode 0600). "
                    + "Or set the environment variable MODEMVOICE_WEBHOOK_SECRET.")
    Path webhookSecretFile;

    @Option(names = "--webhook-secret", paramLabel = "SECRET",
            description = "The secret on the command line: visible to every local user in ps; prefer "
                    + "--webhook-secret-file or MODEMVOICE_WEBHOOK_SECRET (a warning is printed).")
    String webhookSecret;

    @Option(names = "--notify-wait", paramLabel = "SECONDS",
            description = "How long a command that exits waits for its messages' notifications (default: ${DEFAULT-VALUE}).")
    int notifyWaitSeconds = 30;

    /**
     * @param env      the environment
     * @param warnings stderr
     * @return the webhook's secret, resolved; empty without {@code --webhook}
     */
    Optional<String> secret(Map<String, String> env, PrintStream warnings) {
        if (notifyWaitSeconds < 0) {
            throw new IllegalArgumentException("--notify-wait must be >= 0, was " + notifyWaitSeconds);
        }
        Optional<String> secret = SecretSource.WEBHOOK.resolve(webhookSecretFile, webhookSecret, env, warnings);
        if (webhook != null && secret.isEmpty()) {
            throw new IllegalArgumentException("--webhook needs a secret (deliveries are signed): --webhook-secret-file FILE "
                    + "or the environment variable " + SecretSource.WEBHOOK.envVariable());
        }
        return webhook == null ? Optional.empty() : secret;
    }

    Duration notifyWait() {
        return Duration.ofSeconds(notifyWaitSeconds);
    }
}
