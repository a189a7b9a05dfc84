package io.github.modemvoice.dialect.simcom;

import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.dialect.ModemEvent.EndSignal;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.gsm.BootAnnouncementsContract;
import io.github.modemvoice.testing.MockTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIMCom's URCs as the modules print them (SIM7600 AT manual; ModemManager
 * mm-modem-helpers-simtech.c and its tests), first as lines, then as raw bytes through a channel.
 */
class SimcomUrcsTest extends BootAnnouncementsContract {

    SimcomUrcsTest() {
        super(SimcomUrcs.INSTANCE);
    }

    @Test
    void voiceCallBeginAndEndWithItsDuration() {
        assertThat(parse("VOICE CALL: BEGIN")).isEqualTo(new ModemEvent.CallConnected());
        assertThat(parse("VOICE CALL: END: 000012"))
                .isEqualTo(new ModemEvent.CallEnded(EndSignal.VOICE_CALL_END, Optional.of(Duration.ofSeconds(12))));
        assertThat(parse("VOICE CALL: END: 000041"))
                .isEqualTo(new ModemEvent.CallEnded(EndSignal.VOICE_CALL_END, Optional.of(Duration.ofSeconds(41))));
        assertThat(parse("VOICE CALL:END")).isEqualTo(new ModemEvent.CallEnded(EndSignal.VOICE_CALL_END, Optional.empty()));
        assertThat(parse("voice call: end: 010203"))
                .isEqualTo(new ModemEvent.CallEnded(EndSignal.VOICE_CALL_END, Optional.of(Duration.ofSeconds(3723))));
    }

    @Test
    void missedCallKeepsTimeAndNumber() {
        assertThat(parse("MISSED_CALL: 11:02AM 5551234")).isEqualTo(new ModemEvent.MissedCall("11:02AM", "5551234"));
        assertThat(parse("MISSED_CALL: 11:01AM 07712345678")).isEqualTo(new ModemEvent.MissedCall("11:01AM", "07712345678"));
        assertThat(parse("MISSED_CALL: 11:02AM \"+15551234\"")).isEqualTo(new ModemEvent.MissedCall("11:02AM", "+15551234"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+RXDTMF: 8", "+RXDTMF:8", "RXDTMF: 8", "+DTMF: 8", "+DTMF:8", "+DTMF: \"8\"", "  +RXDTMF: 8  "})
    void dtmfInEverySimcomForm(String line) {
        assertThat(parse(line)).isEqualTo(new ModemEvent.Dtmf('8', Optional.empty()));
    }

    @Test
    void sim800DdetCarriesTheTonesLength() {
        assertThat(parse("+DTMF: 5,160")).isEqualTo(new ModemEvent.Dtmf('5', Optional.of(Duration.ofMillis(160))));
    }

    @Test
    void quectelFormsAreNotSimcoms() {
        assertThat(parse("+QTONEDET: 56")).isNull();
    }

    @Test
    void fallsBackToTheCommonForms() {
        assertThat(parse("RING")).isEqualTo(new ModemEvent.Ring());
        assertThat(parse("NO CARRIER")).isEqualTo(new ModemEvent.CallEnded(EndSignal.NO_CARRIER, Optional.empty()));
        assertThat(parse("+CLIP: \"+393351391306\",145,,,,0")).isInstanceOf(ModemEvent.CallerId.class);
    }

    static List<String> bootAnnouncements() {
        // SIM800 manual V1.09 section 19.3: RDY, +CFUN: 1, +CPIN: READY, Call Ready, SMS Ready;
        // a SIM7600 boot log: RDY, +CPIN: READY, SMS DONE, PB DONE
        return List.of("RDY", "+CPIN: READY", "SMS DONE", "PB DONE", "+CFUN: 1", "Call Ready", "SMS Ready",
                "+CPIN:READY", "  RDY  ", "call ready");
    }

    static List<String> otherLines() {
        return List.of("+CPIN: SIM PIN", "+CFUN: 0", "+QIND: PB DONE", "+QUSIM: 1", "RDY2", "SMS DONE!");
    }

    @Test
    void aSim7600BootBurstThroughTheChannelIsFourRestartEvents() throws Exception {
        // a SIM7600 boot log: RDY, +CPIN: READY, SMS DONE; PB DONE last (drivers wait for it)
        assertThat(kindsOf("\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nSMS DONE\r\n\r\nPB DONE\r\n", 4))
                .containsOnly(ModemEvent.ModemRestarted.class).hasSize(4);
    }

    @Test
    void aSim800BootBurstThroughTheChannelIsFiveRestartEvents() throws Exception {
        // SIM800 Series AT Command Manual V1.09 section 19.3
        assertThat(kindsOf("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nCall Ready\r\n\r\nSMS Ready\r\n", 5))
                .containsOnly(ModemEvent.ModemRestarted.class).hasSize(5);
    }

    @Test
    void cpinReadyAnsweringAtCpinIsAResponseNotARestart() throws Exception {
        MockTransport port = MockTransport.commands("simcom");
        port.when("AT+CPIN?").reply("+CPIN: READY", "OK");
        LinkedBlockingQueue<ModemEvent> events = new LinkedBlockingQueue<>();
        try (AtChannel at = SimcomUrcs.INSTANCE.configure(AtChannel.builder(port), events::add).start()) {
            assertThat(at.executeOk("AT+CPIN?").lines()).containsExactly("+CPIN: READY");
            port.emitLine("RING"); // a marker: events are delivered in order
            assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo(new ModemEvent.Ring());
            assertThat(events).isEmpty();
        }
    }

    @Test
    void rawBytesWithDoubleCarriageReturnsThroughTheChannel() throws Exception {
        // ModemManager: "Note! using TWO <CR> instead of one" before +RXDTMF and +CRING
        MockTransport port = MockTransport.raw("simcom");
        LinkedBlockingQueue<ModemEvent> events = new LinkedBlockingQueue<>();
        try (AtChannel at = SimcomUrcs.INSTANCE.configure(AtChannel.builder(port), events::add).start()) {
            port.emitBytes(("\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nPB DONE\r\n"
                    + "\r\nRING\r\n\r\n+CLIP: \"+15551234567\",145,\"\",0,\"\",0\r\n"
                    + "\r\nVOICE CALL: BEGIN\r\n\r\r\n+RXDTMF: 8\r\r\n\r\nVOICE CALL: END: 000012\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            List<Class<?>> kinds = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ModemEvent e = events.poll(5, TimeUnit.SECONDS);
                assertThat(e).as("event %d", i).isNotNull();
                kinds.add(e.getClass());
                if (e instanceof ModemEvent.Dtmf d) {
                    assertThat(d.key()).isEqualTo('8');
                }
            }
            assertThat(kinds).containsExactly(ModemEvent.ModemRestarted.class, ModemEvent.ModemRestarted.class,
                    ModemEvent.ModemRestarted.class, ModemEvent.Ring.class, ModemEvent.CallerId.class,
                    ModemEvent.CallConnected.class, ModemEvent.Dtmf.class, ModemEvent.CallEnded.class);
        }
    }
}
