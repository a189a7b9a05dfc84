package io.github.modemvoice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.pipeline.JdbcMessageStore;
import io.github.modemvoice.pipeline.JdbcOutbox;
import io.github.modemvoice.pipeline.Notifier;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import java.nio.file.Files;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code list}, {@code show}, {@code play}, {@code heard}, {@code delete} and {@code prune} over
 * the message directory, a SQLite file and PostgreSQL ({@code MODEMVOICE_TEST_PG_URL},
 * {@code _USER}, {@code _PASSWORD}; {@code .ci/run} starts one, without it those cases skip).
 */
class MailboxCommandsTest {
    private static final String NUMBER = "+4915112344567";
    private static final String DIGITS = "4915112344567";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.now();

    @TempDir
    Path tmp;

    /** The store options as typed on the command line. */
    private final List<String> storeArgs = new ArrayList<>();
    private String pgTable;
    private String jdbcUrl;

    @AfterEach
    void dropTable() throws Exception {
        if (pgTable != null) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, System.getenv("MODEMVOICE_TEST_PG_USER"),
                    System.getenv("MODEMVOICE_TEST_PG_PASSWORD")); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + pgTable + "_outbox");
                s.execute("DROP TABLE IF EXISTS " + pgTable);
            }
        }
    }

    /** @return the store the commands will open, opened by the same options */
    private StoreOptions options(String kind) throws Exception {
        StoreOptions o = new StoreOptions();
        o.dir = tmp.resolve("vm");
        storeArgs.addAll(List.of("--dir", o.dir.toString()));
        if (kind.equals("sqlite")) {
            o.db.jdbcUrl = jdbcUrl = "jdbc:sqlite:" + tmp.resolve("vm.db");
            storeArgs.addAll(List.of("--jdbc-url", o.db.jdbcUrl));
        } else if (kind.equals("postgres")) {
            String url = System.getenv("MODEMVOICE_TEST_PG_URL");
            Assumptions.assumeTrue(url != null && !url.isBlank(),
                    "MODEMVOICE_TEST_PG_URL not set: PostgreSQL cases skipped (.ci/run starts a server)");
            o.db.jdbcUrl = jdbcUrl = url;
            o.db.jdbcUser = System.getenv("MODEMVOICE_TEST_PG_USER");
            o.db.jdbcPasswordFile = tmp.resolve("pg-password");
            Files.writeString(o.db.jdbcPasswordFile, System.getenv("MODEMVOICE_TEST_PG_PASSWORD") + "\n");
            o.db.jdbcTable = pgTable = "mv_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                    .toLowerCase(Locale.ROOT);
            storeArgs.addAll(List.of("--jdbc-url", url, "--jdbc-user", o.db.jdbcUser, "--jdbc-password-file",
                    o.db.jdbcPasswordFile.toString(), "--jdbc-table", o.db.jdbcTable));
        }
        return o;
    }

    private CliRun run(String command, String... args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(storeArgs);
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(new String[0]));
    }

    /** The three store kinds the commands are run over (PostgreSQL only where a server is configured). */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest
    @ValueSource(strings = {"dir", "sqlite", "postgres"})
    @interface EachStore {
    }

    /** A message to save: how long before {@link #NOW} it started, whether it was heard, its transcript, the caller's name. */
    private record Saved(Duration age, boolean heard, String transcript, Optional<String> callerName) {
        Saved(Duration age, boolean heard, String transcript) {
            this(age, heard, transcript, Optional.empty());
        }
    }

    /** Saves the messages, in order, into the store of {@code o} (with a JDBC store's outbox, if asked). */
    private static List<VoicemailMessage> storeAll(StoreOptions o, boolean withOutbox, Saved... messages)
            throws Exception {
        List<VoicemailMessage> saved = new ArrayList<>();
        try (MessageStore store = o.openStore()) {
            if (withOutbox && store instanceof JdbcMessageStore jdbc) {
                JdbcOutbox.builder(jdbc).notifier(QUIET).build();
            }
            for (Saved m : messages) {
                saved.add(store(store, NOW.minus(m.age()), m.heard(), m.transcript(), m.callerName()));
            }
        }
        return saved;
    }

    private static VoicemailMessage store(MessageStore store, Instant start, boolean heard, String transcript) throws Exception {
        return store(store, start, heard, transcript, Optional.empty());
    }

    private static VoicemailMessage store(MessageStore store, Instant start, boolean heard, String transcript,
                                          Optional<String> callerName) throws Exception {
        String id = MessageIds.newId(start);
        Path part = store.recordingFile(id);
        Files.createDirectories(part.getParent());
        Prompt audio = Prompt.tone(440, Duration.ofMillis(300), 0.3);
        WavWriter.writeAll(part, audio);
        VoicemailMessage m = VoicemailMessage.builder().id(id).callId("call-" + id).caller(Optional.of(NUMBER))
                .callerRedacted("+***4567").callerPolicy(CallerPrivacy.Policy.FULL).startedAt(start)
                .endedAt(start.plusMillis(300)).durationSeconds(0.3).sizeBytes(44 + audio.byteLength())
                .terminationReason(TerminationReason.SILENCE).transcript(transcript).callerName(callerName).build();
        VoicemailMessage stored = store.store(m, part);
        return heard ? store.markHeard(stored.id(), true) : stored;
    }

    private static final Notifier QUIET = new Notifier() {
        @Override
        public String name() {
            return "webhook";
        }

        @Override
        public void deliver(io.github.modemvoice.pipeline.Notification n) {
            throw new io.github.modemvoice.pipeline.NotificationException("not in this test", true, null);
        }
    };

    @EachStore
    void listShowPlayHeardDelete(String kind) throws Exception {
        StoreOptions o = options(kind);
        // with the outbox: its rows are inserted with each message
        List<VoicemailMessage> saved = storeAll(o, true, new Saved(Duration.ofDays(3), true, "heard it"),
                new Saved(Duration.ofDays(2), false, "please call back about the invoice number 12", Optional.of("Anna Müller")),
                new Saved(Duration.ofHours(1), false, ""));
        VoicemailMessage oldHeard = saved.get(0);
        VoicemailMessage older = saved.get(1);
        VoicemailMessage newest = saved.get(2);

        CliRun list = run("list");
        assertThat(list.status()).as(list.err()).isEqualTo(ExitStatus.OK);
        assertThat(list.out()).doesNotContain(DIGITS).contains("+***4567", "SILENCE", "please call back about the invoice nu...")
                .doesNotContain("(new)")
                .contains("+***4567 (Anna Müller)");
        // new first (newest first among them), then heard
        assertThat(list.out().indexOf(newest.id())).isLessThan(list.out().indexOf(older.id()));
        assertThat(list.out().indexOf(older.id())).isLessThan(list.out().indexOf(oldHeard.id()));
        // a status column: new and heard both said, not mixed into the transcript
        assertThat(list.out().lines().filter(l -> l.startsWith(newest.id())).findFirst().orElseThrow())
                .matches(newest.id() + " +new +.*");
        assertThat(list.out().lines().filter(l -> l.startsWith(oldHeard.id())).findFirst().orElseThrow())
                .matches(oldHeard.id() + " +heard +.*heard it");
        // the full number only on request, where the policy kept it (these messages: full)
        CliRun full = run("list", "--full-numbers");
        assertThat(full.out()).contains(DIGITS).doesNotContain("+***4567 ");

        CliRun json = run("list", "--json");
        JsonNode a = JSON.readTree(json.out());
        assertThat(a).hasSize(3);
        assertThat(a.get(0).get("id").asText()).isEqualTo(newest.id());
        assertThat(a.get(1).get("new").asBoolean()).isTrue();
        assertThat(a.get(1).get("transcript_excerpt").asText()).isEqualTo("please call back about the invoice nu...");
        assertThat(a.get(1).get("caller_name").asText()).isEqualTo("Anna Müller");
        assertThat(a.get(0).get("caller_name").isNull()).isTrue();
        assertThat(a.get(2).get("new").asBoolean()).isFalse();
        assertThat(a.get(2).get("caller").asText()).isEqualTo("+***4567");
        assertThat(a.get(2).get("duration_seconds").asDouble()).isEqualTo(0.3);
        assertThat(json.out()).doesNotContain(DIGITS);

        CliRun show = run("show", older.id());
        assertThat(show.status()).isEqualTo(ExitStatus.OK);
        JsonNode shown = JSON.readTree(show.out().substring(0, show.out().lastIndexOf('}') + 1));
        assertThat(shown.get("id").asText()).isEqualTo(older.id());
        assertThat(shown.get("caller").asText()).isEqualTo(NUMBER); // as the privacy policy stored it
        assertThat(shown.get("caller_name").asText()).isEqualTo("Anna Müller");

        Path copy = tmp.resolve("copy.wav");
        CliRun play = run("play", older.id(), "--to", copy.toString(), "--mark-heard");
        assertThat(play.status()).as(play.err()).isEqualTo(ExitStatus.OK);
        try (MessageStore store = o.openStore(); var in = store.openAudio(older.id())) {
            assertThat(Files.readAllBytes(copy)).isEqualTo(in.readAllBytes());
            assertThat(store.get(older.id()).orElseThrow().heard()).isTrue();
        }
        assertThat(run("play", older.id(), "--to", copy.toString()).status())
                .as("an existing file is not overwritten").isEqualTo(ExitStatus.STORAGE_UNUSABLE);

        CliRun heard = run("heard", newest.id());
        assertThat(heard.status()).isEqualTo(ExitStatus.OK);
        assertThat(heard.out()).contains("marked heard");
        assertThat(run("heard", "--new", older.id()).out()).contains("marked new");
        try (MessageStore store = o.openStore()) {
            assertThat(store.get(newest.id()).orElseThrow().heard()).isTrue();
            assertThat(store.get(older.id()).orElseThrow().heard()).isFalse();
        }

        // notification records beside the message, and one of another message that must stay
        Path outbox = o.dir.resolve("outbox");
        List<Path> records = List.of(outbox.resolve(older.id() + ".webhook.json"),
                outbox.resolve("delivered").resolve(older.id() + ".slack.json"),
                outbox.resolve("failed").resolve(older.id() + ".email.json"));
        Path other = outbox.resolve(newest.id() + ".webhook.json");
        if (kind.equals("dir")) {
            for (Path r : records) {
                Files.createDirectories(r.getParent());
                Files.writeString(r, "{}");
            }
            Files.writeString(other, "{}");
        } else {
            assertThat(outboxRows(o, older.id())).isEqualTo(1);
        }
        CliRun delete = run("delete", older.id());
        assertThat(delete.status()).as(delete.err()).isEqualTo(ExitStatus.OK);
        try (MessageStore store = o.openStore()) {
            assertThat(store.get(older.id())).isEmpty();
            assertThat(store.list()).extracting(VoicemailMessage::id).containsExactlyInAnyOrder(newest.id(), oldHeard.id());
        }
        if (kind.equals("dir")) {
            assertThat(o.dir.resolve(older.id() + ".wav")).doesNotExist();
            assertThat(o.dir.resolve(older.id() + ".json")).doesNotExist();
            records.forEach(r -> assertThat(r).doesNotExist());
            assertThat(other).exists();
        } else {
            assertThat(outboxRows(o, older.id())).isZero();
            assertThat(outboxRows(o, newest.id())).isEqualTo(1);
        }
        assertThat(run("delete", older.id()).status()).isEqualTo(ExitStatus.NO_SUCH_MESSAGE);
    }

    @EachStore
    void idsAreCheckedAndUnknownOnesHaveTheirOwnStatus(String kind) throws Exception {
        StoreOptions o = options(kind);
        try (MessageStore store = o.openStore()) {
            store(store, NOW, false, "");
        }
        Files.writeString(tmp.resolve("x.json"), "{}"); // something a path trick could reach
        for (String command : List.of("show", "play", "heard", "delete")) {
            for (String bad : List.of("../x", tmp.resolve("x").toString(), "20261201T100000Z-abcdefgh/../../x", "a\\b")) {
                CliRun r = run(command, bad);
                assertThat(r.status()).as(command + " " + bad).isEqualTo(ExitStatus.USAGE);
                assertThat(r.err()).contains("invalid message id \"" + bad.substring(0, Math.min(40, bad.length())));
            }
            String unknown = MessageIds.newId(Instant.parse("2020-01-01T00:00:00Z"));
            CliRun r = run(command, unknown);
            assertThat(r.status()).as(command).isEqualTo(ExitStatus.NO_SUCH_MESSAGE);
            assertThat(r.err()).contains("no message " + unknown);
        }
        assertThat(tmp.resolve("x.json")).exists();
    }

    @EachStore
    void pruneDeletesHeardMessagesOlderThanTheKeptDaysOnly(String kind) throws Exception {
        StoreOptions o = options(kind);
        // an old heard message (the only one to go), an old new one, a recent heard one
        List<VoicemailMessage> saved = storeAll(o, false, new Saved(Duration.ofDays(31), true, ""),
                new Saved(Duration.ofDays(40), false, ""), new Saved(Duration.ofDays(29), true, ""));
        CliRun prune = run("prune", "--keep-days", "30");
        assertThat(prune.status()).as(prune.err()).isEqualTo(ExitStatus.OK);
        assertThat(prune.out()).contains("deleted " + saved.get(0).id(), "1 message(s) deleted").doesNotContain(DIGITS);
        try (MessageStore store = o.openStore()) {
            assertThat(store.list()).extracting(VoicemailMessage::id)
                    .containsExactlyInAnyOrder(saved.get(1).id(), saved.get(2).id());
        }
        assertThat(run("prune", "--keep-days", "0").status()).isEqualTo(ExitStatus.USAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dir", "sqlite"})
    void playWithoutASoundDeviceSaysSoWithItsOwnStatus(String kind) throws Exception {
        AudioFormat internal = new AudioFormat(8000, 16, 1, true, false);
        boolean device;
        try {
            device = AudioSystem.getSourceDataLine(internal) != null;
        } catch (IllegalArgumentException | javax.sound.sampled.LineUnavailableException e) {
            device = false;
        }
        Assumptions.assumeFalse(device, "this machine has a sound device: play would play");
        StoreOptions o = options(kind);
        String id;
        try (MessageStore store = o.openStore()) {
            id = store(store, NOW, false, "").id();
        }
        CliRun play = run("play", id);
        assertThat(play.status()).isEqualTo(ExitStatus.NO_SOUND_DEVICE);
        assertThat(play.err()).contains("no sound device to play on", "play --to FILE " + id);
    }

    @org.junit.jupiter.api.Test
    void theStoreOptionsComeFromTheAnsweringMachinesConfigurationFile() throws Exception {
        StoreOptions o = options("dir");
        String id;
        try (MessageStore store = o.openStore()) {
            id = store(store, NOW, false, "from the config").id();
        }
        Path conf = tmp.resolve("modem-voice.conf");
        Files.writeString(conf, "at-port = /dev/ttyUSB2\ndir = " + o.dir + "\nblock-list = /etc/modem-voice/block.txt\n"
                + "keep-days = 30\n");
        CliRun list = CliRun.ofMain("list", "--config", conf.toString());
        assertThat(list.status()).as(list.err()).isEqualTo(ExitStatus.OK);
        assertThat(list.out()).contains(id, "from the config");
    }

    private static long outboxRows(StoreOptions o, String id) throws Exception {
        String password = o.db.jdbcPasswordFile == null ? null : Files.readString(o.db.jdbcPasswordFile).strip();
        String table = (o.db.jdbcTable == null ? JdbcMessageStore.DEFAULT_TABLE : o.db.jdbcTable) + "_outbox";
        try (Connection c = DriverManager.getConnection(o.db.jdbcUrl, o.db.jdbcUser, password);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE message_id = '" + id + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
