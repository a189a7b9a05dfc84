package io.github.modemvoice.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fuzzes the JSON metadata reader of {@link DirectoryMessageStore}: arbitrary bytes as
 * {@code <id>.json} next to a valid {@code <id>.wav}. {@code get(id)} must return the message or
 * throw {@code MessageStoreException}; {@code list()} must skip an unreadable sidecar and never
 * throw because of one.
 */
class MessageMetadataFuzzTest {
    static final String ID = "20261121T221503Z-kqfmwzrt";
    private static final Path DIR;
    private static final DirectoryMessageStore STORE;

    static {
        try {
            DIR = Files.createTempDirectory("store-fuzz");
            STORE = new DirectoryMessageStore(DIR);
            try (WavWriter w = WavWriter.create(DIR.resolve(ID + ".wav"))) {
                w.write(new byte[1600]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        STORE.close();
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void metadata(byte[] json) throws IOException {
        Files.write(DIR.resolve(ID + ".json"), json);
        FuzzSupport.expectOnlyTyped(() -> {
            Optional<VoicemailMessage> m = STORE.get(ID);
            if (m.isEmpty()) {
                throw FuzzSupport.bug("get() returned empty for an existing sidecar");
            }
            if (!m.get().id().equals(ID)) {
                throw FuzzSupport.bug("id mismatch");
            }
            m.get().toString();
        });
        List<VoicemailMessage> all = STORE.list(); // must not throw: bad sidecars are skipped
        if (all.size() > 1) {
            throw FuzzSupport.bug("list() found " + all.size() + " messages");
        }
    }
}
