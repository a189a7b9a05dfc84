package io.github.modemvoice.routing;

import io.github.modemvoice.ModemVoiceException;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.VirtualMonotonicClock;
import io.github.modemvoice.audio.WavReader;
import io.github.modemvoice.call.CallSession;
import io.github.modemvoice.call.CallState;
import io.github.modemvoice.call.IncomingCall;
import io.github.modemvoice.call.RecordOptions;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.testing.CallerVoice;
import io.github.modemvoice.testing.Closing;
import io.github.modemvoice.testing.EachGsmDialect;
import io.github.modemvoice.testing.GsmModemFixture;
import io.github.modemvoice.voicemail.VoicemailBox;
import io.github.modemvoice.voicemail.VoicemailException;
import io.github.modemvoice.voicemail.VoicemailListener;
import io.github.modemvoice.voicemail.NoMessageReason;
import io.github.modemvoice.voicemail.VoicemailMessage;
import io.github.modemvoice.voicemail.VoicemailOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.github.modemvoice.routing.CallFlowState.ANSWERED;
import static io.github.modemvoice.routing.CallFlowState.CONNECTED;
import static io.github.modemvoice.routing.CallFlowState.DISCONNECTED;
import static io.github.modemvoice.routing.CallFlowState.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The after-hours handler over a real {@link io.github.modemvoice.call.Modem} on the GSM fixture
 * and a real {@link VoicemailBox} on a temp directory, with a fixed clock. Every wait is on a
 * condition with a deadline (latches, {@code awaitCommand}), never a guessed sleep.
 */
class AfterHoursCallHandlerTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static final String NUMBER = "+4915112344567";
    private static final String DIGITS = "4915112344567";
    private static final String REDACTED = "+***4567";
    private static final String OFFICE = "+4930123456";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Prompt GREETING = Prompt.tone(600, Duration.ofMillis(200), 0.3);
    private static final Duration MESSAGE = Duration.ofSeconds(2);

    // Berlin is UTC+1 in November/December 2026; 2026-11-23 is a Monday
    private static final Instant MONDAY_20H = Instant.parse("2026-11-23T19:00:00Z"); // after hours
    private static final Instant MONDAY_10H = Instant.parse("2026-11-23T09:00:00Z"); // open
    private static final Instant CHRISTMAS_EVE_10H = Instant.parse("2026-12-24T09:00:00Z"); // a Thursday, closed

    @TempDir
    Path tmp;

    private GsmModemFixture fx;
    private Flow flow;
    private final LinkedBlockingQueue<VoicemailMessage> messages = new LinkedBlockingQueue<>();
    private final List<VoicemailMessage> handedOff = new CopyOnWriteArrayList<>();
    private final CountDownLatch recordingStarted = new CountDownLatch(1);
    private final CountDownLatch handlerReturned = new CountDownLatch(1);
    private final List<Throwable> handlerThrew = new CopyOnWriteArrayList<>();
    private int commandsAtStart;
    /** The call the handler was given, and how many rings the test has sent it. */
    private volatile IncomingCall ringing;
    private int ringsSent;
    private CallerVoice voice;

    @AfterEach
    void tearDown() throws Exception {
        Closing.closeAll(voice, fx);
    }

    // ------------------------------------------------------------------ set-up helpers

    /** Weekdays 08:00-18:00, a Friday night shift 22:00-02:00, Christmas Eve closed, a Saturday morning open. */
    private static BusinessHours hours(Instant now) {
        return BusinessHours.builder().zone(BERLIN)
                .weekdays(LocalTime.of(8, 0), LocalTime.of(18, 0))
                .open(DayOfWeek.FRIDAY, LocalTime.of(22, 0), LocalTime.of(2, 0))
                .closed(LocalDate.of(2026, 12, 24))
                .openOn(LocalDateTime.of(2026, 11, 28, 10, 0), LocalDateTime.of(2026, 11, 28, 12, 0))
                .clock(Clock.fixed(now, BERLIN))
                .build();
    }

    private VoicemailBox box(Instant now) {
        return VoicemailBox.builder().directory(tmp.resolve("vm")).greeting(GREETING).beep(true)
                .maxDuration(MESSAGE).clock(Clock.fixed(now, BERLIN))
                .listener(new VoicemailListener() {
                    @Override
                    public void recordingStarted(String callId, String messageId) {
                        recordingStarted.countDown();
                    }
                }).build();
    }

    private AfterHoursCallHandler.Builder handler(Instant now) {
        flow = new Flow();
        return AfterHoursCallHandler.builder().businessHours(hours(now)).voicemail(box(now))
                .listener(flow).onMessage(m -> {
                    handedOff.add(m);
                    messages.add(m);
                });
    }

    /** The next ring of the same call, a ring cadence later (a RING within 150 ms is the same ring reported twice). */
    private void nextRing() {
        ((VirtualMonotonicClock) fx.mono).advance(Duration.ofSeconds(5));
        fx.at.emitLine("RING");
        // the modem reads the ring on its own thread: the clock moves on only once it was counted
        assertThat(ringing.awaitRings(++ringsSent, T)).as("ring %d counted", ringsSent).isTrue();
    }

    /** Opens the modem with the handler (wrapped so the test knows when it returned) and rings. */
    private void start(String dialect, AfterHoursCallHandler handler) {
        start(dialect, handler, c -> c);
    }

    private void start(String dialect, AfterHoursCallHandler handler, java.util.function.UnaryOperator<IncomingCall> wrap) {
        if (fx == null) {
            fx = new GsmModemFixture(dialect);
        }
        fx.open(call -> {
            ringing = call;
            try {
                handler.onIncomingCall(wrap.apply(call));
            } catch (RuntimeException | Error e) {
                handlerThrew.add(e);
                throw e;
            } finally {
                handlerReturned.countDown();
            }
        });
        commandsAtStart = fx.at.commands().size();
        ringsSent = 1;
        fx.ring(NUMBER);
    }

    /**
     * The caller speaks, in 20 ms frames, until the box's maximum ends the message. The box's
     * {@code recordingStarted} fires just before the audio channel starts recording (which drops
     * anything received earlier), so the voice is a stream, as a modem sends it, not one burst.
     */
    private void callerLeavesAMessage() throws InterruptedException {
        assertThat(recordingStarted.await(T.toSeconds(), TimeUnit.SECONDS)).as("recording started").isTrue();
        byte[] frame = Prompt.tone(440, Duration.ofMillis(20), 0.3).pcm();
        voice = CallerVoice.start(fx.pcm, frame, Duration.ofMillis(1), Long.MAX_VALUE, () -> true);
    }

    /** The flow goes PENDING, then ANSWERED, and the caller speaks into the recording. */
    private void theCallIsAnsweredAndTheCallerSpeaks() throws InterruptedException {
        flow.await(PENDING);
        flow.await(ANSWERED);
        callerLeavesAMessage();
    }

    private VoicemailMessage awaitMessage() throws InterruptedException {
        VoicemailMessage m = messages.poll(T.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("onMessage called").isNotNull();
        return m;
    }

    private void awaitHandlerReturned() throws InterruptedException {
        assertThat(handlerReturned.await(T.toSeconds(), TimeUnit.SECONDS)).as("handler returned").isTrue();
    }

    private List<String> commandsSinceStart() {
        List<String> all = fx.at.commands();
        return all.subList(commandsAtStart, all.size());
    }

    private void awaitModemState(CallState s) throws InterruptedException {
        awaitCondition("modem " + s, () -> fx.modem.state() == s);
    }

    private static void awaitCondition(String what, BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (!c.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + T).isLessThan(deadline);
            Thread.sleep(2); // polls a condition with a deadline; not a timing guess
        }
    }

    private static String missedCall() {
        return "MISSED_CALL: 10:00AM " + NUMBER;
    }

    /** Records the flow events; waits are bounded. */
    static final class Flow implements Consumer<CallFlowEvent> {
        final List<CallFlowEvent> events = new CopyOnWriteArrayList<>();
        private final LinkedBlockingQueue<CallFlowEvent> queue = new LinkedBlockingQueue<>();
        volatile Consumer<CallFlowEvent> onEvent = e -> { };

        @Override
        public void accept(CallFlowEvent e) {
            events.add(e);
            queue.add(e);
            onEvent.accept(e);
        }

        /** Waits for the next event in the given state (skipping none: the order is asserted). */
        CallFlowEvent await(CallFlowState state) throws InterruptedException {
            CallFlowEvent e = queue.poll(T.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).as("a " + state + " event within " + T + "; seen " + events).isNotNull();
            assertThat(e.state()).as("events " + events).isEqualTo(state);
            return e;
        }

        List<CallFlowState> states() {
            return events.stream().map(CallFlowEvent::state).toList();
        }

        CallFlowEvent last() {
            return events.get(events.size() - 1);
        }
    }

    // ------------------------------------------------------------------ (1) after hours

    @EachGsmDialect
    void afterHoursTheCallIsAnsweredAndTheMessageStored(String dialect) throws Exception {
        fx = new GsmModemFixture(dialect).answerable();
        start(dialect, handler(MONDAY_20H).build());
        theCallIsAnsweredAndTheCallerSpeaks();
        CallFlowEvent end = flow.await(DISCONNECTED);
        VoicemailMessage m = awaitMessage();
        awaitHandlerReturned();

        assertThat(flow.states()).containsExactly(PENDING, ANSWERED, DISCONNECTED);
        assertThat(flow.events).allSatisfy(e -> {
            assertThat(e.at()).isEqualTo(MONDAY_20H);
            assertThat(e.callerRedacted()).isEqualTo(REDACTED);
            assertThat(e.callId()).isEqualTo(m.callId());
        });
        assertThat(flow.events.subList(0, 2)).allSatisfy(e -> assertThat(e.outcome()).isEmpty());
        VoicemailOutcome outcome = end.outcome().orElseThrow();
        assertThat(outcome.message()).contains(m);
        assertThat(end.detail()).contains(m.id());
        assertThat(handedOff).containsExactly(m);

        assertThat(m.terminationReason()).isEqualTo(TerminationReason.MAX_DURATION);
        assertThat(m.caller()).contains(NUMBER);
        assertThat(WavReader.requireInternalFormat(m.audioPath().orElseThrow()).duration()).isEqualTo(MESSAGE);
        assertThat(Files.exists(m.metadataPath().orElseThrow())).isTrue();
        // greeting and beep went out before the recording
        assertThat(fx.pcm.writtenBytes()).isEqualTo(GREETING.concat(Prompt.beep()).pcm());
        assertThat(commandsSinceStart()).containsSubsequence("ATA", fx.audioOn, fx.audioOff, "AT+CHUP");
        assertThat(handlerThrew).isEmpty();
        fx.at.assertNoUnscriptedCommands();
    }

    // ------------------------------------------------------------------ (2)-(4) open hours

    @EachGsmDialect
    void openHoursRingLeavesTheCallRinging(String dialect) throws Exception {
        start(dialect, handler(MONDAY_10H).openHours(OpenHoursAction.RING).build());
        awaitHandlerReturned();
        assertThat(flow.states()).containsExactly(PENDING, CONNECTED, DISCONNECTED);
        assertThat(flow.last().outcome()).isEmpty();
        assertThat(fx.modem.state()).isEqualTo(CallState.RINGING); // left to the office phones
        nextRing();
        // nobody picked up; the network ends it (SIMCom MISSED_CALL, Quectel NO CARRIER)
        fx.at.emitLine(dialect.equals("simcom") ? missedCall() : "NO CARRIER");
        awaitModemState(CallState.IDLE);
        assertThat(commandsSinceStart()).doesNotContain("ATA", "AT+CHUP", fx.audioOn);
        assertThat(messages).isEmpty();
        assertThat(handlerThrew).isEmpty();
    }

    @EachGsmDialect
    void openHoursDeflectSendsCtfr(String dialect) throws Exception {
        fx = new GsmModemFixture(dialect);
        fx.at.when("AT+CTFR=\"" + OFFICE + "\"").reply("OK");
        start(dialect, handler(MONDAY_10H).openHours(OpenHoursAction.DEFLECT).deflectTo(OFFICE).build());
        fx.at.awaitCommand("AT+CTFR=\"" + OFFICE + "\"", T);
        awaitHandlerReturned();
        assertThat(flow.states()).containsExactly(PENDING, CONNECTED, DISCONNECTED);
        awaitModemState(CallState.IDLE);
        assertThat(commandsSinceStart()).containsExactly("AT+CTFR=\"" + OFFICE + "\"");
        assertThat(handlerThrew).isEmpty();
        fx.at.assertNoUnscriptedCommands();
    }

    @EachGsmDialect
    void openHoursRejectHangsUp(String dialect) throws Exception {
        start(dialect, handler(MONDAY_10H).openHours(OpenHoursAction.REJECT).build());
        fx.at.awaitCommand("AT+CHUP", T);
        awaitHandlerReturned();
        assertThat(flow.states()).containsExactly(PENDING, DISCONNECTED);
        assertThat(flow.last().detail()).contains("rejected");
        awaitModemState(CallState.IDLE);
        assertThat(commandsSinceStart()).containsExactly("AT+CHUP");
        assertThat(handlerThrew).isEmpty();
    }

    // ------------------------------------------------------------------ (5) answer after N rings

    @Test
    void openHoursRingThenVoicemailAfterThreeRings() throws Exception {
        fx = new GsmModemFixture("simcom").answerable();
        start("simcom", handler(MONDAY_10H).openHours(OpenHoursAction.RING).answerAfterRings(3).build());
        flow.await(PENDING);
        flow.await(CONNECTED); // ringing the office phones; dispatched on the caller id after ring 1
        nextRing();
        assertThat(commandsSinceStart()).doesNotContain("ATA"); // two rings: still the office's turn
        nextRing();
        fx.at.awaitCommand("ATA", T);
        CallFlowEvent answered = flow.await(ANSWERED);
        assertThat(answered.detail()).contains("3 rings");
        callerLeavesAMessage();
        flow.await(DISCONNECTED);
        VoicemailMessage m = awaitMessage();
        awaitHandlerReturned();
        assertThat(flow.states()).containsExactly(PENDING, CONNECTED, ANSWERED, DISCONNECTED);
        assertThat(flow.last().outcome().flatMap(VoicemailOutcome::message)).contains(m);
        assertThat(handedOff).containsExactly(m);
        assertThat(handlerThrew).isEmpty();
    }

    @Test
    void openHoursRingStopsBeforeThreeRingsIsNotAnswered() throws Exception {
        start("simcom", handler(MONDAY_10H).openHours(OpenHoursAction.RING).answerAfterRings(3).build());
        flow.await(PENDING);
        flow.await(CONNECTED);
        nextRing();
        fx.at.emitLine(missedCall()); // picked up elsewhere / the caller gave up after two rings
        CallFlowEvent end = flow.await(DISCONNECTED);
        awaitHandlerReturned();
        assertThat(end.detail()).contains("stopped ringing");
        assertThat(end.result()).contains(new CallOutcome.OpenHours(OpenHoursAction.RING, CallOutcome.OpenHoursResult.STOPPED_RINGING));
        assertThat(end.outcome()).isEmpty();
        assertThat(flow.states()).containsExactly(PENDING, CONNECTED, DISCONNECTED);
        awaitModemState(CallState.IDLE);
        assertThat(commandsSinceStart()).doesNotContain("ATA");
        assertThat(messages).isEmpty();
        assertThat(handlerThrew).isEmpty();
    }

    @Test
    void ringWaitRunningOutLeavesTheCallRingingAndSaysSo() throws Exception {
        start("simcom", handler(MONDAY_10H).openHours(OpenHoursAction.RING).answerAfterRings(3)
                .ringWait(Duration.ofMillis(200)).build());
        CallFlowEvent end = awaitEnd();
        assertThat(flow.states()).containsExactly(PENDING, CONNECTED, DISCONNECTED);
        assertThat(end.detail()).contains("left ringing").doesNotContain("stopped ringing");
        assertThat(end.result()).contains(new CallOutcome.OpenHours(OpenHoursAction.RING, CallOutcome.OpenHoursResult.STILL_RINGING));
        assertThat(commandsSinceStart()).doesNotContain("ATA");
        fx.at.emitLine(missedCall());
        awaitModemState(CallState.IDLE);
    }

    private CallFlowEvent awaitEnd() throws InterruptedException {
        awaitHandlerReturned();
        CallFlowEvent last = flow.last();
        assertThat(last.state()).isEqualTo(DISCONNECTED);
        return last;
    }

    // ------------------------------------------------------------------ (6) the calendar

    /**
     * REJECT during open hours (cheap to observe: one AT+CHUP, no ATA); voicemail otherwise.
     * Friday 2026-11-27 is a weekday 08:00-18:00 plus a 22:00-02:00 night shift.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-12-24T09:00:00Z, voicemail", // Thursday 10:00, but Christmas Eve is closed
            "2026-11-28T10:00:00Z, routed", // Saturday 11:00: the one-off opening
            "2026-11-28T11:00:00Z, voicemail", // Saturday 12:00: the opening is over
            "2026-11-29T10:00:00Z, voicemail", // Sunday 11:00: closed
            "2026-11-27T22:30:00Z, routed", // Friday 23:30: the night shift
            "2026-11-28T00:30:00Z, routed", // Saturday 01:30: the night shift, after midnight
            "2026-11-28T01:00:00Z, voicemail", // Saturday 02:00: the shift ended (half-open range)
            "2026-11-27T17:00:00Z, voicemail", // Friday 18:00: between day and night
    })
    void theCalendarDecides(String instant, String expected) throws Exception {
        Instant now = Instant.parse(instant);
        fx = new GsmModemFixture("simcom").answerable();
        start("simcom", handler(now).openHours(OpenHoursAction.REJECT).build());
        if (expected.equals("routed")) {
            CallFlowEvent end = awaitEnd();
            assertThat(flow.states()).containsExactly(PENDING, DISCONNECTED);
            assertThat(end.detail()).contains("rejected");
            assertThat(commandsSinceStart()).containsExactly("AT+CHUP");
        } else {
            theCallIsAnsweredAndTheCallerSpeaks();
            awaitMessage();
            CallFlowEvent end = awaitEnd();
            assertThat(flow.states()).containsExactly(PENDING, ANSWERED, DISCONNECTED);
            assertThat(end.outcome().flatMap(VoicemailOutcome::message)).isPresent();
            assertThat(commandsSinceStart()).startsWith("ATA");
        }
        assertThat(flow.events).allSatisfy(e -> assertThat(e.at()).isEqualTo(now));
        assertThat(handlerThrew).isEmpty();
    }

    // ------------------------------------------------------------------ (7) caller gives up first

    @EachGsmDialect
    void callerHangsUpBeforeTheAnswer(String dialect) throws Exception {
        fx = new GsmModemFixture(dialect).answerable();
        AfterHoursCallHandler h = handler(MONDAY_20H).build();
        // hold the handler on its PENDING event until the caller has gone: a deterministic race
        CountDownLatch pending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        flow.onEvent = e -> {
            if (e.state() == PENDING) {
                pending.countDown();
                try {
                    release.await(T.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        start(dialect, h);
        assertThat(pending.await(T.toSeconds(), TimeUnit.SECONDS)).isTrue();
        fx.remoteHangup();
        awaitModemState(CallState.IDLE);
        release.countDown();
        CallFlowEvent end = awaitEnd();
        assertThat(flow.states()).containsExactly(PENDING, DISCONNECTED);
        assertThat(end.detail()).contains("hung up before the call was answered");
        assertThat(end.result()).contains(new CallOutcome.NoMessage(NoMessageReason.CALLER_HUNG_UP_BEFORE_ANSWER, Optional.empty()));
        assertThat(end.outcome()).isEmpty();
        assertThat(commandsSinceStart()).doesNotContain("ATA");
        assertThat(messages).isEmpty();
        assertThat(handlerThrew).isEmpty();
    }

    @Test
    void callerHangsUpWhileTheModemAnswers() throws Exception {
        fx = new GsmModemFixture("simcom");
        fx.at.when("ATA").reply("NO CARRIER");
        start("simcom", handler(MONDAY_20H).build());
        fx.at.awaitCommand("ATA", T);
        CallFlowEvent end = awaitEnd();
        assertThat(flow.states()).containsExactly(PENDING, DISCONNECTED);
        assertThat(end.detail()).contains("hung up before the call was answered");
        assertThat(end.result()).contains(new CallOutcome.NoMessage(NoMessageReason.CALLER_HUNG_UP_BEFORE_ANSWER, Optional.empty()));
        assertThat(handlerThrew).isEmpty();
        awaitModemState(CallState.IDLE);
    }

    // ------------------------------------------------------------------ failures still end the flow

    @Test
    void aFailedAnswerStillEndsTheFlow() throws Exception {
        fx = new GsmModemFixture("simcom");
        fx.at.when("ATA").reply("+CME ERROR: 3");
        start("simcom", handler(MONDAY_20H).build());
        assertTheFlowEndsInAFailure();
    }

    @Test
    void aFailedRejectionStillEndsTheFlow() throws Exception {
        fx = new GsmModemFixture("simcom");
        fx.at.when("AT+CHUP").once().thenEof(); // the modem goes away mid-rejection
        start("simcom", handler(MONDAY_10H).openHours(OpenHoursAction.REJECT).build());
        assertTheFlowEndsInAFailure();
    }

    @Test
    void aFailedDeflectionEndsTheFlowOnce() throws Exception {
        fx = new GsmModemFixture("simcom");
        fx.at.when("AT+CTFR=\"" + OFFICE + "\"").reply("+CME ERROR: 30");
        start("simcom", handler(MONDAY_10H).openHours(OpenHoursAction.DEFLECT).deflectTo(OFFICE).build());
        assertTheFlowEndsInAFailure();
    }

    /** The handler threw the modem's failure and still ended the flow, saying so. */
    private void assertTheFlowEndsInAFailure() throws InterruptedException {
        CallFlowEvent end = awaitEnd();
        assertThat(flow.states()).containsExactly(PENDING, DISCONNECTED);
        assertThat(end.detail()).startsWith("failed");
        assertThat(end.result()).get().isInstanceOf(CallOutcome.Failed.class);
        assertThat(handlerThrew).singleElement().isInstanceOf(ModemVoiceException.class);
    }

    /**
     * The recording fails after audio was captured: the box saves that audio as a message and
     * throws; the stored message must still reach {@code onMessage} (the team must learn of it).
     */
    @Test
    void aMessageSalvagedFromAFailedRecordingIsHandedOn() throws Exception {
        fx = new GsmModemFixture("simcom").answerable();
        start("simcom", handler(MONDAY_20H).build(), AfterHoursCallHandlerTest::recordFailsAfterwards);
        theCallIsAnsweredAndTheCallerSpeaks();
        CallFlowEvent end = flow.await(DISCONNECTED);
        VoicemailMessage m = awaitMessage();
        awaitHandlerReturned();
        assertThat(end.outcome()).isEmpty();
        assertThat(end.detail()).contains("partial message " + m.id());
        assertThat(end.result()).get().isInstanceOf(CallOutcome.Failed.class);
        assertThat(end.result().flatMap(CallOutcome::storedMessage).map(VoicemailMessage::id)).contains(m.id());
        assertThat(handedOff).containsExactly(m);
        assertThat(m.audioPath()).isPresent();
        assertThat(handlerThrew).singleElement().isInstanceOf(VoicemailException.class);
        assertThat(((VoicemailException) handlerThrew.get(0)).partialMessage()).contains(m);
    }

    /** Wraps the real call so that the real recording runs, then fails as if the disk hiccuped. */
    private static IncomingCall recordFailsAfterwards(IncomingCall call) {
        return delegate(IncomingCall.class, call, (method, args) -> {
            if (method.equals("answer")) {
                CallSession real = call.answer();
                return delegate(CallSession.class, real, (m, a) -> {
                    if (m.equals("record")) {
                        real.record((RecordOptions) a[0]);
                        throw new ModemVoiceException("simulated failure after the recording");
                    }
                    return NOT_HANDLED;
                });
            }
            return NOT_HANDLED;
        });
    }

    private static final Object NOT_HANDLED = new Object();

    private interface Intercept {
        Object apply(String method, Object[] args) throws Exception;
    }

    private static <T> T delegate(Class<T> type, T target, Intercept intercept) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            Object r = intercept.apply(method.getName(), args);
            if (r != NOT_HANDLED) {
                return r;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    // ------------------------------------------------------------------ (8) privacy

    @Test
    void flowEventsAndLogsNeverCarryTheFullNumber() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        List<CallFlowEvent> all = new ArrayList<>();
        try {
            fx = new GsmModemFixture("simcom").answerable();
            start("simcom", handler(MONDAY_20H).build());
            theCallIsAnsweredAndTheCallerSpeaks();
            awaitMessage();
            awaitHandlerReturned();
            awaitModemState(CallState.IDLE);
            all.addAll(flow.events);
            voice.close();
            fx.close();
            fx = null;

            // and an open-hours call that is deflected
            fx = new GsmModemFixture("simcom");
            fx.at.when("AT+CTFR=\"" + OFFICE + "\"").reply("OK");
            Flow first = flow;
            AfterHoursCallHandler h = handler(MONDAY_10H).openHours(OpenHoursAction.DEFLECT).deflectTo(OFFICE).build();
            CountDownLatch returned = new CountDownLatch(1);
            fx.open(call -> {
                try {
                    h.onIncomingCall(call);
                } finally {
                    returned.countDown();
                }
            });
            fx.ring(NUMBER);
            assertThat(returned.await(T.toSeconds(), TimeUnit.SECONDS)).isTrue();
            all.addAll(flow.events);
            assertThat(first).isNotSameAs(flow);
        } finally {
            System.setErr(err);
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(5).allSatisfy(e -> {
            assertThat(e.callerRedacted()).isEqualTo(REDACTED);
            assertThat(e.detail()).doesNotContain(DIGITS).doesNotContain("12344567");
            assertThat(e.callId()).doesNotContain("4567");
            assertThat(e.toString()).doesNotContain(DIGITS).doesNotContain("12344567");
        });
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains(REDACTED).contains("AfterHoursCallHandler");
        assertThat(logs).doesNotContain("12344567");
    }

    // ------------------------------------------------------------------ (9) configuration

    @Test
    void builderValidationNamesTheField() {
        BusinessHours h = hours(MONDAY_10H);
        VoicemailBox b = box(MONDAY_10H);
        assertThatThrownBy(() -> AfterHoursCallHandler.builder().voicemail(b).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("businessHours");
        assertThatThrownBy(() -> AfterHoursCallHandler.builder().businessHours(h).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("voicemail");
        assertThatThrownBy(() -> AfterHoursCallHandler.builder().businessHours(h).voicemail(b).openHours(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openHours");
        assertThatThrownBy(() -> AfterHoursCallHandler.builder().businessHours(h).voicemail(b)
                .openHours(OpenHoursAction.DEFLECT).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deflectTo");
        for (String bad : new String[] {"", "030 123456", "+49-30-123", "office", "+" + "1".repeat(33)}) {
            assertThatThrownBy(() -> AfterHoursCallHandler.builder().businessHours(h).voicemail(b)
                    .openHours(OpenHoursAction.DEFLECT).deflectTo(bad).build())
                    .as("deflectTo %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("deflectTo");
        }
        for (OpenHoursAction a : new OpenHoursAction[] {OpenHoursAction.DEFLECT, OpenHoursAction.REJECT}) {
            assertThatThrownBy(() -> AfterHoursCallHandler.builder().businessHours(h).voicemail(b)
                    .openHours(a).deflectTo(OFFICE).answerAfterRings(3).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("answerAfterRings");
        }
        assertThatThrownBy(() -> AfterHoursCallHandler.builder().businessHours(h).voicemail(b).answerAfterRings(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("answerAfterRings");
        for (Duration d : Stream.of(Duration.ZERO, Duration.ofSeconds(-1), null).toList()) {
            assertThatThrownBy(() -> AfterHoursCallHandler.builder().businessHours(h).voicemail(b)
                    .answerAfterRings(2).ringWait(d).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ringWait");
        }
        assertThatThrownBy(() -> AfterHoursCallHandler.builder().businessHours(h).voicemail(b).onMessage(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onMessage");
        // valid configurations build
        assertThat(AfterHoursCallHandler.builder().businessHours(h).voicemail(b).build()).isNotNull();
        assertThat(AfterHoursCallHandler.builder().businessHours(BusinessHours.never()).voicemail(b)
                .openHours(OpenHoursAction.DEFLECT).deflectTo(OFFICE).build()).isNotNull();
        assertThat(AfterHoursCallHandler.builder().businessHours(h).voicemail(b)
                .answerAfterRings(4).ringWait(Duration.ofSeconds(30)).build()).isNotNull();
    }

    @Test
    void anAlwaysClosedScheduleSendsEveryCallToVoicemailOnAFixedClock() throws Exception {
        // BusinessHours.never() keeps its own clock; the decision does not depend on it
        fx = new GsmModemFixture("simcom").answerable();
        flow = new Flow();
        start("simcom", AfterHoursCallHandler.builder().businessHours(BusinessHours.never()).voicemail(box(MONDAY_10H))
                .listener(flow).onMessage(messages::add).build());
        theCallIsAnsweredAndTheCallerSpeaks();
        flow.await(DISCONNECTED);
        assertThat(awaitMessage().terminationReason()).isEqualTo(TerminationReason.MAX_DURATION);
        awaitHandlerReturned();
        assertThat(handlerThrew).isEmpty();
    }
}
