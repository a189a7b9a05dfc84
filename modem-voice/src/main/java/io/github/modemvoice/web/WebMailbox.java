package io.github.modemvoice.web;

import io.github.modemvoice.internal.Threads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.modemvoice.machine.Mailbox;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The web mailbox: a small HTTPS-capable server (the JDK's {@code jdk.httpserver}) that lists a
 * {@link MessageStore}'s messages, plays and downloads them, marks them heard or new and deletes
 * them, for one user with one password. Pages and the JSON API under {@code /api/} are
 * documented in {@code docs/WEB.md}.
 *
 * <pre>{@code
 * try (WebMailbox web = WebMailbox.builder(store, Passwords.fromFile(Path.of("web-password")))
 *         .address(new InetSocketAddress("127.0.0.1", 8080))
 *         .zone(ZoneId.of("Europe/Berlin"))
 *         .start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Security: every page but the login form redirects to it without a session, every API call
 * answers 401; session cookies are {@code HttpOnly; SameSite=Strict} (and {@code Secure} with
 * TLS); every state change needs the session's CSRF token; responses carry a strict
 * Content-Security-Policy (scripts only from this server's own file), {@code nosniff},
 * {@code no-referrer} and {@code frame-ancestors 'none'}; message ids from a request must have
 * the id form and exist in the store, so no request path ever reaches the file system; wrong
 * passwords slow down per client address ({@link LoginThrottle}).
 *
 * <p>One file on purpose: its pages, JSON API, login/CSRF and audio ranges share the private per-request {@code Request}, the sessions and the response helpers; page rendering ({@code Pages}), byte ranges ({@code ByteRange}), passwords and the login throttle are already apart.
 */
public final class WebMailbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebMailbox.class);
    static final String SESSION_COOKIE = "mv_session";
    static final String LOGIN_COOKIE = "mv_login";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "media-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final int MAX_BODY = 8192;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String[]> ASSETS = Map.of(
            "/static/app.js", new String[] {"app.js", "text/javascript; charset=utf-8"},
            "/static/style.css", new String[] {"style.css", "text/css; charset=utf-8"});

    private final MessageStore store;
    private final Passwords password;
    private final ZoneId zone;
    private final Optional<Path> directory;
    /** The mailbox view over the store and the directory: deletes with the outbox records, counts, last call. */
    private final Mailbox mailbox;
    private final Optional<Supplier<String>> modemState;
    private final boolean secureCookies;
    private final Clock clock;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final HttpServer server;
    private final ExecutorService executor;
    private final DateTimeFormatter timeFormat;
    private final Map<String, byte[]> assets = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private WebMailbox(Builder b) throws IOException {
        this.store = b.store;
        this.password = b.password;
        this.zone = b.zone;
        this.directory = Optional.ofNullable(b.directory);
        this.mailbox = new Mailbox(store, directory);
        this.modemState = Optional.ofNullable(b.modemState);
        this.secureCookies = b.secureCookies != null ? b.secureCookies : b.keystore != null;
        this.clock = b.clock;
        this.sessions = new Sessions(clock);
        this.throttle = new LoginThrottle(clock);
        this.timeFormat = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm:ss zzz", Locale.ENGLISH).withZone(zone);
        for (Map.Entry<String, String[]> e : ASSETS.entrySet()) {
            try (InputStream in = WebMailbox.class.getResourceAsStream(e.getValue()[0])) {
                if (in == null) {
                    throw new IllegalStateException("web asset " + e.getValue()[0] + " is missing from the jar");
                }
                assets.put(e.getKey(), in.readAllBytes());
            }
        }
        if (b.keystore != null) {
            HttpsServer https = HttpsServer.create(b.address, 32);
            https.setHttpsConfigurator(new HttpsConfigurator(sslContext(b.keystore, b.keystorePassword)));
            server = https;
        } else {
            server = HttpServer.create(b.address, 32);
        }
        executor = Executors.newFixedThreadPool(4, Threads.numbered("web"));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("web mailbox listening on {}://{}", b.keystore != null ? "https" : "http", address());
    }

    /**
     * @param store    the messages
     * @param password the login password
     * @return a builder
     */
    public static Builder builder(MessageStore store, Passwords password) {
        return new Builder(store, password);
    }

    /** @return the address the server listens on (with the real port when 0 was asked for) */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops the server; the store stays open. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static SSLContext sslContext(Path keystore, char[] keystorePassword) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, keystorePassword);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, keystorePassword);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-keystore: cannot use " + keystore + " as a PKCS#12 keystore: "
                    + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ dispatch

    /** The methods the mailbox answers; any other is 405 with an {@code Allow} header. */
    private static final List<String> ALLOWED_METHODS = List.of("GET", "HEAD", "POST", "DELETE");

    /** What a handler needs about one request. */
    private final class Request {
        final HttpExchange ex;
        final String method;
        final String path;
        final Map<String, String> cookies;
        Optional<Sessions.Session> session = Optional.empty();
        /** The form fields, once read (not an exchange attribute: the JDK shares those across a context). */
        Map<String, String> form;

        Request(HttpExchange ex) {
            this.ex = ex;
            this.method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            this.path = ex.getRequestURI().getRawPath();
            this.cookies = cookies(ex.getRequestHeaders().getFirst("Cookie"));
        }

        String query() {
            String q = ex.getRequestURI().getRawQuery();
            return q == null ? "" : q;
        }

        String client() {
            return ex.getRemoteAddress().getAddress().getHostAddress();
        }

        boolean isForm() {
            String ct = ex.getRequestHeaders().getFirst("Content-Type");
            return ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        }
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            securityHeaders(ex);
            Request r = new Request(ex);
            try {
                route(r);
            } catch (BadRequest e) {
                error(r, e.status, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("web mailbox: {} {} failed: {}", r.method, r.path.length() > 80 ? r.path.substring(0, 80) : r.path,
                        e.toString());
                error(r, 500, "internal error");
            }
        } catch (IOException e) {
            LOG.debug("web mailbox: client went away: {}", e.toString());
        }
    }

    /** @return a 405 for this resource, its {@code Allow} header set (RFC 9110, 15.5.6) */
    private static BadRequest notAllowed(Request r, String... allowed) {
        r.ex.getResponseHeaders().set("Allow", String.join(", ", allowed));
        return new BadRequest(405, "method not allowed");
    }

    /** An answer other than 200, with its status. */
    private static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private void route(Request r) throws IOException {
        String p = r.path;
        if (!ALLOWED_METHODS.contains(r.method)) {
            // TRACE, PUT, OPTIONS, ...: not a method of this server, logged in or not
            r.ex.getResponseHeaders().set("Allow", String.join(", ", ALLOWED_METHODS));
            throw new BadRequest(405, "method not allowed");
        }
        if (ASSETS.containsKey(p) && (r.method.equals("GET") || r.method.equals("HEAD"))) {
            String[] a = ASSETS.get(p);
            r.ex.getResponseHeaders().set("Cache-Control", "no-cache");
            send(r, 200, a[1], assets.get(p));
            return;
        }
        if (p.equals("/favicon.ico")) {
            throw new BadRequest(404, "not found");
        }
        if (p.equals("/login")) {
            if (r.method.equals("GET") || r.method.equals("HEAD")) {
                loginPage(r, 200, null);
            } else if (r.method.equals("POST")) {
                login(r);
            } else {
                throw notAllowed(r, "GET", "HEAD", "POST");
            }
            return;
        }
        r.session = sessions.find(r.cookies.get(SESSION_COOKIE));
        boolean api = p.equals("/api") || p.startsWith("/api/");
        if (r.session.isEmpty()) {
            if (api) {
                throw new BadRequest(401, "login required");
            }
            redirect(r, "/login");
            return;
        }
        if (!r.method.equals("GET") && !r.method.equals("HEAD")) {
            requireCsrf(r);
        }
        if (api) {
            api(r, p.substring(4));
        } else {
            page(r, p);
        }
    }

    private void page(Request r, String p) throws IOException {
        if (p.equals("/") && isRead(r)) {
            send(r, 200, "text/html; charset=utf-8", Pages.list(this, r.session.get().csrf, ordered(), status())
                    .getBytes(StandardCharsets.UTF_8));
        } else if (p.equals("/logout") && r.method.equals("POST")) {
            sessions.remove(r.session.get().id);
            r.ex.getResponseHeaders().add("Set-Cookie", cookie(SESSION_COOKIE, "", 0));
            redirect(r, "/login");
        } else if (p.startsWith("/messages/") && p.endsWith("/delete") && isRead(r)) {
            VoicemailMessage m = message(p.substring("/messages/".length(), p.length() - "/delete".length()));
            send(r, 200, "text/html; charset=utf-8", Pages.confirmDelete(this, r.session.get().csrf, m)
                    .getBytes(StandardCharsets.UTF_8));
        } else {
            throw new BadRequest(404, "not found");
        }
    }

    private void api(Request r, String p) throws IOException {
        if (p.equals("/status") && isRead(r)) {
            sendJson(r, 200, status());
            return;
        }
        if (p.equals("/messages") && isRead(r)) {
            ObjectNode root = JSON.createObjectNode();
            ArrayNode list = root.putArray("messages");
            ordered().forEach(m -> list.add(json(m)));
            sendJson(r, 200, root);
            return;
        }
        if (!p.startsWith("/messages/")) {
            throw new BadRequest(404, "not found");
        }
        String rest = p.substring("/messages/".length());
        int slash = rest.indexOf('/');
        String idPart = slash < 0 ? rest : rest.substring(0, slash);
        String action = slash < 0 ? "" : rest.substring(slash);
        VoicemailMessage m = message(idPart);
        switch (action) {
            case "" -> {
                if (isRead(r)) {
                    sendJson(r, 200, json(m));
                } else if (r.method.equals("DELETE")) {
                    delete(m);
                    sendEmpty(r, 204);
                } else {
                    throw notAllowed(r, "GET", "HEAD", "DELETE");
                }
            }
            case "/audio" -> {
                if (!isRead(r)) {
                    throw notAllowed(r, "GET", "HEAD");
                }
                audio(r, m);
            }
            case "/heard" -> {
                if (!r.method.equals("POST")) {
                    throw notAllowed(r, "POST");
                }
                boolean heard = heardFlag(r);
                VoicemailMessage updated = store.markHeard(m.id(), heard);
                if (r.isForm()) {
                    redirect(r, "/#m-" + m.id());
                } else {
                    sendJson(r, 200, json(updated));
                }
            }
            case "/delete" -> {
                if (!r.method.equals("POST")) {
                    throw notAllowed(r, "POST");
                }
                delete(m);
                if (r.isForm()) {
                    redirect(r, "/");
                } else {
                    sendEmpty(r, 204);
                }
            }
            default -> throw new BadRequest(404, "not found");
        }
    }

    private static boolean isRead(Request r) {
        return r.method.equals("GET") || r.method.equals("HEAD");
    }

    // ------------------------------------------------------------------ login

    private void login(Request r) throws IOException {
        Map<String, String> form = form(r);
        String expected = r.cookies.get(LOGIN_COOKIE);
        String given = form.get("csrf");
        if (expected == null || given == null || !java.security.MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
            loginPage(r, 403, "Your login form had expired. Please try again.");
            return;
        }
        String client = r.client();
        Optional<Duration> wait = throttle.waitBeforeTrying(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            r.ex.getResponseHeaders().set("Retry-After", Long.toString(seconds));
            loginPage(r, 429, "Too many wrong passwords. Try again in " + seconds + " s.");
            return;
        }
        String typed = form.getOrDefault("password", "");
        if (typed.isEmpty() || !password.matches(typed.toCharArray())) {
            throttle.failed(client);
            LOG.warn("web mailbox: wrong password from {}", client);
            loginPage(r, 401, "Wrong password.");
            return;
        }
        throttle.succeeded(client);
        Sessions.Session s = sessions.create();
        r.ex.getResponseHeaders().add("Set-Cookie", cookie(SESSION_COOKIE, s.id, -1));
        r.ex.getResponseHeaders().add("Set-Cookie", cookie(LOGIN_COOKIE, "", 0));
        redirect(r, "/");
    }

    private void loginPage(Request r, int status, String error) throws IOException {
        if (sessions.find(r.cookies.get(SESSION_COOKIE)).isPresent() && status == 200) {
            redirect(r, "/");
            return;
        }
        // keep a login token the browser already holds: a second tab, or the favicon request
        // that follows a redirect, must not invalidate the form that is already showing
        String token = r.cookies.get(LOGIN_COOKIE);
        if (token == null || !Sessions.looksLikeToken(token)) {
            token = Sessions.randomToken();
            r.ex.getResponseHeaders().add("Set-Cookie", cookie(LOGIN_COOKIE, token, -1));
        }
        send(r, status, "text/html; charset=utf-8", Pages.login(token, error).getBytes(StandardCharsets.UTF_8));
    }

    private void requireCsrf(Request r) throws IOException {
        String token = r.ex.getRequestHeaders().getFirst(CSRF_HEADER);
        if (token == null && r.isForm()) {
            token = form(r).get("csrf");
        }
        if (!r.session.get().csrfMatches(token)) {
            throw new BadRequest(403, r.isForm() ? "This page had expired (its form token is missing or old)."
                    + " Go back to the messages, reload them and try again." : "missing or wrong CSRF token");
        }
    }

    private String cookie(String name, String value, int maxAge) {
        return name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (secureCookies ? "; Secure" : "")
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
    }

    // ------------------------------------------------------------------ messages

    /** Unheard first, then heard; newest first within each. */
    private List<VoicemailMessage> ordered() {
        List<VoicemailMessage> all = new ArrayList<>(store.list());
        all.sort(Comparator.comparing(VoicemailMessage::heard)
                .thenComparing(VoicemailMessage::startedAt, Comparator.reverseOrder())
                .thenComparing(VoicemailMessage::id, Comparator.reverseOrder()));
        return all;
    }

    /** The id from a request path segment, validated by form and looked up in the store. */
    private VoicemailMessage message(String segment) {
        if (!MessageIds.isValid(segment)) {
            throw new BadRequest(404, "no such message");
        }
        return store.get(segment).orElseThrow(() -> new BadRequest(404, "no such message"));
    }

    private void delete(VoicemailMessage m) {
        // its notification records go too
        if (!mailbox.delete(m.id())) {
            throw new BadRequest(404, "no such message");
        }
        LOG.info("web mailbox: message {} deleted", m.id());
    }

    private boolean heardFlag(Request r) throws IOException {
        String value;
        if (r.isForm()) {
            value = form(r).get("heard");
        } else {
            JsonNode n;
            try {
                n = JSON.readTree(body(r));
            } catch (IOException e) {
                throw new BadRequest(400, "body must be JSON like {\"heard\": true}");
            }
            JsonNode h = n == null ? null : n.get("heard");
            value = h != null && h.isBoolean() ? Boolean.toString(h.booleanValue()) : null;
        }
        if (!"true".equals(value) && !"false".equals(value)) {
            throw new BadRequest(400, "heard must be true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private void audio(Request r, VoicemailMessage m) throws IOException {
        byte[] inMemory = null;
        long size;
        if (m.audioPath().isPresent()) {
            try {
                size = Files.size(m.audioPath().get()); // a path the store gave, never one from the request
            } catch (IOException e) {
                throw new BadRequest(404, "the message has no audio");
            }
        } else {
            try (InputStream in = store.openAudio(m.id())) {
                inMemory = in.readAllBytes();
            } catch (NoSuchElementException e) {
                throw new BadRequest(404, "the message has no audio");
            }
            size = inMemory.length;
        }
        var h = r.ex.getResponseHeaders();
        String etag = "\"" + m.id() + "-" + size + "\"";
        h.set("Accept-Ranges", "bytes");
        h.set("ETag", etag);
        h.set("Cache-Control", "private, no-cache");
        if (r.query().contains("download=1")) {
            h.set("Content-Disposition", "attachment; filename=\"" + m.id() + ".wav\"");
        }
        String ifRange = r.ex.getRequestHeaders().getFirst("If-Range");
        Optional<ByteRange> range;
        try {
            range = ifRange != null && !ifRange.equals(etag) ? Optional.empty()
                    : ByteRange.parse(r.ex.getRequestHeaders().getFirst("Range"), size);
        } catch (ByteRange.Unsatisfiable e) {
            h.set("Content-Range", "bytes */" + size);
            sendEmpty(r, 416);
            return;
        }
        h.set("Content-Type", "audio/wav");
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        range.ifPresent(br -> h.set("Content-Range", "bytes " + br.first() + "-" + br.last() + "/" + size));
        int status = range.isPresent() ? 206 : 200;
        if (r.method.equals("HEAD")) {
            h.set("Content-Length", Long.toString(length));
            r.ex.sendResponseHeaders(status, -1);
            return;
        }
        try (InputStream in = inMemory != null ? new java.io.ByteArrayInputStream(inMemory) : store.openAudio(m.id())) {
            in.skipNBytes(first);
            r.ex.sendResponseHeaders(status, length == 0 ? -1 : length);
            try (OutputStream out = r.ex.getResponseBody()) {
                copy(in, out, length);
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[16384];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("the audio ended " + left + " bytes early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    // ------------------------------------------------------------------ JSON

    String localTime(java.time.Instant t) {
        return timeFormat.format(t);
    }

    ObjectNode json(VoicemailMessage m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", m.id());
        n.put("started_at", m.startedAt().toString());
        n.put("started_local", localTime(m.startedAt()));
        n.put("caller", callerShown(m));
        n.put("caller_redacted", m.callerRedacted());
        if (m.callerName().isPresent()) {
            n.put("caller_name", m.callerName().get());
        } else {
            n.putNull("caller_name");
        }
        n.put("duration_seconds", Math.round(m.durationSeconds() * 1000) / 1000.0);
        n.put("termination_reason", m.terminationReason().name());
        n.put("ended_by", Pages.endedBy(m));
        n.put("heard", m.heard());
        n.put("transcript", m.transcript());
        if (m.transcriptError().isPresent()) {
            n.put("transcript_error", m.transcriptError().get());
        } else {
            n.putNull("transcript_error");
        }
        n.put("size_bytes", m.sizeBytes());
        n.put("audio_url", "/api/messages/" + m.id() + "/audio");
        return n;
    }

    /** @return the caller as the store holds it (per its privacy policy), or the redacted form */
    static String callerShown(VoicemailMessage m) {
        return m.caller().orElse(m.callerRedacted());
    }

    ObjectNode status() {
        ObjectNode n = JSON.createObjectNode();
        n.put("time_zone", zone.getId());
        if (modemState.isPresent()) {
            String s;
            try {
                s = modemState.get().get();
            } catch (RuntimeException e) {
                s = "unknown (" + e.getClass().getSimpleName() + ")";
            }
            n.put("modem", s);
        } else {
            n.putNull("modem");
        }
        List<VoicemailMessage> all = store.list();
        n.put("messages", all.size());
        n.put("new_messages", all.stream().filter(m -> !m.heard()).count());
        Optional<VoicemailMessage> last = all.stream().max(Comparator.comparing(VoicemailMessage::startedAt));
        if (last.isPresent()) {
            n.put("last_message_at", last.get().startedAt().toString());
            n.put("last_message_local", localTime(last.get().startedAt()));
        } else {
            n.putNull("last_message_at");
            n.putNull("last_message_local");
        }
        // the answering machine's own record of its last call (answered or not), when it runs on this directory
        Optional<java.time.Instant> lastCall = mailbox.lastCallAt();
        if (lastCall.isPresent()) {
            n.put("last_call_at", lastCall.get().toString());
            n.put("last_call_local", localTime(lastCall.get()));
        } else {
            n.putNull("last_call_at");
            n.putNull("last_call_local");
        }
        if (directory.isPresent()) {
            n.put("notifications_waiting", count(mailbox::notificationsWaiting));
            n.put("notifications_failed", count(mailbox::notificationsFailed));
            Path probe = directory.get().toAbsolutePath();
            while (probe != null && !Files.exists(probe)) {
                probe = probe.getParent();
            }
            try {
                FileStore fs = Files.getFileStore(Objects.requireNonNull(probe));
                n.put("disk_free_bytes", fs.getUsableSpace());
                n.put("disk_total_bytes", fs.getTotalSpace());
            } catch (IOException | RuntimeException e) {
                n.putNull("disk_free_bytes");
                n.putNull("disk_total_bytes");
            }
        } else {
            n.putNull("notifications_waiting");
            n.putNull("notifications_failed");
            n.putNull("disk_free_bytes");
            n.putNull("disk_total_bytes");
        }
        return n;
    }

    private static long count(LongSupplier records) {
        try {
            return records.getAsLong();
        } catch (UncheckedIOException e) {
            LOG.debug("{}", e.toString()); // the page shows 0 rather than fail while the outbox is busy
            return 0;
        }
    }

    // ------------------------------------------------------------------ HTTP plumbing

    private static void securityHeaders(HttpExchange ex) {
        var h = ex.getResponseHeaders();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        h.set("Cache-Control", "no-store");
    }

    private void error(Request r, int status, String message) throws IOException {
        // a browser's form (the page's buttons post to /api/...) gets a page, a program JSON
        if ((r.path.startsWith("/api/") || r.path.equals("/api")) && !r.isForm()) {
            ObjectNode n = JSON.createObjectNode();
            n.put("error", message);
            sendJson(r, status, n);
        } else {
            send(r, status, "text/html; charset=utf-8", Pages.error(status, message).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void sendJson(Request r, int status, JsonNode n) throws IOException {
        send(r, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(n));
    }

    private static void send(Request r, int status, String type, byte[] body) throws IOException {
        r.ex.getResponseHeaders().set("Content-Type", type);
        if (r.method.equals("HEAD")) {
            r.ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            r.ex.sendResponseHeaders(status, -1);
            return;
        }
        r.ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = r.ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sendEmpty(Request r, int status) throws IOException {
        r.ex.sendResponseHeaders(status, -1);
    }

    private static void redirect(Request r, String location) throws IOException {
        r.ex.getResponseHeaders().set("Location", location);
        sendEmpty(r, 303);
    }

    private static byte[] body(Request r) throws IOException {
        try (InputStream in = r.ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new BadRequest(413, "request body too large");
            }
            return b;
        }
    }

    /** The form fields of a urlencoded body, read once per request. */
    private Map<String, String> form(Request r) throws IOException {
        if (r.form != null) {
            return r.form;
        }
        Map<String, String> out = new HashMap<>();
        if (r.isForm()) {
            String text = new String(body(r), StandardCharsets.UTF_8);
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                try {
                    String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    out.putIfAbsent(k, v);
                } catch (IllegalArgumentException e) {
                    throw new BadRequest(400, "malformed form data");
                }
            }
        }
        r.form = out;
        return out;
    }

    private static Map<String, String> cookies(String header) {
        Map<String, String> out = new HashMap<>();
        if (header == null) {
            return out;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return out;
    }

    /** Builds and starts a {@link WebMailbox}. */
    public static final class Builder {
        private final MessageStore store;
        private final Passwords password;
        private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 8080);
        private ZoneId zone = ZoneId.systemDefault();
        private Path directory;
        private Supplier<String> modemState;
        private Path keystore;
        private char[] keystorePassword;
        private Boolean secureCookies;
        private Clock clock = Clock.systemUTC();

        private Builder(MessageStore store, Passwords password) {
            this.store = Objects.requireNonNull(store, "store");
            this.password = Objects.requireNonNull(password, "password");
        }

        /**
         * @param address where to listen (default {@code 127.0.0.1:8080}; port 0 picks a free one)
         * @return this builder
         */
        public Builder address(InetSocketAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * @param zone the time zone pages show times in (default: the system's)
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * @param directory the message directory: the status panel counts the notifications
         *                  waiting in its {@code outbox/} and shows the free space of its disk
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * @param modemState what the status panel says about the modem (only inside {@code answer})
         * @return this builder
         */
        public Builder modemState(Supplier<String> modemState) {
            this.modemState = Objects.requireNonNull(modemState, "modemState");
            return this;
        }

        /**
         * Serves HTTPS with the key and certificate of a PKCS#12 keystore.
         *
         * @param keystore the keystore file
         * @param password its password (also the key's)
         * @return this builder
         */
        public Builder tls(Path keystore, char[] password) {
            this.keystore = Objects.requireNonNull(keystore, "keystore");
            this.keystorePassword = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * @param secure whether cookies carry {@code Secure} (default: only with {@link #tls});
         *               set it behind a reverse proxy that terminates TLS
         * @return this builder
         */
        public Builder secureCookies(boolean secure) {
            this.secureCookies = secure;
            return this;
        }

        /**
         * @param clock the clock for sessions and the login throttle (tests)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the running server
         * @throws IllegalArgumentException when the keystore cannot be used
         * @throws java.io.UncheckedIOException when the address cannot be bound
         */
        public WebMailbox start() {
            try {
                return new WebMailbox(this);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("--http: cannot listen on " + address + ": " + e.getMessage(), e);
            }
        }
    }
}
