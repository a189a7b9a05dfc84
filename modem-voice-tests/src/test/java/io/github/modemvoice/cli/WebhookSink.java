package io.github.modemvoice.cli;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local webhook receiver answering with a settable status; records each request's Idempotency-Key and body. */
final class WebhookSink implements AutoCloseable {
    final HttpServer server;
    /** The Idempotency-Key of every request answered 2xx, in order. */
    final List<String> acknowledged = new CopyOnWriteArrayList<>();
    /** The Idempotency-Key of every request. */
    final List<String> keys = new CopyOnWriteArrayList<>();
    /** The body of every request (UTF-8), in order. */
    final List<String> bodies = new CopyOnWriteArrayList<>();
    volatile int status = 200;

    WebhookSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
            int answer = status;
            keys.add(key);
            if (answer / 100 == 2) {
                acknowledged.add(key);
            }
            ex.sendResponseHeaders(answer, -1);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
