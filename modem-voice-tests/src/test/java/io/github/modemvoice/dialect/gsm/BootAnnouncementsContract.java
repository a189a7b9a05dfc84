package io.github.modemvoice.dialect.gsm;

import io.github.modemvoice.at.AtChannel;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.UrcParser;
import io.github.modemvoice.testing.MockTransport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every GSM family's URC parser does with the lines a module prints when it (re)starts:
 * each is a restart event, and lines that only look alike are no event at all. A family's test
 * extends this and gives its lines, with their sources, as static methods
 * {@code bootAnnouncements()} and {@code otherLines()}.
 */
public abstract class BootAnnouncementsContract {
    private final UrcParser parser;

    /** @param parser the family's URC parser */
    protected BootAnnouncementsContract(UrcParser parser) {
        this.parser = parser;
    }

    /** @return the family's event for one line, or null when the line is none */
    protected ModemEvent parse(String line) {
        return parser.parse(line).orElse(null);
    }

    @ParameterizedTest
    @MethodSource("bootAnnouncements")
    void bootAnnouncementsAreRestarts(String line) {
        assertThat(parse(line)).isEqualTo(new ModemEvent.ModemRestarted(line.strip()));
    }

    @ParameterizedTest
    @MethodSource("otherLines")
    void otherLinesAreNotRestarts(String line) {
        assertThat(parse(line)).isNull();
    }

    /**
     * Sends raw bytes through an {@link AtChannel} configured with the family's parser.
     *
     * @return the kinds of the first {@code n} events, in order
     */
    protected List<Class<?>> kindsOf(String wire, int n) throws Exception {
        MockTransport port = MockTransport.raw("modem");
        LinkedBlockingQueue<ModemEvent> events = new LinkedBlockingQueue<>();
        List<Class<?>> kinds = new ArrayList<>();
        try (AtChannel at = parser.configure(AtChannel.builder(port), events::add).start()) {
            port.emitBytes(wire.getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < n; i++) {
                ModemEvent e = events.poll(5, TimeUnit.SECONDS);
                assertThat(e).as("event %d", i).isNotNull();
                kinds.add(e.getClass());
            }
        }
        return kinds;
    }
}
