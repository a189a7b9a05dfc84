package io.github.modemvoice.cli;

import io.github.modemvoice.call.ModemSupervisor;
import io.github.modemvoice.call.Recording;
import io.github.modemvoice.dialect.ModemFamily;
import io.github.modemvoice.machine.AnsweringMachine;
import io.github.modemvoice.machine.Mailbox;
import io.github.modemvoice.machine.MachineLine;
import io.github.modemvoice.machine.MachineListener;
import io.github.modemvoice.pipeline.DeliveryStatus;
import io.github.modemvoice.routing.CallFlowEvent;
import io.github.modemvoice.routing.CallFlowState;
import io.github.modemvoice.voicemail.NoMessageReason;
import io.github.modemvoice.voicemail.VoicemailException;
import io.github.modemvoice.voicemail.VoicemailListener;
import io.github.modemvoice.voicemail.VoicemailMessage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What the answering machine tells, printed: one step per line of output, each line of several
 * modems prefixed with its name. The words are the CLI's; the events are the library's.
 */
final class MachineOutput implements MachineListener {
    private final Output out;
    private final BooleanSupplier stopping;

    /**
     * @param out      where to print
     * @param stopping true once a signal asked the command to stop (a lost modem is then not news)
     */
    MachineOutput(Output out, BooleanSupplier stopping) {
        this.out = out;
        this.stopping = stopping;
    }

    private Output of(MachineLine line) {
        return line.name().map(out::forLine).orElse(out);
    }

    @Override
    public void recovered(Mailbox mailbox, VoicemailMessage m) {
        out.step("recovered an interrupted recording as message " + m.id());
    }

    @Override
    public void caughtUp(Mailbox mailbox, int count, boolean notification) {
        out.step("queued " + count + " stored message(s) for " + (notification ? "notification" : "transcription")
                + " that had none yet");
    }

    @Override
    public void modemIdentified(AnsweringMachine.Line line, ModemFamily.Identified modem, boolean detected) {
        if (detected) {
            of(line.spec()).step("detected a " + modem.family().cliName() + " modem");
        }
    }

    @Override
    public void modemChanged(AnsweringMachine.Line line, ModemSupervisor.State from, ModemSupervisor.State to,
                             Optional<Throwable> cause) {
        String port = line.spec().atPort().toString();
        Output o = of(line.spec());
        if (from == to) {
            if (!line.firstAttemptDone()) {
                o.step("cannot open or initialise the modem on " + port + " ("
                        + cause.map(Throwable::getMessage).orElse("unknown") + "); retrying");
            }
        } else if (to == ModemSupervisor.State.UP && line.everUp()) {
            o.step("the modem on " + port + " is back");
        } else if (to == ModemSupervisor.State.UP && line.firstAttemptDone()) {
            o.step("the modem on " + port + " answers now");
        } else if (to == ModemSupervisor.State.DOWN && !stopping.getAsBoolean()) {
            o.step("the modem on " + port + " was lost; reconnecting");
        }
    }

    @Override
    public void callFlow(AnsweringMachine.Line line, CallFlowEvent e) {
        Output o = of(line.spec());
        if (e.state() == CallFlowState.PENDING) {
            o.step("incoming call from " + e.callerRedacted());
        } else if (e.state() == CallFlowState.ANSWERED) {
            o.step("answered: " + e.detail());
        } else if (e.state() == CallFlowState.CONNECTED) {
            o.step(e.detail());
        } else if (e.state() == CallFlowState.DISCONNECTED) {
            o.step("call ended: " + summary(e));
        }
    }

    @Override
    public VoicemailListener voicemail(MachineLine line) {
        return steps(of(line));
    }

    /**
     * @param o where to print
     * @return the voicemail box's steps, printed
     */
    static VoicemailListener steps(Output o) {
        return new VoicemailListener() {
            @Override
            public void greetingStarted(String callId) {
                o.step("playing the greeting");
            }

            @Override
            public void greetingSkipped(String callId, char key) {
                o.step("caller pressed " + key + " during the greeting: skipping to the beep");
            }

            @Override
            public void recordingStarted(String callId, String messageId) {
                o.step("beep; recording message " + messageId);
            }

            @Override
            public void recordingProgress(String callId, Duration recorded) {
                o.elapsed(recorded);
            }

            @Override
            public void recordingEnded(String callId, Recording r) {
                o.step("recording ended: " + describe(r) + String.format(Locale.ROOT, " (%.1f s kept)",
                        r.duration().toMillis() / 1000.0));
            }

            @Override
            public void messageSaved(VoicemailMessage m) {
                o.step("message saved: " + m.audioPath().map(Path::toString).orElse(m.id()));
            }

            @Override
            public void noMessage(String callId, NoMessageReason reason) {
                o.step("no message: " + describe(reason));
            }

            @Override
            public void failed(String callId, VoicemailException failure) {
                o.step("voicemail failed: " + failure.getMessage());
            }
        };
    }

    @Override
    public void retentionDeleted(Mailbox mailbox, VoicemailMessage m) {
        out.step("retention: deleted heard message " + m.id());
    }

    /** @return the call's end in words: why no message was kept, not an enum constant */
    static String summary(CallFlowEvent e) {
        return e.outcome().flatMap(o -> o.noMessageReason())
                .map(r -> "no message: " + describe(r))
                .orElse(e.detail());
    }

    static String describe(NoMessageReason reason) {
        switch (reason) {
            case TOO_SHORT:
                return "the recording was shorter than the minimum";
            case CALLER_HUNG_UP_BEFORE_ANSWER:
                return "the caller hung up before the call was answered";
            default:
                return "the caller hung up before the beep";
        }
    }

    static String describe(Recording r) {
        switch (r.reason()) {
            case FINISH_KEY:
                return "the caller pressed " + r.finishKey().map(String::valueOf).orElse("a finish key");
            case SILENCE:
                return "the caller stopped speaking";
            case MAX_DURATION:
                return "the length limit was reached";
            case CALLER_HANGUP:
                return "the caller hung up";
            case TRANSPORT_LOST:
                return "the modem was lost";
            case STORAGE_FULL:
                return "the disk is full";
            case STORAGE_ERROR:
                return "writing the recording failed";
            default:
                return "interrupted";
        }
    }

    /**
     * Prints one line per channel.
     *
     * @param statuses what {@code awaitNotifications} returned
     * @param out      where
     * @return true when every one was delivered (or there is none)
     */
    static boolean report(List<DeliveryStatus> statuses, Output out) {
        boolean all = true;
        for (DeliveryStatus st : statuses) {
            out.step("notification " + st.describe());
            all &= st.state() == DeliveryStatus.State.DELIVERED;
        }
        return all;
    }
}
