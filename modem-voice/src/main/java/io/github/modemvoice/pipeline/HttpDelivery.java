package io.github.modemvoice.pipeline;

import io.github.modemvoice.OperationInterruptedException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/** Posts a JSON body and maps the outcome onto delivered / retryable / permanent. */
final class HttpDelivery {
    private final URI endpoint;
    private final Duration requestTimeout;
    private final HttpClient client;

    HttpDelivery(URI endpoint, Duration connectTimeout, Duration requestTimeout) {
        this.endpoint = requireHttpUrl(endpoint);
        CommandTranscriber.requirePositive(connectTimeout);
        CommandTranscriber.requirePositive(requestTimeout);
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static URI requireHttpUrl(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme();
        if (!url.isAbsolute() || url.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("url: must be an absolute http or https URL");
        }
        return url;
    }

    /**
     * @param body    the exact bytes to send
     * @param headers name, value, name, value...
     * @throws NotificationException unless the answer is 2xx: retryable for timeouts, I/O
     *                               failures, 408, 425, 429 and 5xx; permanent otherwise, also
     *                               for redirects (3xx), which are never followed: a signed body
     *                               goes only to the configured URL; the message names the
     *                               {@code Location} (without its query)
     */
    void post(String what, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new NotificationException(what + ": " + where() + " did not answer within " + requestTimeout, true, e);
        } catch (IOException e) {
            throw new NotificationException(what + ": " + where() + " unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationInterruptedException(what + " delivery", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status <= 299) {
            return;
        }
        String body2 = response.body() == null ? "" : response.body();
        String msg = what + ": " + where() + " answered HTTP " + status;
        if (status >= 300 && status <= 399) {
            msg += " (redirect to " + response.headers().firstValue("Location").map(HttpDelivery::withoutQuery)
                    .orElse("nowhere: no Location header")
                    + "; not followed: signed notifications go only to the configured URL, fix the URL)";
        }
        msg += body2.isBlank() ? "" : ": " + Excerpts.head(body2, 200);
        throw new NotificationException(msg, isRetryable(status), null, status);
    }

    /**
     * @param status an HTTP status that is not 2xx
     * @return true for the statuses where a later attempt may succeed: 5xx, 408 (request
     *         timeout), 425 (too early) and 429 (too many requests); 3xx and the other 4xx
     *         (400, 401, 403, 404, 410, ...: a wrong URL, secret or body) are permanent
     */
    static boolean isRetryable(int status) {
        return status >= 500 || status == 408 || status == 425 || status == 429;
    }

    private static String withoutQuery(String location) {
        String s = location.strip();
        int cut = s.indexOf('?');
        return Excerpts.head(cut < 0 ? s : s.substring(0, cut), 200);
    }

    /** The endpoint without its path or query: webhook paths often embed secrets (Slack's do). */
    String where() {
        return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() >= 0 ? ":" + endpoint.getPort() : "");
    }
}
