package io.github.modemvoice.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A java.net.http client for the web mailbox that keeps its cookies by hand and never follows redirects. */
final class WebClient {
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private final HttpClient http;
    private final String base;
    final Map<String, String> cookies = new LinkedHashMap<>();

    WebClient(String base) {
        this(base, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    WebClient(String base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return b;
    }

    HttpResponse<byte[]> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        for (String c : r.headers().allValues("Set-Cookie")) {
            String nv = c.split(";", 2)[0];
            int eq = nv.indexOf('=');
            String name = nv.substring(0, eq);
            String value = nv.substring(eq + 1);
            if (value.isEmpty()) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return r;
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return send(request(path));
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    HttpResponse<byte[]> postForm(String path, Map<String, String> fields) throws IOException, InterruptedException {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<byte[]> postJson(String path, String json, String csrf) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (csrf != null) {
            b.header(WebMailbox.CSRF_HEADER, csrf);
        }
        return send(b);
    }

    /** @return the CSRF field of a page */
    static String csrfOf(HttpResponse<byte[]> page) {
        Matcher m = CSRF_FIELD.matcher(text(page));
        assertThat(m.find()).as("a csrf field in the page").isTrue();
        return m.group(1);
    }

    /** Logs in and returns the session's CSRF token. */
    String login(String password) throws IOException, InterruptedException {
        HttpResponse<byte[]> form = get("/login");
        HttpResponse<byte[]> r = postForm("/login", Map.of("csrf", csrfOf(form), "password", password));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/");
        return csrfOf(get("/"));
    }

    /** @return the Set-Cookie headers of a response */
    static List<String> setCookies(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie");
    }
}
