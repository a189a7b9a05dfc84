package io.github.modemvoice.dialect;

import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.dialect.ModemEvent.CallerId;
import io.github.modemvoice.dialect.ModemEvent.Presentation;
import io.github.modemvoice.dialect.gsm.GsmUrcs;
import io.github.modemvoice.dialect.quectel.QuectelDialect;
import io.github.modemvoice.dialect.simcom.SimcomDialect;
import io.github.modemvoice.dialect.v253.V253Dialect;
import io.github.modemvoice.dialect.v253.V253Model;
import io.github.modemvoice.testing.EventRecorder;
import io.github.modemvoice.testing.MockTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Caller id in each form lines and modules send it, fed to a dialect's parser as the bytes
 * arrive on the wire (CR LF framing, blanks, unknown tags), without a modem. The source of each
 * form is in docs/MODEM-FACTS.md ("Analog caller id", "GSM caller id").
 */
class CallerIdAsSentTest {
    private MockTransport port;
    private AtChannel at;
    private final EventRecorder events = new EventRecorder();

    @AfterEach
    void close() {
        if (at != null) {
            at.close();
        }
    }

    /** The dialect's URC parser on a channel over a raw port, as {@code ModemLine.open} wires it. */
    private void wire(Dialect dialect) {
        port = MockTransport.raw("ttyTEST");
        at = dialect.urcParser().configure(AtChannel.builder(port).defaultTimeout(Duration.ofSeconds(2)), events).start();
        dialect.attach(at, e -> at.post(() -> events.accept(e)));
    }

    /** Sends the bytes, then waits until the channel has handled them (an unrelated line marks the end). */
    private List<ModemEvent> feed(String bytes) {
        port.emitBytes((bytes + "\r\nEND-OF-TEST\r\n").getBytes(StandardCharsets.ISO_8859_1));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (events.all().stream().noneMatch(e -> e instanceof ModemEvent.Unrecognized
                && ((ModemEvent.Unrecognized) e).line().equals("END-OF-TEST"))) {
            assertThat(System.nanoTime() - deadline).as("events so far: %s", events.all()).isNegative();
            Thread.onSpinWait();
        }
        return events.all().stream().filter(e -> !(e instanceof ModemEvent.Unrecognized)).collect(Collectors.toList());
    }

    private static List<CallerId> callerIds(List<ModemEvent> events) {
        return events.stream().filter(CallerId.class::isInstance).map(CallerId.class::cast).collect(Collectors.toList());
    }

    private static long rings(List<ModemEvent> events) {
        return events.stream().filter(ModemEvent.Ring.class::isInstance).count();
    }

    // ------------------------------------------------------------------ analog (V.253 +VCID=1)

    @Test
    void usRoboticsBlanksAroundTheEqualsSign() {
        wire(new V253Dialect(V253Model.USR_5637));
        List<ModemEvent> e = feed("\r\nRING\r\n\r\nDATE = 1121\r\nTIME = 2215\r\nNMBR = 5551234\r\nNAME = ALICE SMITH\r\n"
                + "\r\nRING\r\n");
        assertThat(callerIds(e)).containsExactly(new CallerId("5551234", Optional.of("ALICE SMITH"), Presentation.ALLOWED));
        assertThat(rings(e)).isEqualTo(2);
    }

    @Test
    void conexantWithoutBlanksAndWithoutAName() {
        wire(new V253Dialect(V253Model.CONEXANT_CX93001));
        List<ModemEvent> e = feed("\r\nRING\r\n\r\nDATE=1121\r\nTIME=2215\r\nNMBR=5551234\r\n\r\nRING\r\n");
        assertThat(callerIds(e)).containsExactly(new CallerId("5551234", Optional.empty(), Presentation.ALLOWED));
    }

    @Test
    void privateAndOutOfArea() {
        wire(new V253Dialect(V253Model.CONEXANT_CX93001));
        List<ModemEvent> e = feed("\r\nRING\r\n\r\nDATE=1121\r\nTIME=2215\r\nNMBR=P\r\nNAME=P\r\n\r\nRING\r\n"
                + "\r\nRING\r\n\r\nDATE = 1121\r\nTIME = 2216\r\nNMBR = O\r\nNAME = O\r\n\r\nRING\r\n");
        assertThat(callerIds(e)).containsExactly(new CallerId("", Optional.empty(), Presentation.WITHHELD),
                new CallerId("", Optional.empty(), Presentation.UNAVAILABLE));
    }

    @Test
    void unknownTagsAmongTheFieldsDoNotSplitTheMessage() {
        wire(new V253Dialect(V253Model.CONEXANT_CX93001));
        // MESG: an element the modem could not decode, in hex (Rockwell, mgetty cnd.c); XTAG stands for any
        // tag this parser does not know
        List<ModemEvent> e = feed("\r\nRING\r\n\r\nMESG = 060342\r\nDATE = 1121\r\nTIME = 2215\r\nNMBR = 5551234\r\n"
                + "XTAG = 17\r\nNAME = BOB\r\n\r\nRING\r\n");
        assertThat(callerIds(e)).containsExactly(new CallerId("5551234", Optional.of("BOB"), Presentation.ALLOWED));
    }

    @Test
    void bellCanadaDdnNmbrIsTheCallersNumber() {
        wire(new V253Dialect(V253Model.CONEXANT_CX93001));
        // as a Rockwell-based modem prints it: no blank before the equals sign, NAME first
        List<ModemEvent> e = feed("\r\nRING\r\n\r\nDATE = 0910\r\nTIME = 0137\r\nNAME = O\r\nDDN_NMBR= 9932562\r\n"
                + "\r\nRING\r\n");
        assertThat(callerIds(e)).containsExactly(new CallerId("9932562", Optional.empty(), Presentation.ALLOWED));
    }

    @Test
    void ukLinesSendTheCallerIdBeforeTheFirstRing() {
        wire(new V253Dialect(V253Model.USR_5637));
        List<ModemEvent> e = feed("\r\nDATE = 1121\r\nTIME = 2215\r\nNMBR = 02079460000\r\n\r\nRING\r\n\r\nRING\r\n");
        assertThat(e.get(0)).isEqualTo(new CallerId("02079460000", Optional.empty(), Presentation.ALLOWED));
        assertThat(rings(e)).isEqualTo(2);
    }

    // ------------------------------------------------------------------ GSM (3GPP TS 27.007)

    @Test
    void cringFromAModuleLeftWithCrcOn() {
        wire(new SimcomDialect());
        List<ModemEvent> e = feed("\r\n+CRING: VOICE\r\n\r\n+CLIP: \"+4915112344567\",145,\"\",0,\"\",0\r\n");
        assertThat(rings(e)).isEqualTo(1);
        assertThat(callerIds(e)).containsExactly(new CallerId("+4915112344567", Optional.empty(), Presentation.ALLOWED));
    }

    @Test
    void withheldAndUnavailableClipForms() {
        wire(new QuectelDialect());
        List<ModemEvent> e = feed("\r\nRING\r\n\r\n+CLIP: \"\",128,\"\",0,\"\",1\r\n"
                + "\r\nRING\r\n\r\n+CLIP: \"\",128,,,,2\r\n"
                + "\r\nRING\r\n\r\n+CLIP: \"\",128\r\n");
        assertThat(callerIds(e)).extracting(CallerId::presentation)
                .containsExactly(Presentation.WITHHELD, Presentation.UNAVAILABLE, Presentation.WITHHELD);
        assertThat(callerIds(e)).allMatch(id -> id.number().isEmpty());
    }

    @Test
    void theAlphaFieldIsTheCallersName() {
        wire(new SimcomDialect());
        List<ModemEvent> e = feed("\r\nRING\r\n\r\n+CLIP: \"+4930123456\",145,\"\",0,\"Alice Smith\",0\r\n");
        assertThat(callerIds(e)).containsExactly(new CallerId("+4930123456", Optional.of("Alice Smith"), Presentation.ALLOWED));
    }

    @Test
    void ringReportedTwiceArrivesAsTwoRingEventsForTheCallLayerToCountOnce() {
        wire(new SimcomDialect());
        List<ModemEvent> e = feed("\r\nRING\r\n\r\nRING\r\n\r\n+CLIP: \"+4930123456\",145,\"\",0,\"\",0\r\n");
        assertThat(rings(e)).as("the parser reports what came; ModemCall debounces").isEqualTo(2);
    }

    @Test
    void clccLinesOfARingingIncomingCall() {
        assertThat(GsmUrcs.parseClcc(" 1,1,4,0,0,\"+4930123456\",145")).isEqualTo(
                new CallerId("+4930123456", Optional.empty(), Presentation.ALLOWED));
        assertThat(GsmUrcs.parseClcc(" 1,1,4,0,0,\"\",128,\"\",,1")).isEqualTo(
                new CallerId("", Optional.empty(), Presentation.WITHHELD));
        assertThat(GsmUrcs.parseClcc(" 1,1,5,0,0,\"+4930123456\",145,\"Bob\"")).isEqualTo(
                new CallerId("+4930123456", Optional.of("Bob"), Presentation.ALLOWED));
        assertThat(GsmUrcs.parseClcc(" 1,0,0,0,0,\"+4930123456\",145")).as("an outgoing call").isNull();
        assertThat(GsmUrcs.parseClcc(" 1,1,0,0,0,\"+4930123456\",145")).as("an active call").isNull();
    }
}
