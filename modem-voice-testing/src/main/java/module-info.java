/**
 * The testing kit of modem-voice: {@code MockTransport}, {@code MockModem}, the simulated modem
 * with its per-family personas, and the pseudo-terminal bridge.
 */
module io.github.modemvoice.testing {
    requires transitive io.github.modemvoice;
    requires org.slf4j;

    exports io.github.modemvoice.testing;
}
