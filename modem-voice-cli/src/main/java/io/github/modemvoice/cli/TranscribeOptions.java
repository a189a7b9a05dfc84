package io.github.modemvoice.cli;

import io.github.modemvoice.machine.AnsweringMachine;

import io.github.modemvoice.pipeline.CommandTranscriber;
import io.github.modemvoice.pipeline.OpenAiTranscriber;
import io.github.modemvoice.pipeline.Transcriber;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Transcription of each stored message: a local program or an OpenAI-compatible service. */
final class TranscribeOptions {
    @Option(names = "--transcribe-command", paramLabel = "COMMAND", converter = CommandConverter.class,
            description = "Transcribe each message with this program, written as in a shell (quotes and backslashes; "
                    + "no shell runs it): {wav} is replaced by the message's WAV file, the program's standard output "
                    + "is the transcript. E.g. \"whisper-cli -m /opt/ggml-base.bin -nt -f {wav}\".")
    ProgramLine command;

    @Option(names = "--transcribe-url", paramLabel = "URL", converter = HttpUrlConverter.class,
            description = "Transcribe with an OpenAI-compatible service at this base URL, e.g. https://api.openai.com "
                    + "(POST /v1/audio/transcriptions).")
    URI url;

    @Option(names = "--transcribe-model", paramLabel = "MODEL",
            description = "The service's model (default: ${DEFAULT-VALUE}).")
    String model = "whisper-1";

    @Option(names = "--transcribe-language", paramLabel = "CODE",
            description = "The language spoken, ISO 639-1 such as en or de (default: the service detects it).")
    String language;

    @Option(names = "--transcribe-key-file", paramLabel = "FILE",
            description = "File holding the service's API key (mode 0600). Or set the environment variable MODEMVOICE_TRANSCRIBE_KEY.")
    Path keyFile;

    @Option(names = "--transcribe-timeout", paramLabel = "SECONDS",
            description = "Longest transcription of one message; answer --once waits this long for it (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 120;

    /**
     * @param env      the environment
     * @param warnings stderr
     * @return the transcriber the options describe, or empty
     * @throws IllegalArgumentException for options that do not fit together
     */
    Optional<Transcriber> transcriber(Map<String, String> env, PrintStream warnings) {
        if (timeoutSeconds < 1) {
            throw new BadOptionException("--transcribe-timeout", "--transcribe-timeout must be at least 1, was " + timeoutSeconds);
        }
        if (command != null && url != null) {
            throw new IllegalArgumentException("--transcribe-command and --transcribe-url are both given; choose one");
        }
        Optional<String> key = SecretSource.TRANSCRIBE_KEY.resolve(keyFile, env, warnings);
        if (url == null) {
            if (keyFile != null || language != null) {
                throw new IllegalArgumentException("--transcribe-key-file and --transcribe-language need --transcribe-url");
            }
            return command == null ? Optional.empty() : Optional.of(CommandTranscriber.of(command.words()));
        }
        OpenAiTranscriber.Builder b = OpenAiTranscriber.builder(url);
        key.ifPresent(b::apiKey);
        try {
            b.model(model);
        } catch (IllegalArgumentException e) {
            throw new BadOptionException("--transcribe-model", "--transcribe-" + e.getMessage(), e);
        }
        if (language != null) {
            try {
                b.language(language);
            } catch (IllegalArgumentException e) {
                throw new BadOptionException("--transcribe-language", "--transcribe-" + e.getMessage(), e);
            }
        }
        return Optional.of(b.build());
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    /**
     * A program and its arguments, as split from one line.
     *
     * @param words the program, then its arguments
     */
    record ProgramLine(List<String> words) {
    }

    /** Splits the command as a shell would and checks that it names the WAV. */
    static final class CommandConverter implements ITypeConverter<ProgramLine> {
        @Override
        public ProgramLine convert(String value) {
            List<String> words;
            try {
                words = ShellWords.split("the command", value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            if (words.stream().noneMatch(w -> w.contains(CommandTranscriber.WAV_PLACEHOLDER))) {
                throw new TypeConversionException("the command must contain " + CommandTranscriber.WAV_PLACEHOLDER
                        + " where the WAV file goes, e.g. \"whisper-cli -nt -f {wav}\"; was: " + value);
            }
            return new ProgramLine(words);
        }
    }

    /** An absolute http or https URL. */
    static final class HttpUrlConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            URI u;
            try {
                u = new URI(value);
            } catch (java.net.URISyntaxException e) {
                throw new TypeConversionException("'" + value + "' is not a URL: " + e.getReason());
            }
            if (!u.isAbsolute() || u.getHost() == null
                    || !("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
                throw new TypeConversionException("'" + value + "' is not an http or https URL");
            }
            return u;
        }
    }

    /**
     * @param b        the machine's builder, given the transcriber when one is asked for
     * @param env      the environment
     * @param warnings stderr
     */
    void configure(AnsweringMachine.Builder b, Map<String, String> env, PrintStream warnings) {
        transcriber(env, warnings).ifPresent(t -> b.transcriber(t, timeout()));
    }
}
