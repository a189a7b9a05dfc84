package io.github.modemvoice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.modemvoice.pipeline.WebhookNotifier;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * {@code demo --webhook-receiver}: a webhook receiver on a free port of 127.0.0.1 that checks
 * each notification's signature and prints what it got, so the demo shows the whole flow without
 * a server of one's own. A receiver of one's own does the same (see the README).
 */
final class DemoWebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

    DemoWebhookReceiver(Output out) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            boolean signed = WebhookNotifier.verifySignature(WebhookNotifier.secretOf(secret), body,
                    ex.getRequestHeaders().getFirst(WebhookNotifier.SIGNATURE_HEADER));
            ex.sendResponseHeaders(signed ? 204 : 401, -1);
            ex.close();
            synchronized (out) {
                out.raw("");
                out.raw("The local webhook receiver got (" + (signed ? "signature valid" : "SIGNATURE INVALID") + ", "
                        + WebhookNotifier.IDEMPOTENCY_HEADER + " " + ex.getRequestHeaders().getFirst(WebhookNotifier.IDEMPOTENCY_HEADER) + "):");
                try {
                    out.raw(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(body)));
                } catch (IOException e) {
                    out.raw(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/voicemail");
    }

    String secret() {
        return secret;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
