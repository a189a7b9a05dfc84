package io.github.modemvoice.cli;

import io.github.modemvoice.machine.AnsweringMachine;
import io.github.modemvoice.pipeline.WebhookNotifier;

import io.github.modemvoice.pipeline.Notifier;
import io.github.modemvoice.pipeline.SlackNotifier;
import io.github.modemvoice.voicemail.MessageStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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

    @Option(names = "--webhook-schema", paramLabel = "VERSION",
            description = "The webhook body's schema_version: 1 (default; caller_policy in upper case, as receivers written"
                    + " for it expect) or 2 (caller_policy in lower case, as in the message metadata).")
    int webhookSchema = WebhookNotifier.SCHEMA_VERSION;

    @Option(names = "--slack-webhook-file", paramLabel = "FILE",
            description = "Post each message to Slack: FILE holds the incoming-webhook URL (a secret, mode 0600). "
                    + "Or set the environment variable MODEMVOICE_SLACK_WEBHOOK.")
    Path slackWebhookFile;

    @Mixin
    MailOptions mail = new MailOptions();

    @Option(names = "--notify-wait", paramLabel = "SECONDS",
            description = "How long a command that exits waits for its messages' notifications (default: ${DEFAULT-VALUE}).")
    int notifyWaitSeconds = 30;

    /**
     * @param env      the environment
     * @param warnings stderr
     * @return the webhook's secret, resolved; empty without {@code --webhook}
     */
    Optional<String> secret(Map<String, String> env, PrintStream warnings) {
        if (webhookSchema < WebhookNotifier.SCHEMA_VERSION || webhookSchema > WebhookNotifier.LATEST_SCHEMA_VERSION) {
            throw new BadOptionException("--webhook-schema", "--webhook-schema must be " + WebhookNotifier.SCHEMA_VERSION
                    + " or " + WebhookNotifier.LATEST_SCHEMA_VERSION + ", was " + webhookSchema);
        }
        if (webhook != null && !(webhook.isAbsolute() && webhook.getScheme().matches("(?i)https?"))) {
            throw new BadOptionException("--webhook", "--webhook must be an absolute http or https URL, was " + webhook);
        }
        if (notifyWaitSeconds < 0) {
            throw new BadOptionException("--notify-wait", "--notify-wait must be >= 0, was " + notifyWaitSeconds);
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

    /**
     * The channels besides the webhook, with their secrets read now (before a modem is touched).
     *
     * @param env      the environment
     * @param warnings stderr
     * @return makes the Slack and e-mail notifiers given the store (an empty list when none is configured)
     */
    Function<MessageStore, List<Notifier>> channels(Map<String, String> env, PrintStream warnings) {
        Optional<String> slackUrl = SecretSource.SLACK_WEBHOOK.resolve(slackWebhookFile, env, warnings);
        Optional<SlackNotifier> slack = slackUrl.map(u -> {
            try {
                return SlackNotifier.builder(URI.create(u.strip())).build();
            } catch (IllegalArgumentException e) {
                // the URL is a secret: say where it came from, not what it is
                throw new ConfigException((slackWebhookFile != null ? SecretSource.SLACK_WEBHOOK.option() + ": " + slackWebhookFile
                        : "the environment variable " + SecretSource.SLACK_WEBHOOK.envVariable())
                        + " does not hold an https URL such as https://hooks.slack.com/services/...");
            }
        });
        Optional<Function<MessageStore, Notifier>> email = mail.notifier(env, warnings);
        return store -> {
            List<Notifier> all = new ArrayList<>();
            slack.ifPresent(all::add);
            email.ifPresent(e -> all.add(e.apply(store)));
            return all;
        };
    }

    /**
     * Adds the channels to the machine, their secrets read now (before a modem is touched): the
     * webhook first, then Slack and e-mail.
     *
     * @param b        the machine's builder
     * @param env      the environment
     * @param warnings stderr
     */
    void configure(AnsweringMachine.Builder b, Map<String, String> env, PrintStream warnings) {
        Optional<String> secret = secret(env, warnings);
        webhookNotifier(secret).ifPresent(b::notifier);
        b.notifiers(channels(env, warnings));
    }

    /**
     * @param secret the webhook's secret, from {@link #secret}
     * @return the webhook channel of {@code --webhook}, if given
     */
    Optional<WebhookNotifier> webhookNotifier(Optional<String> secret) {
        if (webhook == null) {
            return Optional.empty();
        }
        return Optional.of(WebhookNotifier.builder(webhook, WebhookNotifier.secretOf(secret.orElseThrow()))
                .schemaVersion(webhookSchema).build());
    }
}
