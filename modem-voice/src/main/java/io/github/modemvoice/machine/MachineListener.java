package io.github.modemvoice.machine;

import io.github.modemvoice.call.ModemSupervisor;
import io.github.modemvoice.dialect.ModemFamily;
import io.github.modemvoice.routing.CallFlowEvent;
import io.github.modemvoice.voicemail.VoicemailListener;
import io.github.modemvoice.voicemail.VoicemailMessage;

import java.util.Optional;

/**
 * What an {@link AnsweringMachine} tells while it runs, for a command's output, metrics or a PBX
 * app's own log. Every method has a no-op default; they run on the machine's threads (a line's
 * call handler, its supervisor) and must return quickly. Callers' numbers reach a listener only
 * inside the events, redacted where the event says so.
 */
public interface MachineListener {

    /**
     * A recording a crash interrupted was found at start and kept as a message.
     *
     * @param mailbox the mailbox (its directory)
     * @param message the message it became
     */
    default void recovered(Mailbox mailbox, VoicemailMessage message) {
    }

    /**
     * Stored messages without a notification record (recovered ones, or a kill between storing
     * and queueing) were queued at start.
     *
     * @param mailbox      the mailbox
     * @param count        how many
     * @param notification true when queued for notification, false for transcription only
     */
    default void caughtUp(Mailbox mailbox, int count, boolean notification) {
    }

    /**
     * The modem of a line was identified, on its first open.
     *
     * @param line     the line
     * @param modem    its family and identification
     * @param detected true when the family was detected, false when the line named it
     */
    default void modemIdentified(AnsweringMachine.Line line, ModemFamily.Identified modem, boolean detected) {
    }

    /**
     * A line's supervisor changed state; {@code from == to} is an attempt to open the modem that
     * failed (with its cause). The line's {@code everUp()} and {@code firstAttemptDone()} are
     * still as they were before this change.
     *
     * @param line  the line
     * @param from  the state before
     * @param to    the state now
     * @param cause why, for a failure or a loss
     */
    default void modemChanged(AnsweringMachine.Line line, ModemSupervisor.State from, ModemSupervisor.State to,
                              Optional<Throwable> cause) {
    }

    /**
     * A step of a call's flow on a line (ringing, answered, connected, ended with its typed
     * outcome).
     *
     * @param line  the line
     * @param event the event
     */
    default void callFlow(AnsweringMachine.Line line, CallFlowEvent event) {
    }

    /**
     * @param line a line
     * @return what hears the voicemail box's steps on that line (greeting, beep, recording, saved)
     */
    default VoicemailListener voicemail(MachineLine line) {
        return new VoicemailListener() {
        };
    }

    /**
     * Retention deleted a heard message (and its notification records).
     *
     * @param mailbox the mailbox
     * @param message the message as it was
     */
    default void retentionDeleted(Mailbox mailbox, VoicemailMessage message) {
    }
}
