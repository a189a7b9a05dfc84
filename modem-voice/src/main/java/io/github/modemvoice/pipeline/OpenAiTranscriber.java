package io.github.modemvoice.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modemvoice.OperationInterruptedException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Transcriber} that posts the WAV file to an OpenAI-compatible
 * {@code /v1/audio/transcriptions} endpoint (OpenAI itself, or a self-hosted server speaking the
 * same protocol) as {@code multipart/form-data} with the fields {@code file}, {@code model},
 * {@code response_format=json} and, if configured, {@code language}, and reads {@code text}
 * from the JSON answer.
 *
 * <pre>{@code
 * Transcriber t = OpenAiTranscriber.builder(URI.create("https://api.openai.com"))
 *         .apiKey(System.getenv("OPENAI_API_KEY"))
 *         .model("whisper-1")
 *         .language("de")
 *         .build();
 * }</pre>
 *
 * <p>The base URL may be given with or without a trailing {@code /v1}. The file is streamed
 * from disk, not loaded into memory. A non-2xx answer is a {@link TranscriptionException} with
 * the status and an excerpt of the body; so are timeouts, I/O failures and answers without a
 * text. The API key is sent as {@code Authorization: Bearer <key>} and never appears in
 * {@link #toString()} or in exception messages. Instances are immutable and thread-safe.
 */
public final class OpenAiTranscriber implements Transcriber {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI endpoint;
    private final Optional<String> apiKey;
    private final String model;
    private final Optional<String> language;
    private final HttpClient client;

    private OpenAiTranscriber(Builder b) {
        this.endpoint = b.endpoint;
        this.apiKey = b.apiKey;
        this.model = b.model;
        this.language = b.language;
        this.client = HttpClient.newBuilder().connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param baseUrl the service's base URL, e.g. {@code https://api.openai.com}
     * @return a builder
     * @throws IllegalArgumentException naming {@code baseUrl} unless it is an absolute http(s) URL
     */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** @return the URL posted to */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String transcribe(Path wav, Duration timeout) {
        Objects.requireNonNull(wav, "wav");
        CommandTranscriber.requirePositive(timeout);
        if (!Files.isRegularFile(wav)) {
            throw new TranscriptionException(wav + ": no such audio file");
        }
        String boundary = "modemvoice-" + HexFormat.of().formatHex(randomBytes());
        HttpRequest.BodyPublisher body;
        try {
            body = multipart(boundary, wav);
        } catch (FileNotFoundException e) {
            throw new TranscriptionException(wav + ": cannot read: " + e.getMessage(), e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(body);
        apiKey.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new TranscriptionException(endpoint + ": no answer within " + timeout, e);
        } catch (IOException e) {
            throw new TranscriptionException(endpoint + ": request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationInterruptedException("transcription request to " + endpoint, e);
        }
        int status = response.statusCode();
        String text = response.body() == null ? "" : response.body();
        if (status < 200 || status > 299) {
            throw new TranscriptionException(endpoint + " answered HTTP " + status
                    + (text.isBlank() ? "" : ": " + Excerpts.head(text, Excerpts.MAX_CHARS)));
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (IOException e) {
            throw new TranscriptionException(endpoint + " answered HTTP " + status + " with malformed JSON: "
                    + Excerpts.head(text, 200), e);
        }
        JsonNode t = json == null ? null : json.get("text");
        if (t == null || !t.isTextual()) {
            throw new TranscriptionException(endpoint + " answered HTTP " + status + " without a \"text\" string: "
                    + Excerpts.head(text, 200));
        }
        return t.asText().strip();
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }

    private HttpRequest.BodyPublisher multipart(String boundary, Path wav) throws FileNotFoundException {
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        StringBuilder fields = new StringBuilder();
        field(fields, boundary, "model", model);
        field(fields, boundary, "response_format", "json");
        language.ifPresent(l -> field(fields, boundary, "language", l));
        String fileName = wav.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        if (!fileName.endsWith(".wav")) {
            fileName = fileName + ".wav";
        }
        fields.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(fileName).append("\"\r\n")
                .append("Content-Type: audio/wav\r\n\r\n");
        parts.add(HttpRequest.BodyPublishers.ofString(fields.toString(), StandardCharsets.UTF_8));
        parts.add(HttpRequest.BodyPublishers.ofFile(wav));
        parts.add(HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n", StandardCharsets.UTF_8));
        return HttpRequest.BodyPublishers.concat(parts.toArray(new HttpRequest.BodyPublisher[0]));
    }

    private static void field(StringBuilder sb, String boundary, String name, String value) {
        sb.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n");
    }

    @Override
    public String toString() {
        return "OpenAiTranscriber[" + endpoint + ", model " + model + (apiKey.isPresent() ? ", with key" : "") + "]";
    }

    /** Builds an {@link OpenAiTranscriber}; every setting is validated when set. */
    public static final class Builder {
        private final URI endpoint;
        private Optional<String> apiKey = Optional.empty();
        private String model = "whisper-1";
        private Optional<String> language = Optional.empty();
        private Duration connectTimeout = Duration.ofSeconds(10);

        private Builder(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String scheme = baseUrl.getScheme();
            if (!baseUrl.isAbsolute() || baseUrl.getHost() == null
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException("baseUrl: must be an absolute http or https URL, was " + baseUrl);
            }
            if (baseUrl.getQuery() != null || baseUrl.getFragment() != null) {
                throw new IllegalArgumentException("baseUrl: must not have a query or fragment");
            }
            String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (!path.endsWith("/v1")) {
                path = path + "/v1";
            }
            this.endpoint = baseUrl.resolve(path + "/audio/transcriptions");
        }

        /**
         * @param key the API key, sent as a bearer token; servers that need none can go without
         * @return this builder
         * @throws IllegalArgumentException naming {@code apiKey} if it is blank or has line breaks
         */
        public Builder apiKey(String key) {
            Objects.requireNonNull(key, "apiKey");
            if (key.isBlank() || key.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
                throw new IllegalArgumentException("apiKey: must be non-blank printable text");
            }
            this.apiKey = Optional.of(key.strip());
            return this;
        }

        /**
         * @param model the model name, {@code whisper-1} unless set
         * @return this builder
         */
        public Builder model(String model) {
            this.model = formValue("model", model);
            return this;
        }

        /**
         * @param language an ISO-639-1 language hint such as {@code de}
         * @return this builder
         */
        public Builder language(String language) {
            this.language = Optional.of(formValue("language", language));
            return this;
        }

        /**
         * @param timeout how long connecting may take, 10 s unless set
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            CommandTranscriber.requirePositive(timeout);
            this.connectTimeout = timeout;
            return this;
        }

        /** @return the transcriber */
        public OpenAiTranscriber build() {
            return new OpenAiTranscriber(this);
        }

        private static String formValue(String field, String value) {
            Objects.requireNonNull(value, field);
            if (value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
                throw new IllegalArgumentException(field + ": must be non-blank printable text");
            }
            return value.strip();
        }
    }
}
