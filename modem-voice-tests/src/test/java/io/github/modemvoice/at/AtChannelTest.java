package io.github.modemvoice.at;

import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.simcom.SimcomUrcs;
import io.github.modemvoice.testing.EventRecorder;
import io.github.modemvoice.testing.MockTransport;
import io.github.modemvoice.transport.TransportLostException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.github.modemvoice.testing.PcmBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtChannelTest {
    private final MockTransport mock = MockTransport.commands("at");
    private final EventRecorder events = new EventRecorder();
    private AtChannel channel;

    private AtChannel start() {
        // lines become events through a family's parser, as a ModemLine wires it
        channel = SimcomUrcs.INSTANCE.configure(AtChannel.builder(mock).defaultTimeout(Duration.ofSeconds(2)), events).start();
        return channel;
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.close();
        }
    }

    @Test
    void okResponseWithLines() {
        mock.when("AT+CGMM").reply("+CGMM: SIMCOM_SIM7600E-H", "OK");
        AtResponse r = start().execute("AT+CGMM");
        assertThat(r.result()).isEqualTo(FinalResult.OK);
        assertThat(r.lines()).containsExactly("+CGMM: SIMCOM_SIM7600E-H");
        assertThat(r.value("+CGMM:")).contains("SIMCOM_SIM7600E-H");
        assertThat(mock.writtenBytes()).isEqualTo("AT+CGMM\r".getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ATI|OK|OK", "ATI|ERROR|ERROR", "AT+CPIN?|+CME ERROR: 10|CME_ERROR", "AT+CMGS=1|+CMS ERROR: 304|CMS_ERROR",
            "ATD123;|NO CARRIER|NO_CARRIER", "ATD123;|BUSY|BUSY", "ATD123;|NO ANSWER|NO_ANSWER",
            "ATD123;|NO DIALTONE|NO_DIALTONE", "ATA|NO CARRIER|NO_CARRIER", "AT+VTX|CONNECT|CONNECT",
            "AT+VLS=1|VCON|VCON"})
    void everyFinalResultCode(String command, String finalLine, FinalResult expected) {
        mock.when(command).reply(finalLine);
        AtResponse r = start().execute(command);
        assertThat(r.result()).isEqualTo(expected);
        assertThat(r.finalLine()).isEqualTo(finalLine);
    }

    /** The modem answers the command with a failing final result: executeOk throws the typed exception. */
    private AbstractThrowableAssert<?, ? extends Throwable> assertThatExecuteOkFails(String command, String finalLine) {
        mock.when(command).reply(finalLine);
        start();
        return assertThatThrownBy(() -> channel.executeOk(command)).isInstanceOf(AtCommandException.class);
    }

    @Test
    void cmeErrorCodeAndTypedException() {
        assertThatExecuteOkFails("AT+CPIN?", "+CME ERROR: 10")
                .hasMessageContaining("AT+CPIN?")
                .hasMessageContaining("+CME ERROR: 10")
                .satisfies(e -> assertThat(((AtCommandException) e).errorCode()).contains(10));
    }

    @Test
    void verboseCmeErrorHasNoNumericCode() {
        mock.when("AT+CPIN?").reply("+CME ERROR: SIM not inserted");
        AtResponse r = start().execute("AT+CPIN?");
        assertThat(r.result()).isEqualTo(FinalResult.CME_ERROR);
        assertThat(r.errorCode()).isEmpty();
    }

    @Test
    void noCarrierOutsideDialIsAnEventNotAResult() {
        mock.when("AT+CHUP").reply("NO CARRIER", "OK");
        AtResponse r = start().execute("AT+CHUP");
        assertThat(r.result()).isEqualTo(FinalResult.OK);
        assertThat(events.next()).isEqualTo(new ModemEvent.CallEnded(ModemEvent.EndSignal.NO_CARRIER, Optional.empty()));
    }

    @Test
    void timeoutNamesTheCommand() {
        mock.when("AT+CSQ").reply("+CSQ: 20,99"); // no final result code
        start();
        assertThatThrownBy(() -> channel.execute("AT+CSQ", Duration.ofMillis(100)))
                .isInstanceOf(AtTimeoutException.class)
                .hasMessageContaining("AT+CSQ").hasMessageContaining("100 ms");
        // the channel keeps working after a timeout
        mock.when("AT").reply("OK");
        assertThat(channel.execute("AT").result()).isEqualTo(FinalResult.OK);
    }

    @Test
    void dialCommandsDoNotLeakTheNumber() {
        assertThatExecuteOkFails("AT+CTFR=\"+4915112344567\"", "ERROR")
                .hasMessageNotContaining("4915112344567");
    }

    @Test
    void echoIsSkipped() {
        mock.echo(true);
        mock.when("AT+CLIP=1").reply("OK");
        mock.when("ATI").reply("SIMCOM INCORPORATED", "MODEL: SIMCOM_SIM7600E-H", "OK");
        start();
        assertThat(channel.execute("AT+CLIP=1").lines()).isEmpty();
        assertThat(channel.execute("ATI").lines()).containsExactly("SIMCOM INCORPORATED", "MODEL: SIMCOM_SIM7600E-H");
    }

    @Test
    void blankLinesAndBareLineFeedsAreIgnored() {
        mock.when("ATI").replyBytes("\r\n\r\n\r\nQuectel\n\nEC25\r\r\nOK\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(start().execute("ATI").lines()).containsExactly("Quectel", "EC25");
    }

    @Test
    void urcsInterleavedWithAResponseKeepTheirOrder() {
        mock.when("AT+CLCC").reply("RING", "+CLCC: 1,1,4,0,0,\"+4915112344567\",145", "+CLIP: \"+4915112344567\",145",
                "+DTMF: 7", "OK");
        AtResponse r = start().execute("AT+CLCC");
        assertThat(r.lines()).containsExactly("+CLCC: 1,1,4,0,0,\"+4915112344567\",145");
        assertThat(events.next()).isInstanceOf(ModemEvent.Ring.class);
        assertThat(events.next()).isInstanceOf(ModemEvent.CallerId.class);
        assertThat(events.next()).isEqualTo(new ModemEvent.Dtmf('7', Optional.empty()));
    }

    @Test
    void unsolicitedLinesArriveInOrderAndUnknownOnesAreNotDropped() {
        start();
        for (String l : new String[] {"RING", "+CLIP: \"\",128", "VOICE CALL: BEGIN", "+DTMF:5", "+RXDTMF: #",
                "+CREG: 5", "VOICE CALL: END: 000003", "MISSED_CALL: 10:00AM 1234567", "BUSY"}) {
            mock.emitLine(l);
        }
        assertThat(events.next()).isInstanceOf(ModemEvent.Ring.class);
        assertThat(events.next()).isInstanceOf(ModemEvent.CallerId.class);
        assertThat(events.next()).isInstanceOf(ModemEvent.CallConnected.class);
        assertThat(events.next()).isEqualTo(new ModemEvent.Dtmf('5', Optional.empty()));
        assertThat(events.next()).isEqualTo(new ModemEvent.Dtmf('#', Optional.empty()));
        assertThat(events.next()).isEqualTo(new ModemEvent.Unrecognized("+CREG: 5"));
        assertThat(events.next()).isEqualTo(new ModemEvent.CallEnded(ModemEvent.EndSignal.VOICE_CALL_END,
                Optional.of(Duration.ofSeconds(3))));
        assertThat(events.next()).isInstanceOf(ModemEvent.MissedCall.class);
        assertThat(events.next()).isEqualTo(new ModemEvent.CallEnded(ModemEvent.EndSignal.BUSY, Optional.empty()));
    }

    @Test
    void eofMidResponseFailsTheCommandAndIsAnEvent() {
        mock.when("ATI").reply("SIMCOM").thenEof();
        start();
        assertThatThrownBy(() -> channel.execute("ATI"))
                .isInstanceOf(TransportLostException.class)
                .hasMessageContaining("end of file");
        assertThat(events.next(ModemEvent.TransportLost.class).reason()).contains("end of file");
        assertThat(channel.isAlive()).isFalse();
        // later commands fail fast instead of hanging
        assertThatThrownBy(() -> channel.execute("AT")).isInstanceOf(TransportLostException.class);
    }

    @Test
    void garbageIsSurvived() {
        start();
        byte[] noise = new byte[5000];
        new java.util.Random(7).nextBytes(noise);
        for (int i = 0; i < noise.length; i++) {
            if (noise[i] == '\r' || noise[i] == '\n') {
                noise[i] = 0; // one long noisy line without terminator, then a real one
            }
        }
        mock.emitBytes(noise);
        mock.emitBytes(new byte[] {0, 0, (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\r', '\n'});
        byte[] huge = new byte[1 << 20];
        Arrays.fill(huge, (byte) 'A');
        mock.emitBytes(huge);
        mock.emitLine("RING");
        mock.when("AT").reply("OK");
        // the noise was either discarded (over-long) or delivered as an unrecognised line; RING still arrives
        ModemEvent e;
        do {
            e = events.next();
            assertThat(e).isInstanceOf(ModemEvent.Unrecognized.class.isInstance(e) ? ModemEvent.Unrecognized.class : ModemEvent.Ring.class);
            if (e instanceof ModemEvent.Unrecognized u) {
                assertThat(u.line().length()).isLessThanOrEqualTo(4096 * 3);
                assertThat(u.line()).doesNotContain("\u0000");
            }
        } while (!(e instanceof ModemEvent.Ring));
        assertThat(channel.execute("AT").result()).isEqualTo(FinalResult.OK);
    }

    @Test
    void overlongLineIsDiscardedAndTheNextLineParsed() {
        channel = SimcomUrcs.INSTANCE.configure(AtChannel.builder(mock).maxLineLength(64), events).start();
        mock.emitBytes(("X".repeat(1000) + "\r\nRING\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(events.next()).isInstanceOf(ModemEvent.Ring.class);
    }

    @Test
    void aThrowingListenerDoesNotStopDelivery() {
        start();
        channel.addListener((line, meaning) -> {
            throw new IllegalStateException("listener bug");
        });
        mock.emitLine("RING");
        mock.emitLine("RING");
        assertThat(events.next()).isInstanceOf(ModemEvent.Ring.class);
        assertThat(events.next()).isInstanceOf(ModemEvent.Ring.class);
        mock.when("AT").reply("OK");
        assertThat(channel.execute("AT").isSuccess()).isTrue();
    }

    @Test
    void commandsFromSeveralThreadsAreSerialised() throws Exception {
        mock.whenMatches("AT\\+N=\\d+").then(m -> {
            String last = m.commands().get(m.commands().size() - 1);
            m.emitLine("+N: " + last.substring(5));
            m.emitLine("OK");
        });
        start();
        CompletableFuture<?>[] fs = new CompletableFuture<?>[8];
        for (int t = 0; t < fs.length; t++) {
            int id = t;
            fs[t] = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 25; i++) {
                    String n = id + "" + i;
                    assertThat(channel.execute("AT+N=" + n).lines()).containsExactly("+N: " + n);
                }
            });
        }
        CompletableFuture.allOf(fs).get(20, TimeUnit.SECONDS);
        assertThat(mock.commands()).hasSize(200);
    }

    @Test
    void unscriptedCommandFailsLoudly() {
        mock.when("AT").reply("OK");
        start();
        assertThatThrownBy(() -> channel.execute("AT+FOO"))
                .isInstanceOf(MockTransport.UnscriptedCommandError.class)
                .hasMessageContaining("AT+FOO").hasMessageContaining("\"AT\"");
        assertThatThrownBy(mock::assertNoUnscriptedCommands).hasMessageContaining("AT+FOO");
    }

    @Test
    void dataPhaseAfterConnectGetsTheBytesThatArriveWithIt() {
        byte[] payload = {1, 2, 3, 0x10, 0x10, 4, 0x10, 0x03};
        byte[] connectAndData = new byte[10 + payload.length];
        System.arraycopy("\r\nCONNECT\r\n".getBytes(StandardCharsets.US_ASCII), 0, connectAndData, 0, 11 - 1);
        byte[] all = concat("\r\nCONNECT\r\n".getBytes(StandardCharsets.US_ASCII), payload,
                "\r\nOK\r\n".getBytes(StandardCharsets.US_ASCII));
        mock.when("AT+VRX").replyBytes(all);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        DataSink sink = new DataSink() {
            boolean done;
            boolean dle;

            @Override
            public int accept(byte[] d, int off, int len) {
                for (int i = 0; i < len; i++) {
                    byte b = d[off + i];
                    if (dle) {
                        dle = false;
                        if (b == 0x03) {
                            done = true;
                            return i + 1;
                        }
                        got.write(b);
                    } else if (b == 0x10) {
                        dle = true;
                    } else {
                        got.write(b);
                    }
                }
                return len;
            }

            @Override
            public boolean isDone() {
                return done;
            }
        };
        start();
        assertThat(channel.execute("AT+VRX", Duration.ofSeconds(2), sink).result()).isEqualTo(FinalResult.CONNECT);
        assertThat(events.next()).isEqualTo(new ModemEvent.Unrecognized("OK"));
        assertThat(got.toByteArray()).containsExactly(1, 2, 3, 0x10, 4);
    }

    @Test
    void dleCodesInCommandModeGoToTheDleListener() {
        start();
        java.util.concurrent.LinkedBlockingQueue<Integer> codes = new java.util.concurrent.LinkedBlockingQueue<>();
        channel.setDleListener(codes::add);
        mock.emitBytes(new byte[] {0x10, '5', 0x10, 'b', '\r', '\n', 'R', 'I', 'N', 'G', '\r', '\n'});
        assertThat(events.next()).isInstanceOf(ModemEvent.Ring.class);
        assertThat(codes).containsExactly((int) '5', (int) 'b');
    }

    @Test
    void closeStopsTheReaderAndFailsLaterCommands() {
        start();
        channel.close();
        assertThat(mock.isClosed()).isTrue();
        assertThatThrownBy(() -> channel.execute("AT")).isInstanceOf(TransportLostException.class);
    }

    @Test
    void aLateResultOfATimedOutCommandIsNotTakenForTheNextOne() {
        mock.when("AT+SLOW").reply("+SLOW: working");
        mock.when("AT+NEXT").reply("ERROR");
        start();
        assertThatThrownBy(() -> channel.execute("AT+SLOW", Duration.ofMillis(100))).isInstanceOf(AtTimeoutException.class);
        mock.emitLine("OK"); // AT+SLOW's answer, too late
        AtResponse next = channel.execute("AT+NEXT");
        assertThat(next.result()).isEqualTo(FinalResult.ERROR);
    }

    @Test
    void unrecognisedLinesDoNotShowNumbersInToString() {
        assertThat(new ModemEvent.Unrecognized("+CCWA: \"+4915112344567\",145").toString()).doesNotContain("4915112344567");
    }

    // ---------------------------------------------------------------- executeRaw

    @Test
    void executeRawAwaitsTheFinalResultAfterADataPhase() {
        mock.when("AT+VTX").reply("CONNECT").thenCaptureDleData("OK");
        start();
        assertThat(channel.execute("AT+VTX").result()).isEqualTo(FinalResult.CONNECT);
        channel.writeRaw(new byte[] {1, 0x10, 0x10, 2}, 0, 4);
        AtResponse r = channel.executeRaw(new byte[] {0x10, 0x03}, "<DLE><ETX>", Duration.ofSeconds(2));
        assertThat(r.result()).isEqualTo(FinalResult.OK);
        assertThat(r.command()).isEqualTo("<DLE><ETX>");
        assertThat(mock.captured()).containsExactly(new byte[] {1, 0x10, 2});
        // the OK went to executeRaw, not to the listeners as an unrecognised line
        mock.when("AT").reply("OK");
        channel.executeOk("AT");
        assertThat(events.all()).noneMatch(e -> e instanceof ModemEvent.Unrecognized);
    }

    @Test
    void executeRawAnswerFollowingTheEndOfAReceiveStream() {
        mock.when("AT+VRX").replyBytes("\r\nCONNECT\r\n\u0001\u0002".getBytes(StandardCharsets.ISO_8859_1));
        mock.when(MockTransport.dle('!')).replyBytes(new byte[] {0x10, 0x03}).reply("OK");
        start();
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        DataSink sink = new DataSink() {
            private boolean dle;
            private volatile boolean done;

            @Override
            public int accept(byte[] data, int offset, int length) {
                for (int i = 0; i < length; i++) {
                    byte b = data[offset + i];
                    if (dle) {
                        if (b == 0x03) {
                            done = true;
                            return i + 1;
                        }
                        dle = false;
                    } else if (b == 0x10) {
                        dle = true;
                    } else {
                        synchronized (got) {
                            got.write(b);
                        }
                    }
                }
                return length;
            }

            @Override
            public boolean isDone() {
                return done;
            }
        };
        assertThat(channel.execute("AT+VRX", Duration.ofSeconds(2), sink).result()).isEqualTo(FinalResult.CONNECT);
        AtResponse r = channel.executeRaw(new byte[] {0x10, '!'}, "<DLE>!", Duration.ofSeconds(2));
        assertThat(r.result()).isEqualTo(FinalResult.OK);
        synchronized (got) {
            assertThat(got.toByteArray()).containsExactly(1, 2);
        }
        assertThat(events.all()).noneMatch(e -> e instanceof ModemEvent.Unrecognized);
    }

    @Test
    void executeRawTimesOutNamingTheLabel() {
        mock.when(MockTransport.dle('!')).reply(); // the modem says nothing
        start();
        assertThatThrownBy(() -> channel.executeRaw(new byte[] {0x10, '!'}, "<DLE>!", Duration.ofMillis(200)))
                .isInstanceOf(AtTimeoutException.class)
                .hasMessageContaining("<DLE>!");
    }

}
