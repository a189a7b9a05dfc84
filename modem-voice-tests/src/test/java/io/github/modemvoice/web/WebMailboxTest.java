package io.github.modemvoice.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modemvoice.pipeline.MutableClock;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;

import static io.github.modemvoice.web.WebClient.text;
import static org.assertj.core.api.Assertions.assertThat;

class WebMailboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-21T22:15:03Z");
    private static final String NASTY_CALLER = "<script>alert(1)</script>\u202E+4915112344567";
    private static final String NASTY_NAME = "<b>Anna</b>\u202E";
    private static final String NASTY_TRANSCRIPT = "call me <img src=x onerror=alert(2)> & \"quote\" 'single'";

    @TempDir
    Path tmp;

    private DirectoryMessageStore store;
    private MutableClock clock;
    private WebMailbox web;
    private WebClient client;
    private VoicemailMessage older;
    private VoicemailMessage newer;

    @BeforeEach
    void start() {
        store = new DirectoryMessageStore(tmp.resolve("vm"));
        older = WebFixture.store(store, T0, "+4915112344567", "hello there", Duration.ofMillis(1500));
        newer = WebFixture.store(store, T0.plusSeconds(3600), NASTY_CALLER, NASTY_TRANSCRIPT, Duration.ofSeconds(1),
                java.util.Optional.of(NASTY_NAME));
        clock = new MutableClock(T0);
        web = WebMailbox.builder(store, Passwords.of(WebFixture.PASSWORD))
                .address(new InetSocketAddress("127.0.0.1", 0))
                .zone(ZoneId.of("Europe/Berlin"))
                .directory(tmp.resolve("vm"))
                .modemState(() -> "idle")
                .clock(clock)
                .start();
        client = new WebClient("http://127.0.0.1:" + web.address().getPort());
    }

    @AfterEach
    void stop() {
        web.close();
        store.close();
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    // ------------------------------------------------------------------ authentication

    @ParameterizedTest
    @ValueSource(strings = {"/", "/messages/20261121T221503Z-abcdefgh/delete", "/nowhere"})
    void pagesRedirectToTheLoginWithoutASession(String path) throws Exception {
        HttpResponse<byte[]> r = client.get(path);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/login");
    }

    @Test
    void everyApiCallAnswers401WithoutASession() throws Exception {
        String id = older.id();
        for (HttpRequest.Builder b : new HttpRequest.Builder[] {
                client.request("/api/messages"), client.request("/api/status"), client.request("/api/messages/" + id),
                client.request("/api/messages/" + id + "/audio"),
                client.request("/api/messages/" + id + "/heard").POST(HttpRequest.BodyPublishers.ofString("{\"heard\":true}")),
                client.request("/api/messages/" + id).DELETE(),
                client.request("/api/messages/" + id + "/delete").POST(HttpRequest.BodyPublishers.noBody())}) {
            HttpResponse<byte[]> r = client.send(b);
            assertThat(r.statusCode()).as(b.build().toString()).isEqualTo(401);
            assertThat(json(r).get("error").asText()).isEqualTo("login required");
        }
        assertThat(store.get(id)).get().extracting(VoicemailMessage::heard).isEqualTo(false);
    }

    @Test
    void theLoginFormAndItsAssetsNeedNoSession() throws Exception {
        HttpResponse<byte[]> login = client.get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(text(login)).contains("type=\"password\"");
        assertThat(client.get("/static/app.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(client.get("/static/style.css").statusCode()).isEqualTo(200);
        assertThat(client.get("/static/../pom.xml").statusCode()).isIn(303, 404);
    }

    @Test
    void aSessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        client.login(WebFixture.PASSWORD);
        HttpResponse<byte[]> form = client.get("/login"); // logged in: sent on to the list
        assertThat(form.statusCode()).isEqualTo(303);
        WebClient other = new WebClient("http://127.0.0.1:" + web.address().getPort());
        HttpResponse<byte[]> page = other.get("/login");
        HttpResponse<byte[]> r = other.postForm("/login", Map.of("csrf", WebClient.csrfOf(page), "password", WebFixture.PASSWORD));
        String session = WebClient.setCookies(r).stream().filter(c -> c.startsWith(WebMailbox.SESSION_COOKIE + "="))
                .findFirst().orElseThrow();
        assertThat(session).contains("HttpOnly", "SameSite=Strict", "Path=/").doesNotContain("Secure");
        assertThat(other.cookies.get(WebMailbox.SESSION_COOKIE)).isNotEqualTo(client.cookies.get(WebMailbox.SESSION_COOKIE))
                .hasSizeGreaterThanOrEqualTo(43);
    }

    @Test
    void wrongPasswordsAreRefused() throws Exception {
        HttpResponse<byte[]> form = client.get("/login");
        HttpResponse<byte[]> r = client.postForm("/login", Map.of("csrf", WebClient.csrfOf(form), "password", "guess"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(text(r)).contains("Wrong password.");
        assertThat(client.cookies).doesNotContainKey(WebMailbox.SESSION_COOKIE);
        assertThat(client.get("/api/messages").statusCode()).isEqualTo(401);
    }

    @Test
    void theLoginFormNeedsItsOwnToken() throws Exception {
        client.get("/login");
        HttpResponse<byte[]> r = client.postForm("/login", Map.of("csrf", "forged", "password", WebFixture.PASSWORD));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(client.cookies).doesNotContainKey(WebMailbox.SESSION_COOKIE);
    }

    @Test
    void wrongPasswordsSlowDownPerAddressOnTheInjectedClock() throws Exception {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES + 1; i++) {
            HttpResponse<byte[]> r = client.postForm("/login", Map.of("csrf", WebClient.csrfOf(client.get("/login")),
                    "password", "guess " + i));
            assertThat(r.statusCode()).isEqualTo(401);
        }
        // now even the right password must wait a second
        HttpResponse<byte[]> blocked = client.postForm("/login", Map.of("csrf", WebClient.csrfOf(client.get("/login")),
                "password", WebFixture.PASSWORD));
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(client.cookies).doesNotContainKey(WebMailbox.SESSION_COOKIE);
        clock.advance(Duration.ofSeconds(1));
        client.login(WebFixture.PASSWORD);
        assertThat(client.get("/api/messages").statusCode()).isEqualTo(200);
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        String csrf = client.login(WebFixture.PASSWORD);
        String session = client.cookies.get(WebMailbox.SESSION_COOKIE);
        HttpResponse<byte[]> r = client.postForm("/logout", Map.of("csrf", csrf));
        assertThat(r.statusCode()).isEqualTo(303);
        client.cookies.put(WebMailbox.SESSION_COOKIE, session); // a stolen copy is worthless now
        assertThat(client.get("/api/messages").statusCode()).isEqualTo(401);
    }

    @Test
    void sessionsExpireWhenIdle() throws Exception {
        client.login(WebFixture.PASSWORD);
        clock.advance(Sessions.IDLE.plusSeconds(1));
        assertThat(client.get("/api/messages").statusCode()).isEqualTo(401);
    }

    // ------------------------------------------------------------------ CSRF and headers

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "OPTIONS", "TRACE", "PATCH"})
    void otherMethodsAre405WithAllowLoggedInOrNot(String method) throws Exception {
        for (boolean loggedIn : new boolean[] {false, true}) {
            if (loggedIn) {
                client.login(WebFixture.PASSWORD);
            }
            for (String path : new String[] {"/", "/api/messages/" + older.id(), "/login"}) {
                HttpResponse<byte[]> r = client.send(client.request(path).method(method, HttpRequest.BodyPublishers.noBody()));
                assertThat(r.statusCode()).as("%s %s (logged in: %s)", method, path, loggedIn).isEqualTo(405);
                assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD, POST, DELETE");
            }
        }
        assertThat(store.get(older.id())).isPresent();
        // a method the server knows but this resource does not take: its own Allow
        HttpResponse<byte[]> r = client.send(client.request("/login").DELETE());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
    }

    @Test
    void stateChangesNeedTheSessionsCsrfToken() throws Exception {
        String csrf = client.login(WebFixture.PASSWORD);
        String path = "/api/messages/" + older.id();
        assertThat(client.postJson(path + "/heard", "{\"heard\":true}", null).statusCode()).isEqualTo(403);
        assertThat(client.postJson(path + "/heard", "{\"heard\":true}", "x" + csrf).statusCode()).isEqualTo(403);
        assertThat(client.send(client.request(path).DELETE()).statusCode()).isEqualTo(403);
        assertThat(client.postForm(path + "/delete", Map.of()).statusCode()).isEqualTo(403);
        assertThat(client.postForm(path + "/delete", Map.of("csrf", "wrong")).statusCode()).isEqualTo(403);
        assertThat(client.postForm("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(store.get(older.id())).get().extracting(VoicemailMessage::heard).isEqualTo(false);
        // a browser's form without the token gets a page in words, a program JSON
        HttpResponse<byte[]> form = client.postForm(path + "/delete", Map.of());
        assertThat(form.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(text(form)).contains("This page had expired", "<a href=\"/\">Back to the messages</a>").doesNotContain("{\"error\"");
        HttpResponse<byte[]> api = client.postJson(path + "/heard", "{\"heard\":true}", null);
        assertThat(json(api).get("error").asText()).isEqualTo("missing or wrong CSRF token");

        HttpResponse<byte[]> ok = client.postJson(path + "/heard", "{\"heard\":true}", csrf);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).get("heard").asBoolean()).isTrue();
        assertThat(store.get(older.id())).get().extracting(VoicemailMessage::heard).isEqualTo(true);
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        for (HttpResponse<byte[]> r : Arrays.asList(client.get("/login"), client.get("/api/status"), client.get("/"),
                client.get("/static/app.js"))) {
            assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(WebMailbox.CSP);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        }
        assertThat(WebMailbox.CSP).contains("script-src 'self'", "frame-ancestors 'none'", "default-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        client.login(WebFixture.PASSWORD);
        String page = text(client.get("/"));
        assertThat(page).containsPattern("<script src=\"/static/app.js\" defer></script>")
                .doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain("style=", "onclick", "http://", "https://");
    }

    // ------------------------------------------------------------------ pages

    @Test
    void theListShowsNewMessagesFirstWithLocalTimeCallerDurationEndingAndTranscript() throws Exception {
        client.login(WebFixture.PASSWORD);
        store.markHeard(newer.id(), true);
        String page = text(client.get("/"));
        int olderAt = page.indexOf("id=\"m-" + older.id());
        int newerAt = page.indexOf("id=\"m-" + newer.id());
        assertThat(olderAt).isPositive().isLessThan(newerAt); // unheard first, although older
        assertThat(page).contains("Sat 21 Nov 2026, 23:15:03 CET", "+4915112344567", "1.5 s", "caller pressed #",
                "hello there", "<audio controls preload=\"metadata\" src=\"/api/messages/" + older.id() + "/audio\">");
        assertThat(page).contains("<dd data-field=\"modem\">idle</dd>", "1 new of 2");
    }

    @Test
    void callerNamesAndTranscriptsAreShownAsText() throws Exception {
        client.login(WebFixture.PASSWORD);
        String page = text(client.get("/"));
        assertThat(page).doesNotContain("<script>alert", "<img", "\u202E")
                // the list shows the number redacted; the full one (policy full) opens on a click, escaped
                .contains("<summary title=\"Show the number\"><bdi class=\"caller\">+***4567</bdi></summary>")
                .contains("<bdi class=\"caller-full\">&lt;script&gt;alert(1)&lt;/script&gt;[U+202E]+4915112344567</bdi>"
                        + "</a></details> <bdi class=\"caller-name\">&lt;b&gt;Anna&lt;/b&gt;[U+202E]</bdi>")
                .contains("call me &lt;img src=x onerror=alert(2)&gt; &amp; &quot;quote&quot; &#39;single&#39;");
        String confirm = text(client.get("/messages/" + newer.id() + "/delete"));
        assertThat(confirm).doesNotContain("<script>alert", "\u202E", "4915112344567").contains("+***4567", "&lt;b&gt;Anna");
        // the API gives the text as stored, as JSON (the page's script sets it with textContent)
        JsonNode m = json(client.get("/api/messages/" + newer.id()));
        assertThat(m.get("caller").asText()).isEqualTo(NASTY_CALLER);
        assertThat(m.get("caller_name").asText()).isEqualTo(NASTY_NAME);
        assertThat(json(client.get("/api/messages/" + older.id())).get("caller_name").isNull()).isTrue();
        assertThat(m.get("transcript").asText()).isEqualTo(NASTY_TRANSCRIPT);
        assertThat(client.get("/api/messages/" + newer.id()).headers().firstValue("Content-Type"))
                .hasValue("application/json; charset=utf-8");
    }

    @Test
    void theDeletePageAsksFirstAndTheFormDeletes() throws Exception {
        String csrf = client.login(WebFixture.PASSWORD);
        String confirm = text(client.get("/messages/" + older.id() + "/delete"));
        assertThat(confirm).contains("Delete this message?", "action=\"/api/messages/" + older.id() + "/delete\"");
        assertThat(store.get(older.id())).isPresent();
        java.nio.file.Path record = tmp.resolve("vm").resolve("outbox").resolve("delivered").resolve(older.id() + ".webhook.json");
        java.nio.file.Files.createDirectories(record.getParent());
        java.nio.file.Files.writeString(record, "{}");
        HttpResponse<byte[]> r = client.postForm("/api/messages/" + older.id() + "/delete", Map.of("csrf", csrf));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(store.get(older.id())).isEmpty();
        assertThat(tmp.resolve("vm").resolve(older.id() + ".wav")).doesNotExist();
        assertThat(record).as("its notification record").doesNotExist();
    }

    // ------------------------------------------------------------------ API

    @Test
    void theApiListsGetsMarksAndDeletes() throws Exception {
        String csrf = client.login(WebFixture.PASSWORD);
        JsonNode list = json(client.get("/api/messages"));
        assertThat(list.get("messages")).hasSize(2);
        assertThat(list.get("messages").get(0).get("id").asText()).isEqualTo(newer.id());
        JsonNode first = list.get("messages").get(1);
        assertThat(first.get("caller").asText()).isEqualTo("+4915112344567");
        assertThat(first.get("duration_seconds").asDouble()).isEqualTo(1.5);
        assertThat(first.get("termination_reason").asText()).isEqualTo("FINISH_KEY");
        assertThat(first.get("started_local").asText()).isEqualTo("Sat 21 Nov 2026, 23:15:03 CET");
        assertThat(first.get("audio_url").asText()).isEqualTo("/api/messages/" + older.id() + "/audio");

        HttpResponse<byte[]> form = client.postForm("/api/messages/" + newer.id() + "/heard",
                Map.of("csrf", csrf, "heard", "true"));
        assertThat(form.statusCode()).isEqualTo(303);
        assertThat(json(client.get("/api/messages")).get("messages").get(0).get("id").asText()).isEqualTo(older.id());
        assertThat(client.postJson("/api/messages/" + newer.id() + "/heard", "{\"heard\":\"yes\"}", csrf).statusCode())
                .isEqualTo(400);
        assertThat(client.postJson("/api/messages/" + newer.id() + "/heard", "{\"heard\":false}", csrf).statusCode())
                .isEqualTo(200);
        assertThat(store.get(newer.id())).get().extracting(VoicemailMessage::heard).isEqualTo(false);

        HttpResponse<byte[]> del = client.send(client.request("/api/messages/" + newer.id())
                .header(WebMailbox.CSRF_HEADER, csrf).DELETE());
        assertThat(del.statusCode()).isEqualTo(204);
        assertThat(client.get("/api/messages/" + newer.id()).statusCode()).isEqualTo(404);
        assertThat(client.send(client.request("/api/messages/" + newer.id())
                .header(WebMailbox.CSRF_HEADER, csrf).DELETE()).statusCode()).isEqualTo(404);
        assertThat(store.list()).extracting(VoicemailMessage::id).containsExactly(older.id());
    }

    @Test
    void theStatusSaysWhatIsKnown() throws Exception {
        Path outbox = Files.createDirectories(tmp.resolve("vm").resolve("outbox"));
        Files.writeString(outbox.resolve(older.id() + ".webhook.json"), "{}");
        Files.writeString(outbox.resolve(newer.id() + ".webhook.json"), "{}");
        Files.writeString(outbox.resolve(".lock"), "");
        Files.createDirectories(outbox.resolve("failed"));
        Files.writeString(outbox.resolve("failed").resolve("x.slack.json"), "{}");
        client.login(WebFixture.PASSWORD);
        JsonNode s = json(client.get("/api/status"));
        assertThat(s.get("modem").asText()).isEqualTo("idle");
        assertThat(s.get("messages").asInt()).isEqualTo(2);
        assertThat(s.get("new_messages").asInt()).isEqualTo(2);
        assertThat(s.get("last_message_at").asText()).isEqualTo(newer.startedAt().toString());
        assertThat(s.get("notifications_waiting").asInt()).isEqualTo(2);
        assertThat(s.get("notifications_failed").asInt()).isEqualTo(1);
        assertThat(s.get("disk_free_bytes").asLong()).isPositive();
        assertThat(s.get("time_zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(text(client.get("/"))).contains("<dd data-field=\"notifications_waiting\">2 (1 failed)</dd>");
        assertThat(s.get("last_call_at").isNull()).as("no answering machine on this directory").isTrue();

        // the answering machine's status file names its last call (answered or not)
        Files.writeString(tmp.resolve("vm").resolve(".status.json"),
                "{\"schema_version\":1,\"state\":\"UP\",\"last_call_at\":\"2026-11-21T22:16:40Z\"}");
        s = json(client.get("/api/status"));
        assertThat(s.get("last_call_at").asText()).isEqualTo("2026-11-21T22:16:40Z");
        assertThat(text(client.get("/"))).contains("data-field=\"last_call_local\"").contains("23:16");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e", "20261121T221503Z-abcdefgh",
            "20261121T221503Z-abcdefgh.json", "20261121T221503Z-ABCDEFGH", "x", "%00", "20261121T221503Z-abcdefgh%00"})
    void idsThatAreNotStoredMessagesGive404(String id) throws Exception {
        client.login(WebFixture.PASSWORD);
        for (String path : new String[] {"/api/messages/" + id, "/api/messages/" + id + "/audio"}) {
            HttpResponse<byte[]> r = client.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
        }
        assertThat(client.get("/messages/" + id + "/delete").statusCode()).isEqualTo(404);
    }

    @Test
    void aWavWithoutMetadataIsNotAMessage() throws Exception {
        String orphan = MessageIds.newId(T0.plusSeconds(5));
        Files.copy(tmp.resolve("vm").resolve(older.id() + ".wav"), tmp.resolve("vm").resolve(orphan + ".wav"));
        client.login(WebFixture.PASSWORD);
        assertThat(client.get("/api/messages/" + orphan + "/audio").statusCode()).isEqualTo(404);
        assertThat(client.get("/api/messages/" + older.id() + "/../" + newer.id() + "/audio").statusCode()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ audio and ranges

    private byte[] wav() throws Exception {
        return Files.readAllBytes(tmp.resolve("vm").resolve(older.id() + ".wav"));
    }

    private HttpResponse<byte[]> audio(String range) throws Exception {
        HttpRequest.Builder b = client.request("/api/messages/" + older.id() + "/audio");
        if (range != null) {
            b.header("Range", range);
        }
        return client.send(b);
    }

    @Test
    void audioIsServedWholeAsWavWithRangesAnnounced() throws Exception {
        client.login(WebFixture.PASSWORD);
        byte[] wav = wav();
        HttpResponse<byte[]> r = audio(null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(wav.length);
        assertThat(r.body()).isEqualTo(wav);
        assertThat(r.headers().firstValue("Content-Disposition")).isEmpty();
        HttpResponse<byte[]> download = client.get("/api/messages/" + older.id() + "/audio?download=1");
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"" + older.id() + ".wav\"");
        HttpResponse<byte[]> head = client.send(client.request("/api/messages/" + older.id() + "/audio")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(wav.length);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void rangeRequestsGetTheirBytes() throws Exception {
        client.login(WebFixture.PASSWORD);
        byte[] wav = wav();
        int n = wav.length;
        Object[][] cases = {
                {"bytes=0-0", 0, 0}, {"bytes=0-43", 0, 43}, {"bytes=44-", 44, n - 1}, {"bytes=-100", n - 100, n - 1},
                {"bytes=-" + (n + 1000), 0, n - 1}, {"bytes=100-" + (n + 1000), 100, n - 1}, {"bytes=" + (n - 1) + "-", n - 1, n - 1},
                {"BYTES = 5-9".replace(" = ", "="), 5, 9}};
        for (Object[] c : cases) {
            HttpResponse<byte[]> r = audio((String) c[0]);
            int first = (int) c[1];
            int last = (int) c[2];
            assertThat(r.statusCode()).as((String) c[0]).isEqualTo(206);
            assertThat(r.headers().firstValue("Content-Range")).as((String) c[0])
                    .hasValue("bytes " + first + "-" + last + "/" + n);
            assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(last - first + 1);
            assertThat(r.body()).as((String) c[0]).isEqualTo(Arrays.copyOfRange(wav, first, last + 1));
        }
    }

    @Test
    void unsatisfiableOrMalformedRangesGive416() throws Exception {
        client.login(WebFixture.PASSWORD);
        int n = wav().length;
        for (String bad : new String[] {"bytes=" + n + "-", "bytes=" + (n + 5) + "-" + (n + 9), "bytes=9-5", "bytes=-0",
                "bytes=abc", "bytes=-", "bytes=1-2-3", "bytes=99999999999999999999-"}) {
            HttpResponse<byte[]> r = audio(bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(416);
            assertThat(r.headers().firstValue("Content-Range")).as(bad).hasValue("bytes */" + n);
            assertThat(r.body()).isEmpty();
        }
    }

    @Test
    void otherUnitsSeveralRangesAndStaleIfRangeGetTheWholeFile() throws Exception {
        client.login(WebFixture.PASSWORD);
        byte[] wav = wav();
        for (String whole : new String[] {"items=0-5", "bytes=0-1,5-6"}) {
            HttpResponse<byte[]> r = audio(whole);
            assertThat(r.statusCode()).as(whole).isEqualTo(200);
            assertThat(r.body()).isEqualTo(wav);
        }
        String etag = audio(null).headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> fresh = client.send(client.request("/api/messages/" + older.id() + "/audio")
                .header("Range", "bytes=0-9").header("If-Range", etag));
        assertThat(fresh.statusCode()).isEqualTo(206);
        HttpResponse<byte[]> stale = client.send(client.request("/api/messages/" + older.id() + "/audio")
                .header("Range", "bytes=0-9").header("If-Range", "\"other\""));
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(wav);
    }
}
