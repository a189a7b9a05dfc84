package io.github.modemvoice.routing;

import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.voicemail.NoMessageReason;
import io.github.modemvoice.voicemail.VoicemailMessage;
import io.github.modemvoice.voicemail.VoicemailOutcome;

import java.util.Objects;
import java.util.Optional;

/**
 * How one incoming call ended, as a type: the final ({@link CallFlowState#DISCONNECTED}) event of
 * every call carries exactly one. Code that needs to know what happened switches over these
 * cases; the event's {@code detail} is for people only.
 *
 * <ul>
 *   <li>{@link MessageStored}: the caller left a message and it is stored;</li>
 *   <li>{@link NoMessage}: answered (or about to be), but nothing worth keeping was said;</li>
 *   <li>{@link Screened}: the caller screen turned the call away before it was answered;</li>
 *   <li>{@link OpenHours}: during open hours the call was left for the office (rung, deflected,
 *       rejected);</li>
 *   <li>{@link StorageUnusable}: not answered, because no message could have been kept;</li>
 *   <li>{@link Failed}: the modem, the box or the store failed; a message captured before the
 *       failure is stored and named.</li>
 * </ul>
 */
public sealed interface CallOutcome {

    /** @return the message this call left in the store (also a partial one from a failed call) */
    default Optional<VoicemailMessage> storedMessage() {
        return Optional.empty();
    }

    /**
     * The caller left a message and it is stored.
     *
     * @param message the stored message
     */
    record MessageStored(VoicemailMessage message) implements CallOutcome {
        /** Validates. */
        public MessageStored {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Optional<VoicemailMessage> storedMessage() {
            return Optional.of(message);
        }

        /** @return why the recording ended */
        public TerminationReason recordingEnded() {
            return message.terminationReason();
        }
    }

    /**
     * No message was kept.
     *
     * @param reason         why
     * @param recordingEnded why the recording ended, when one started
     */
    record NoMessage(NoMessageReason reason, Optional<TerminationReason> recordingEnded) implements CallOutcome {
        /** Validates. */
        public NoMessage {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(recordingEnded, "recordingEnded");
        }
    }

    /**
     * The caller screen turned the call away; it was never answered.
     *
     * @param rule   which rule of the screen decided, in its own words (no phone number)
     * @param result what became of the call
     */
    record Screened(String rule, TurnedAway result) implements CallOutcome {
        /** Validates. */
        public Screened {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * During open hours the call was left for the office.
     *
     * @param action what the handler was configured to do
     * @param result what became of the call
     */
    record OpenHours(OpenHoursAction action, OpenHoursResult result) implements CallOutcome {
        /** Validates. */
        public OpenHours {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * Not answered: the store cannot keep a message (full disk, unwritable directory, database
     * down), and a caller answered now would be cut off at the beep.
     *
     * @param storage the storage check's finding
     * @param result  what became of the call
     */
    record StorageUnusable(String storage, TurnedAway result) implements CallOutcome {
        /** Validates. */
        public StorageUnusable {
            Objects.requireNonNull(storage, "storage");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * The call failed: the modem, the box or the store threw.
     *
     * @param cause          what was thrown
     * @param partialMessage what was captured before the failure, stored as a message
     */
    record Failed(Throwable cause, Optional<VoicemailMessage> partialMessage) implements CallOutcome {
        /** Validates. */
        public Failed {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(partialMessage, "partialMessage");
        }

        @Override
        public Optional<VoicemailMessage> storedMessage() {
            return partialMessage;
        }
    }

    /** What became of a call that was turned away without being answered. */
    enum TurnedAway {
        /** Rejected ({@code AT+CHUP} / on-hook): the caller hears busy or the network's message. */
        REJECTED,
        /** Left ringing: the caller's network decides (its own voicemail, or ringing out). */
        LEFT_RINGING,
        /** The caller hung up before the handler could act. */
        CALLER_HUNG_UP
    }

    /** What became of a call during open hours. */
    enum OpenHoursResult {
        /** Left ringing for the office phones. */
        LEFT_RINGING,
        /** Left ringing for the configured number of rings and still ringing when the handler gave up waiting. */
        STILL_RINGING,
        /** Stopped ringing while the handler counted rings: picked up elsewhere, or the caller hung up. */
        STOPPED_RINGING,
        /** Deflected to the configured number. */
        DEFLECTED,
        /** Rejected. */
        REJECTED,
        /** The caller hung up before the deflection or rejection. */
        CALLER_HUNG_UP
    }

    /**
     * @param voicemail what the voicemail box did with an answered call
     * @return the call's outcome: {@link MessageStored} or {@link NoMessage}
     */
    static CallOutcome of(VoicemailOutcome voicemail) {
        Objects.requireNonNull(voicemail, "voicemail");
        return voicemail.message().<CallOutcome>map(MessageStored::new)
                .orElseGet(() -> new NoMessage(voicemail.noMessageReason().orElseThrow(), voicemail.terminationReason()));
    }
}
