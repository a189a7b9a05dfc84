package io.github.modemvoice.cli;

import io.github.modemvoice.pipeline.Notifier;
import io.github.modemvoice.pipeline.Transcriber;
import io.github.modemvoice.routing.OpenHoursAction;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.MessageStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code answer} adds to the answering machine beyond the prompts and lengths: open-hours
 * handling, the caller privacy policy, transcription, the notification channels besides the
 * webhook, and the store. {@link #NONE} is the demo's: a directory, nothing else.
 *
 * @param openHours         what to do with a call during open hours
 * @param deflectTo         the number calls are deflected to (with {@link OpenHoursAction#DEFLECT})
 * @param privacy           what the metadata keeps of the caller's number
 * @param transcriber       the speech-to-text engine, if any
 * @param transcribeTimeout how long one transcription may take (and {@code --once} waits for it)
 * @param channels          the notifiers besides the webhook (Slack, e-mail), given the store
 * @param store             opens the store, given the message (or spool) directory
 * @param skipKey           the key that skips the greeting, if any
 */
record MachineExtras(OpenHoursAction openHours, Optional<String> deflectTo, CallerPrivacy privacy,
                     Optional<Transcriber> transcriber, Duration transcribeTimeout,
                     Function<MessageStore, List<Notifier>> channels, Function<Path, MessageStore> store,
                     Optional<Character> skipKey) {

    /** A directory store, calls ring during open hours, full numbers, no transcription, no other channel. */
    static final MachineExtras NONE = new MachineExtras(OpenHoursAction.RING, Optional.empty(), CallerPrivacy.full(),
            Optional.empty(), Duration.ofMinutes(2), s -> List.of(), DirectoryMessageStore::new, Optional.of('#'));

    /**
     * Checks {@code answer}'s options for these parts and reads their secrets, before a modem is touched.
     *
     * @param flow          open hours and caller privacy
     * @param transcribe    transcription
     * @param notify        the channels (the webhook is read apart, by {@link NotifyOptions#secret})
     * @param storage       the store
     * @param businessHours whether {@code --business-hours} is given
     * @return the parts
     * @throws IllegalArgumentException for options that do not fit together (exit 64)
     * @throws ConfigException          for an unreadable or unusable secret file (exit 78)
     */
    static MachineExtras of(FlowOptions flow, TranscribeOptions transcribe, NotifyOptions notify, DatabaseOptions storage,
                            boolean businessHours) {
        java.util.Map<String, String> env = System.getenv();
        CallerPrivacy privacy = flow.privacy(businessHours, env, System.err);
        return new MachineExtras(flow.openHours, Optional.ofNullable(flow.deflectTo), privacy,
                transcribe.transcriber(env, System.err), transcribe.timeout(), notify.channels(env, System.err),
                storage.opener(env, System.err), Optional.of('#'));
    }

    /**
     * @param t the transcriber, if any
     * @return these parts with that transcriber
     */
    MachineExtras transcribing(Optional<Transcriber> t) {
        return new MachineExtras(openHours, deflectTo, privacy, t, transcribeTimeout, channels, store, skipKey);
    }

    /**
     * @param key the key that skips the greeting, if any
     * @return these parts with that skip key
     */
    MachineExtras skippingWith(Optional<Character> key) {
        return new MachineExtras(openHours, deflectTo, privacy, transcriber, transcribeTimeout, channels, store, key);
    }
}
