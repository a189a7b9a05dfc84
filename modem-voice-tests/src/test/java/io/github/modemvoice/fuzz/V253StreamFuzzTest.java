package io.github.modemvoice.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.at.AtChannelTestAccess;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.v253.V253AudioChannel;
import io.github.modemvoice.dialect.v253.V253Model;
import io.github.modemvoice.dialect.v253.V253Urcs;
import io.github.modemvoice.testing.MockTransport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Fuzzes the DLE un-shielder of {@link V253AudioChannel}: the receive-phase data sink that the
 * AT reader hands every byte to after {@code AT+VRX} / {@code CONNECT}. The un-shielder is a
 * private class, so it is driven through the real path: a {@link MockTransport} answers
 * {@code CONNECT}, the fuzz input is fed to the reader in input-chosen chunks (so DLE pairs
 * straddle chunk boundaries), and everything is read back through {@link V253AudioChannel#read}.
 * Every byte, {@code CONNECT} included, is fed from the fuzzing thread, as the reader thread
 * would: the reader is never fed from two threads at once (an early version of this harness
 * let the real reader thread handle {@code CONNECT} while the test fed data, and its first
 * "finding" was that race, not a bug).
 *
 * <p>Oracle: a ten-line reference un-shielder below. The PCM read back must equal the
 * reference's data bytes decoded in the model's format, and the events published must be the
 * reference's events, in order.
 */
class V253StreamFuzzTest {
    private static final V253Model[] MODELS = {
        V253Model.USR_5637, V253Model.USR_5637_ULAW, V253Model.CONEXANT_CX93001,
        new V253Model("alaw-test", 1, V253Model.SampleFormat.ALAW, '^'),
    };

    /** Input layout: byte 0 picks the model (sample format), byte 1 the read size (1-256), the rest is the stream. */
    private static final ExecutorService STARTER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "v253-fuzz-starter");
        t.setDaemon(true);
        return t;
    });
    private static final byte[] CONNECT = "\r\nCONNECT\r\n".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "30s")
    void receiveStream(byte[] input) throws Exception {
        V253Model model = MODELS[FuzzSupport.u8(input, 0) % MODELS.length];
        int chunk = 1 + FuzzSupport.u8(input, 1);
        byte[] stream = FuzzSupport.tail(input, 2);

        MockTransport port = MockTransport.commands("v253-fuzz");
        port.when("AT+VRX").reply(); // the answer is fed below, from this thread
        List<ModemEvent> published = new ArrayList<>();
        AtChannel at = AtChannel.builder(port).defaultTimeout(Duration.ofSeconds(5)).start();
        V253AudioChannel audio = new V253AudioChannel(at, model, published::add, Duration.ofSeconds(5),
                Duration.ofMillis(50), null);
        try {
            CompletableFuture<Void> started = CompletableFuture.runAsync(audio::startRecording, STARTER);
            port.awaitCommand("AT+VRX", Duration.ofSeconds(5));
            AtChannelTestAccess.feed(at, CONNECT, 0, CONNECT.length);
            started.get(5, TimeUnit.SECONDS);
            for (int off = 0; off < stream.length; off += chunk) {
                AtChannelTestAccess.feed(at, stream, off, Math.min(chunk, stream.length - off));
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[1 + (chunk | 1)]; // even and odd buffer sizes both happen
            while (true) {
                int n = audio.read(buf, 0, buf.length, Duration.ZERO);
                if (n <= 0) {
                    break; // -1: the stream ended (DLE ETX); 0: the queue is drained
                }
                if (n % 2 != 0) {
                    throw new AssertionError("odd PCM byte count " + n);
                }
                got.write(buf, 0, n);
            }
            Reference ref = Reference.unshield(stream);
            byte[] expected = new byte[ref.data.length * 2];
            model.format().decode(ref.data, 0, expected, 0, ref.data.length);
            if (!Arrays.equals(expected, got.toByteArray())) {
                throw new AssertionError("PCM differs from the reference: expected " + expected.length
                        + " bytes, got " + got.size());
            }
            if (!ref.events.equals(published)) {
                throw new AssertionError("events differ: expected " + ref.events + ", got " + published);
            }
        } finally {
            at.close();     // first: the port is gone, so closing the audio does not wait for DLE ! answers
            audio.close();
        }
    }

    /** The V.253 receive stream, un-shielded the obvious way. */
    private record Reference(byte[] data, List<ModemEvent> events) {
        static Reference unshield(byte[] s) {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            List<ModemEvent> events = new ArrayList<>();
            for (int i = 0; i < s.length; i++) {
                if (s[i] != V253Urcs.DLE) {
                    data.write(s[i]);
                } else if (i + 1 < s.length) {
                    int code = s[++i] & 0xFF;
                    if (code == V253Urcs.DLE) {
                        data.write(V253Urcs.DLE);
                    } else if (code == V253Urcs.ETX) {
                        break;
                    } else {
                        V253Urcs.dleEvent(code).ifPresent(events::add);
                    }
                }
            }
            return new Reference(data.toByteArray(), events);
        }
    }
}
