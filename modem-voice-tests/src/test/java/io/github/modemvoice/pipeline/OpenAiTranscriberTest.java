package io.github.modemvoice.pipeline;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiTranscriberTest {
    @TempDir
    Path dir;
    HttpServer server;
    final AtomicReference<String> auth = new AtomicReference<>();
    final AtomicReference<String> contentType = new AtomicReference<>();
    final AtomicReference<String> path = new AtomicReference<>();
    final AtomicReference<byte[]> body = new AtomicReference<>();
    volatile int status = 200;
    volatile String answer = "{\"text\": \" Hello from the test server. \"}";

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            path.set(exchange.getRequestURI().getPath());
            body.set(exchange.getRequestBody().readAllBytes());
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void postsAMultipartRequestAndReadsTheText() throws IOException {
        Path wav = TestFiles.wav(dir, "20261121T221503Z-kqzrtmwa.wav", Duration.ofMillis(300));
        OpenAiTranscriber t = OpenAiTranscriber.builder(base()).apiKey("sk-test-123").model("whisper-1").language("de").build();

        assertThat(t.transcribe(wav, Duration.ofSeconds(10))).isEqualTo("Hello from the test server.");

        assertThat(path.get()).isEqualTo("/v1/audio/transcriptions");
        assertThat(auth.get()).isEqualTo("Bearer sk-test-123");
        assertThat(contentType.get()).startsWith("multipart/form-data; boundary=");
        String boundary = contentType.get().substring(contentType.get().indexOf("boundary=") + 9);
        String text = new String(body.get(), StandardCharsets.ISO_8859_1);
        assertThat(text).contains("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n");
        assertThat(text).contains("name=\"response_format\"\r\n\r\njson\r\n");
        assertThat(text).contains("name=\"language\"\r\n\r\nde\r\n");
        assertThat(text).contains("Content-Disposition: form-data; name=\"file\"; filename=\"20261121T221503Z-kqzrtmwa.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n");
        assertThat(text).endsWith("\r\n--" + boundary + "--\r\n");
        byte[] wavBytes = Files.readAllBytes(wav);
        int start = text.indexOf("Content-Type: audio/wav\r\n\r\n") + "Content-Type: audio/wav\r\n\r\n".length();
        byte[] filePart = java.util.Arrays.copyOfRange(body.get(), start, start + wavBytes.length);
        assertThat(filePart).isEqualTo(wavBytes);
        assertThat(t.toString()).doesNotContain("sk-test-123");
    }

    @Test
    void baseUrlWithV1IsNotDoubled() {
        assertThat(OpenAiTranscriber.builder(URI.create("https://api.openai.com/v1/")).build().endpoint())
                .isEqualTo(URI.create("https://api.openai.com/v1/audio/transcriptions"));
    }

    @Test
    void serverErrorCarriesStatusAndBodyExcerpt() {
        status = 500;
        answer = "{\"error\":{\"message\":\"model overloaded\"}}";
        Path wav = TestFiles.wav(dir, "m.wav", Duration.ofMillis(100));
        assertThatThrownBy(() -> OpenAiTranscriber.builder(base()).apiKey("sk-secret-key").build().transcribe(wav, Duration.ofSeconds(10)))
                .isInstanceOf(TranscriptionException.class)
                .hasMessageContaining("HTTP 500").hasMessageContaining("model overloaded")
                .hasMessageNotContaining("sk-secret-key");
    }

    @Test
    void malformedJsonIsATranscriptionException() {
        answer = "<html>not json</html>";
        Path wav = TestFiles.wav(dir, "m.wav", Duration.ofMillis(100));
        assertThatThrownBy(() -> OpenAiTranscriber.builder(base()).build().transcribe(wav, Duration.ofSeconds(10)))
                .isInstanceOf(TranscriptionException.class).hasMessageContaining("malformed JSON");
        answer = "{\"txt\": 3}";
        assertThatThrownBy(() -> OpenAiTranscriber.builder(base()).build().transcribe(wav, Duration.ofSeconds(10)))
                .isInstanceOf(TranscriptionException.class).hasMessageContaining("without a \"text\"");
    }

    @Test
    void unreachableServerIsATranscriptionException() {
        Path wav = TestFiles.wav(dir, "m.wav", Duration.ofMillis(100));
        server.stop(0);
        assertThatThrownBy(() -> OpenAiTranscriber.builder(base()).build().transcribe(wav, Duration.ofSeconds(5)))
                .isInstanceOf(TranscriptionException.class);
    }
}
