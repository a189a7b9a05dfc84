package io.github.modemvoice.routing;

import io.github.modemvoice.call.CallEndedException;
import io.github.modemvoice.call.CallHandler;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.IncomingCall;
import io.github.modemvoice.dialect.DialectSupport;
import io.github.modemvoice.voicemail.NoMessageReason;
import io.github.modemvoice.voicemail.StorageCheck;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailException;
import io.github.modemvoice.voicemail.VoicemailMessage;
import io.github.modemvoice.voicemail.VoicemailOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A ready {@link CallHandler} for a PBX's after-hours line. During business hours it routes the
 * call without answering (leave it ringing for the office phones, deflect it to a number, or
 * reject it) and steps away: PENDING, CONNECTED, DISCONNECTED. After hours (or, if configured,
 * when nobody picks up within N rings) it answers and hands the call to the
 * {@link VoicemailBox}: PENDING, ANSWERED, DISCONNECTED. Before answering it runs the box's
 * {@link VoicemailBox#storageCheck()}: a call whose message cannot be stored is not answered
 * (left ringing or rejected, {@link Builder#whenStorageUnusable}): PENDING, DISCONNECTED. With a
 * {@link CallerScreen} ({@link Builder#screen}), a caller it turns away is rejected or left
 * ringing before any of this: PENDING, DISCONNECTED. Every step goes to the listeners and to
 * the log, with the caller redacted.
 *
 * <pre>{@code
 * AfterHoursCallHandler handler = AfterHoursCallHandler.builder()
 *     .businessHours(BusinessHours.fromJson(Path.of("hours.json")))
 *     .voicemail(box)
 *     .openHours(OpenHoursAction.RING).answerAfterRings(6)
 *     .onMessage(pipeline::submit)
 *     .build();
 * }</pre>
 */
public final class AfterHoursCallHandler implements CallHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AfterHoursCallHandler.class);

    private final BusinessHours hours;
    private final VoicemailBox box;
    private final OpenHoursAction openHoursAction;
    private final String deflectTo;
    private final int answerAfterRings;
    private final Duration ringWait;
    private final Consumer<VoicemailMessage> onMessage;
    private final StorageUnusableAction storageUnusable;
    private final CallerScreen screen;
    private final List<Consumer<CallFlowEvent>> listeners = new CopyOnWriteArrayList<>();

    private AfterHoursCallHandler(Builder b) {
        this.hours = b.hours;
        this.box = b.box;
        this.openHoursAction = b.openHoursAction;
        this.deflectTo = b.deflectTo;
        this.answerAfterRings = b.answerAfterRings;
        this.ringWait = b.ringWait;
        this.onMessage = b.onMessage;
        this.storageUnusable = b.storageUnusable;
        this.screen = b.screen;
        this.listeners.addAll(b.listeners);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @param listener receives every call's flow events */
    public void addListener(Consumer<CallFlowEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void onIncomingCall(IncomingCall call) {
        Flow flow = new Flow(call);
        try {
            route(flow);
        } catch (RuntimeException | Error e) {
            // every flow ends with DISCONNECTED, also when the modem or the box failed
            flow.end("failed: " + e.getClass().getSimpleName(), new CallOutcome.Failed(e, Optional.empty()), Optional.empty());
            throw e;
        }
    }

    private void route(Flow flow) {
        IncomingCall call = flow.call;
        String who = call.caller().redacted();
        flow.emit(CallFlowState.PENDING, "incoming call", Optional.empty());
        if (screen != null && screenedOut(flow, screen.screen(call.caller()))) {
            return;
        }
        boolean open = hours.isOpen(hours.clock().instant());
        if (!open) {
            takeMessage(flow, "after hours: taking a message");
            return;
        }
        switch (openHoursAction) {
            case DEFLECT:
                CallOutcome.OpenHoursResult deflected = CallOutcome.OpenHoursResult.DEFLECTED;
                try {
                    call.deflect(deflectTo);
                    flow.emit(CallFlowState.CONNECTED, "open hours: deflected", Optional.empty());
                } catch (CallEndedException e) {
                    LOG.info("{} from {}: caller gave up before the deflection", call.callId(), who);
                    deflected = CallOutcome.OpenHoursResult.CALLER_HUNG_UP;
                }
                flow.end("handler stepped away", new CallOutcome.OpenHours(openHoursAction, deflected), Optional.empty());
                return;
            case REJECT:
                CallOutcome.OpenHoursResult rejected = CallOutcome.OpenHoursResult.REJECTED;
                try {
                    call.reject();
                } catch (CallEndedException e) {
                    LOG.info("{} from {}: caller gave up before the rejection", call.callId(), who);
                    rejected = CallOutcome.OpenHoursResult.CALLER_HUNG_UP;
                }
                flow.end("open hours: rejected", new CallOutcome.OpenHours(openHoursAction, rejected), Optional.empty());
                return;
            default:
                if (answerAfterRings > 0) {
                    flow.emit(CallFlowState.CONNECTED, "open hours: ringing the office phones for up to "
                            + answerAfterRings + " rings", Optional.empty());
                    if (call.awaitRings(answerAfterRings, ringWait)) {
                        takeMessage(flow, "nobody picked up within " + answerAfterRings + " rings: taking a message");
                    } else if (call.isRinging()) {
                        flow.end("still ringing after " + ringWait + ": left ringing for the office phones",
                                new CallOutcome.OpenHours(openHoursAction, CallOutcome.OpenHoursResult.STILL_RINGING),
                                Optional.empty());
                    } else {
                        flow.end("the call stopped ringing (picked up elsewhere or caller hung up)",
                                new CallOutcome.OpenHours(openHoursAction, CallOutcome.OpenHoursResult.STOPPED_RINGING),
                                Optional.empty());
                    }
                    return;
                }
                call.ignore();
                flow.emit(CallFlowState.CONNECTED, "open hours: left ringing for the office phones", Optional.empty());
                flow.end("handler stepped away",
                        new CallOutcome.OpenHours(openHoursAction, CallOutcome.OpenHoursResult.LEFT_RINGING), Optional.empty());
        }
    }

    /** @return true when the screen turned the call away (rejected or left ringing, never answered) */
    private static boolean screenedOut(Flow flow, CallerScreen.Decision d) {
        if (d.action() == CallerScreen.Action.ANSWER) {
            return false;
        }
        CallOutcome.TurnedAway action = turnAway(flow.call, d.action() == CallerScreen.Action.REJECT);
        flow.end("screened: " + d.why() + ": " + describe(action), new CallOutcome.Screened(d.why(), action), Optional.empty());
        return true;
    }

    /** Rejects the call or leaves it ringing, never answering it. @return what happened */
    private static CallOutcome.TurnedAway turnAway(IncomingCall call, boolean reject) {
        try {
            if (reject) {
                call.reject();
                return CallOutcome.TurnedAway.REJECTED;
            }
            call.ignore();
            return CallOutcome.TurnedAway.LEFT_RINGING;
        } catch (CallEndedException e) {
            return CallOutcome.TurnedAway.CALLER_HUNG_UP;
        }
    }

    private static String describe(CallOutcome.TurnedAway action) {
        switch (action) {
            case REJECTED:
                return "rejected";
            case LEFT_RINGING:
                return "left ringing";
            default:
                return "the caller hung up meanwhile";
        }
    }

    private void takeMessage(Flow flow, String why) {
        IncomingCall call = flow.call;
        // no call is answered that cannot be kept: the caller would be cut off at the beep
        StorageCheck.Result storage = box.storageCheck().check();
        if (!storage.ok()) {
            CallOutcome.TurnedAway action = turnAway(call, storageUnusable == StorageUnusableAction.REJECT);
            flow.end("not answered, messages cannot be stored (" + storage + "): " + describe(action),
                    new CallOutcome.StorageUnusable(storage.toString(), action), Optional.empty());
            return;
        }
        CallSession session;
        try {
            session = call.answer();
        } catch (CallEndedException e) {
            flow.end("the caller hung up before the call was answered",
                    new CallOutcome.NoMessage(NoMessageReason.CALLER_HUNG_UP_BEFORE_ANSWER, Optional.empty()), Optional.empty());
            return;
        }
        flow.emit(CallFlowState.ANSWERED, why, Optional.empty());
        VoicemailOutcome outcome = null;
        VoicemailMessage saved = null;
        RuntimeException failure = null;
        try {
            outcome = box.record(session);
            saved = outcome.message().orElse(null);
        } catch (VoicemailException e) {
            // the box kept what was captured before the failure as a message: it is stored, hand it on
            saved = e.partialMessage().orElse(null);
            failure = e;
            throw e;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            String detail = outcome != null
                    ? outcome.message().map(m -> "message " + m.id() + " saved")
                    .orElse("no message: " + outcome.noMessageReason().map(Enum::name).orElse("unknown"))
                    : saved != null ? "voicemail failed; partial message " + saved.id() + " saved" : "voicemail failed";
            // the message is handed on before the flow ends: an application that closes its
            // pipeline on DISCONNECTED has been given the message by then
            if (saved != null) {
                try {
                    onMessage.accept(saved);
                } catch (RuntimeException e) {
                    LOG.warn("{}: message hand-off failed (the message is stored): {}", call.callId(), e.toString());
                }
            }
            CallOutcome result = outcome != null ? CallOutcome.of(outcome)
                    : new CallOutcome.Failed(failure != null ? failure : new IllegalStateException("the voicemail box did not finish"),
                    Optional.ofNullable(saved));
            flow.end(detail, result, Optional.ofNullable(outcome));
        }
    }

    /** One call's flow: emits each step to the log and the listeners; nothing after DISCONNECTED. */
    private final class Flow {
        final IncomingCall call;
        private boolean disconnected;

        Flow(IncomingCall call) {
            this.call = call;
        }

        /** A step before the last. */
        void emit(CallFlowState state, String detail, Optional<VoicemailOutcome> outcome) {
            publish(new CallFlowEvent(call.callId(), call.caller().redacted(), state, detail, outcome,
                    hours.clock().instant()));
        }

        /** The last step, with the call's outcome. */
        void end(String detail, CallOutcome result, Optional<VoicemailOutcome> outcome) {
            publish(new CallFlowEvent(call.callId(), call.caller().redacted(), CallFlowState.DISCONNECTED, detail, outcome,
                    hours.clock().instant(), Optional.of(result)));
        }

        private void publish(CallFlowEvent e) {
            if (disconnected) {
                return;
            }
            disconnected = e.state().isTerminal();
            CallFlowState state = e.state();
            String detail = e.detail();
            LOG.info("{} from {}: {} ({})", call.callId(), e.callerRedacted(), state, detail);
            for (Consumer<CallFlowEvent> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("call flow listener failed: {}", ex.toString());
                }
            }
        }
    }

    /** Builds an {@link AfterHoursCallHandler}; {@link #build()} validates, naming the field. */
    public static final class Builder {
        private BusinessHours hours;
        private VoicemailBox box;
        private OpenHoursAction openHoursAction = OpenHoursAction.RING;
        private String deflectTo;
        private int answerAfterRings;
        private Duration ringWait = Duration.ofMinutes(2);
        private Consumer<VoicemailMessage> onMessage = m -> { };
        private StorageUnusableAction storageUnusable = StorageUnusableAction.RING_OUT;
        private CallerScreen screen;
        private final List<Consumer<CallFlowEvent>> listeners = new CopyOnWriteArrayList<>();

        private Builder() {
        }

        /**
         * @param h when the office is open ({@link BusinessHours#never()}: every call to voicemail)
         * @return this
         */
        public Builder businessHours(BusinessHours h) {
            this.hours = h;
            return this;
        }

        /**
         * @param b the voicemail box for after-hours calls
         * @return this
         */
        public Builder voicemail(VoicemailBox b) {
            this.box = b;
            return this;
        }

        /**
         * @param a what to do during open hours (default RING)
         * @return this
         */
        public Builder openHours(OpenHoursAction a) {
            this.openHoursAction = a;
            return this;
        }

        /**
         * @param number the deflection target for {@link OpenHoursAction#DEFLECT}
         * @return this
         */
        public Builder deflectTo(String number) {
            this.deflectTo = number;
            return this;
        }

        /**
         * @param rings with {@link OpenHoursAction#RING}: answer with voicemail when nobody picked
         *              up within this many rings (0: never, the default)
         * @return this
         */
        public Builder answerAfterRings(int rings) {
            this.answerAfterRings = rings;
            return this;
        }

        /**
         * @param d the longest wait for those rings (default 2 minutes)
         * @return this
         */
        public Builder ringWait(Duration d) {
            this.ringWait = d;
            return this;
        }

        /**
         * @param c receives each stored message (e.g. the transcription/notification pipeline)
         * @return this
         */
        public Builder onMessage(Consumer<VoicemailMessage> c) {
            this.onMessage = c;
            return this;
        }

        /**
         * @param a what to do with a call to take a message when the box cannot store one (its
         *          {@link VoicemailBox#storageCheck()} fails): never answer it, and leave it
         *          ringing (RING_OUT, the default) or reject it
         * @return this
         */
        public Builder whenStorageUnusable(StorageUnusableAction a) {
            this.storageUnusable = a;
            return this;
        }

        /**
         * @param s screens each call before anything else (business hours, voicemail): a caller it
         *          turns away is rejected or left ringing, never answered, and the flow ends with
         *          PENDING, DISCONNECTED (with a {@link CallOutcome.Screened}); null: no screening
         * @return this
         */
        public Builder screen(CallerScreen s) {
            this.screen = s;
            return this;
        }

        /**
         * @param l receives flow events
         * @return this
         */
        public Builder listener(Consumer<CallFlowEvent> l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** @return the handler */
        public AfterHoursCallHandler build() {
            if (hours == null) {
                throw new IllegalArgumentException("businessHours is required (BusinessHours.never() sends every call to voicemail)");
            }
            if (box == null) {
                throw new IllegalArgumentException("voicemail is required");
            }
            if (openHoursAction == null) {
                throw new IllegalArgumentException("openHours is required");
            }
            if (openHoursAction == OpenHoursAction.DEFLECT) {
                if (deflectTo == null) {
                    throw new IllegalArgumentException("deflectTo is required when openHours is DEFLECT");
                }
                try {
                    DialectSupport.checkNumber(deflectTo);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("deflectTo: " + e.getMessage(), e);
                }
            }
            if (answerAfterRings < 0) {
                throw new IllegalArgumentException("answerAfterRings must be >= 0, was " + answerAfterRings);
            }
            if (answerAfterRings > 0 && openHoursAction != OpenHoursAction.RING) {
                throw new IllegalArgumentException("answerAfterRings only applies to openHours RING");
            }
            if (ringWait == null || ringWait.isNegative() || ringWait.isZero()) {
                throw new IllegalArgumentException("ringWait must be positive, was " + ringWait);
            }
            if (storageUnusable == null) {
                throw new IllegalArgumentException("whenStorageUnusable must not be null");
            }
            if (onMessage == null) {
                throw new IllegalArgumentException("onMessage must not be null (omit it for none)");
            }
            return new AfterHoursCallHandler(this);
        }
    }
}
