/**
 * modem-voice: an AT-command modem on a serial port as a dependable voice endpoint, a voicemail
 * box, and the after-hours flow on top.
 *
 * <p>Exported: the API packages. {@code io.github.modemvoice.internal} (deadlines, durable file
 * writes, argument checks, threads) is not API and is exported only to the project's own testing
 * kit and CLI. The e-mail channel needs Jakarta Mail on the module path ({@code requires static}):
 * only who sends mail adds it.
 */
module io.github.modemvoice {
    requires transitive java.sql;
    requires java.net.http;
    requires jdk.httpserver;
    requires com.fazecast.jSerialComm;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires static jakarta.mail;
    requires static jakarta.activation;
    requires static org.eclipse.angus.mail;

    exports io.github.modemvoice;
    exports io.github.modemvoice.transport;
    exports io.github.modemvoice.at;
    exports io.github.modemvoice.dialect;
    exports io.github.modemvoice.dialect.gsm;
    exports io.github.modemvoice.dialect.simcom;
    exports io.github.modemvoice.dialect.quectel;
    exports io.github.modemvoice.dialect.v253;
    exports io.github.modemvoice.audio;
    exports io.github.modemvoice.call;
    exports io.github.modemvoice.voicemail;
    exports io.github.modemvoice.routing;
    exports io.github.modemvoice.pipeline;
    exports io.github.modemvoice.machine;
    exports io.github.modemvoice.web;

    exports io.github.modemvoice.internal to io.github.modemvoice.testing, io.github.modemvoice.cli;
}
