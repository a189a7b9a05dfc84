package io.github.modemvoice.routing;

import static io.github.modemvoice.routing.OpeningChecks.assertClosedAt;
import static io.github.modemvoice.routing.OpeningChecks.assertOpenAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusinessHoursJsonTest {

    static final String EXAMPLE = """
            { "zone": "Europe/Berlin",
              "weekly": { "monday": ["08:00-12:00", "13:00-17:30"], "friday": ["22:00-02:00"], "saturday": [] },
              "closed": ["2026-12-25", "2026-12-26"],
              "open": [ { "from": "2026-12-24T09:00", "to": "2026-12-24T12:00" } ] }
            """;

    @Test
    void readsTheDocumentedExample() {
        BusinessHours hours = BusinessHours.fromJson(EXAMPLE);
        assertThat(hours.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertOpenAt(hours, "2026-06-01T08:00", "2026-06-01T17:00", "2026-06-06T01:59",
                "2026-12-24T10:00"); // the one-off opening on a Thursday
        assertClosedAt(hours, "2026-06-01T12:30", "2026-06-06T02:00",
                "2026-06-02T10:00", // tuesday missing = closed
                "2026-12-25T23:00"); // a closed Friday
    }

    @Test
    void roundTripGivesAnEqualObject() {
        BusinessHours hours = BusinessHours.fromJson(EXAMPLE);
        String json = hours.toJson();
        BusinessHours again = BusinessHours.fromJson(json);
        assertThat(again).isEqualTo(hours).hasSameHashCodeAs(hours);
        assertThat(again.toJson()).isEqualTo(json);
        assertThat(json).contains("\"zone\" : \"Europe/Berlin\"", "\"monday\" : [ \"08:00-12:00\", \"13:00-17:30\" ]",
                "\"tuesday\" : [ ]", "\"2026-12-25\"", "\"from\" : \"2026-12-24T09:00\"");
    }

    @Test
    void roundTripOfAlwaysNeverAndBuilderOutput() {
        assertThat(BusinessHours.fromJson(BusinessHours.always().toJson())).isEqualTo(BusinessHours.always());
        assertThat(BusinessHours.fromJson(BusinessHours.never().toJson())).isEqualTo(BusinessHours.never());
        assertThat(BusinessHours.always().toJson()).contains("\"sunday\" : [ \"00:00-24:00\" ]");
        BusinessHours built = BusinessHours.builder().zone(ZoneId.of("America/New_York"))
                .weekdays(java.time.LocalTime.of(9, 0), java.time.LocalTime.MIDNIGHT)
                .openOn(LocalDateTime.parse("2026-07-04T10:00:30"), LocalDateTime.parse("2026-07-04T11:00"))
                .build();
        assertThat(built.toJson()).contains("\"09:00-24:00\"", "2026-07-04T10:00:30");
        assertThat(BusinessHours.fromJson(built.toJson())).isEqualTo(built);
    }

    @Test
    void onlyZoneIsRequired() {
        BusinessHours hours = BusinessHours.fromJson("{\"zone\":\"UTC\"}");
        assertThat(hours).isEqualTo(BusinessHours.builder().zone(ZoneId.of("UTC")).build());
        assertClosedAt(hours, "2026-06-01T10:00:00Z");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hours.json");
        Files.writeString(file, EXAMPLE, StandardCharsets.UTF_8);
        assertThat(BusinessHours.fromJson(file)).isEqualTo(BusinessHours.fromJson(EXAMPLE));
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hours.json");
        Files.writeString(file, "{\"zone\":\"UTC\",\"weekly\":{\"monday\":[\"8-12\"]}}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BusinessHours.fromJson(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ":1: weekly.monday[0]: \"8-12\" is not HH:mm-HH:mm");
        assertThatThrownBy(() -> BusinessHours.fromJson(dir.resolve("missing.json")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing.json");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # JSON                                                                   | message
            `{"zone":"UTC","weekly":{"monday":["08:00-12:00","13:00-25:00"]}}`        | `weekly.monday[1]: "13:00-25:00" is not HH:mm-HH:mm`
            `{"zone":"UTC","weekly":{"monday":["8:00-12:00"]}}`                       | `weekly.monday[0]: "8:00-12:00" is not HH:mm-HH:mm`
            `{"zone":"UTC","weekly":{"monday":["08:60-12:00"]}}`                      | `weekly.monday[0]: "08:60-12:00" is not HH:mm-HH:mm`
            `{"zone":"UTC","weekly":{"monday":["08:00-24:30"]}}`                      | `weekly.monday[0]: "08:00-24:30" is not HH:mm-HH:mm`
            `{"zone":"UTC","weekly":{"monday":["24:00-02:00"]}}`                      | `weekly.monday[0]: "24:00-02:00" is not HH:mm-HH:mm (24:00 is allowed only as an end)`
            `{"zone":"UTC","weekly":{"monday":[" 08:00-12:00"]}}`                     | `weekly.monday[0]: " 08:00-12:00" is not HH:mm-HH:mm`
            `{"zone":"UTC","weekly":{"monday":[800]}}`                                | `weekly.monday[0]: 800 is not HH:mm-HH:mm`
            `{"zone":"UTC","weekly":{"friday":["09:00-09:00"]}}`                      | `weekly.friday[0]: "09:00-09:00": from equals to`
            `{"zone":"UTC","weekly":{"sunday":["00:00-00:00"]}}`                      | `weekly.sunday[0]: "00:00-00:00": from equals to`
            `{"zone":"UTC","weekly":{"funday":["08:00-12:00"]}}`                      | `weekly.funday: unknown day name "funday" (expected monday, tuesday, wednesday, thursday, friday, saturday or sunday)`
            `{"zone":"UTC","weekly":{"Monday":["08:00-12:00"]}}`                      | `weekly.Monday: unknown day name "Monday" (expected monday, tuesday, wednesday, thursday, friday, saturday or sunday)`
            `{"zone":"UTC","weekly":{"monday":"08:00-12:00"}}`                        | `weekly.monday: expected an array of "HH:mm-HH:mm" ranges, got "08:00-12:00"`
            `{"zone":"UTC","weekly":{"monday":null}}`                                 | `weekly.monday: expected an array of "HH:mm-HH:mm" ranges, got null`
            `{"zone":"UTC","weekly":["08:00-12:00"]}`                                 | `weekly: expected an object keyed by day name, got an array`
            `{"zone":"UTC","weekly":{"monday":[]},"wekly":{}}`                        | `unknown key "wekly" (allowed: zone, weekly, closed, open)`
            `{"weekly":{}}`                                                           | `zone is required`
            `{"zone":null}`                                                           | `zone is required`
            `{"zone":"Mars/Olympus"}`                                                 | `zone: "Mars/Olympus" is not a valid time-zone id`
            `{"zone":1}`                                                              | `zone: expected a time-zone id string, got 1`
            `{"zone":"UTC","closed":["2026-12-25","2026-13-01"]}`                     | `closed[1]: "2026-13-01" is not a date (yyyy-MM-dd)`
            `{"zone":"UTC","closed":[20261225]}`                                      | `closed[0]: 20261225 is not a date (yyyy-MM-dd)`
            `{"zone":"UTC","closed":"2026-12-25"}`                                    | `closed: expected an array of "yyyy-MM-dd" dates, got "2026-12-25"`
            `{"zone":"UTC","open":{"from":"2026-12-24T09:00","to":"2026-12-24T12:00"}}` | `open: expected an array of {"from": ..., "to": ...} objects, got an object`
            `{"zone":"UTC","open":["2026-12-24T09:00"]}`                              | `open[0]: expected an object with "from" and "to", got "2026-12-24T09:00"`
            `{"zone":"UTC","open":[{"from":"2026-12-24T09:00"}]}`                     | `open[0].to is required`
            `{"zone":"UTC","open":[{"to":"2026-12-24T09:00"}]}`                       | `open[0].from is required`
            `{"zone":"UTC","open":[{"from":"2026-12-24 09:00","to":"2026-12-24T12:00"}]}` | `open[0].from: "2026-12-24 09:00" is not a local date-time (yyyy-MM-ddTHH:mm)`
            `{"zone":"UTC","open":[{"from":"2026-12-24T09:00","to":true}]}`           | `open[0].to: true is not a local date-time (yyyy-MM-ddTHH:mm)`
            `{"zone":"UTC","open":[{"from":"2026-12-24T12:00","to":"2026-12-24T09:00"}]}` | `open[0]: to must be after from (from 2026-12-24T12:00, to 2026-12-24T09:00)`
            `{"zone":"UTC","open":[{"from":"2026-12-24T12:00","to":"2026-12-24T12:00"}]}` | `open[0]: to must be after from (from 2026-12-24T12:00, to 2026-12-24T12:00)`
            `{"zone":"UTC","open":[{"from":"2026-12-24T09:00","to":"2026-12-24T12:00","note":"x"}]}` | `open[0]: unknown key "note" (allowed: from, to)`
            `[]`                                                                      | `expected a JSON object at the top level, got an array`
            `"hours"`                                                                 | `expected a JSON object at the top level, got "hours"`
            ``                                                                        | `expected a JSON object at the top level, got nothing`
            """)
    void invalidJsonIsRejectedNamingFieldAndValue(String json, String message) {
        assertThatThrownBy(() -> BusinessHours.fromJson(json == null ? "" : json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void malformedJsonAndDuplicateKeysAreRejected() {
        assertThatThrownBy(() -> BusinessHours.fromJson("{\"zone\": \"UTC\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed JSON: ");
        assertThatThrownBy(() -> BusinessHours.fromJson(
                "{\"zone\":\"UTC\",\"weekly\":{\"monday\":[],\"monday\":[\"08:00-12:00\"]}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed JSON: ")
                .hasMessageContaining("monday");
    }

    @ParameterizedTest(name = "[{index}] line {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # the bad line in a file as people write it                 | line | message
            `  "weekly": {\n    "monday": ["08:00-12:00",\n               "13:00-25:00"]\n  }`   | 5 | `weekly.monday[1]: "13:00-25:00" is not HH:mm-HH:mm`
            `  "weekly": {\n    "funday": ["08:00-12:00"]\n  }`                                 | 4 | `weekly.funday: unknown day name`
            `  "wekly": {\n    "monday": []\n  }`                                                | 3 | `unknown key "wekly"`
            `  "weekly": {},\n  "closed": ["2026-12-25",\n             "2026-13-01"]`           | 5 | `closed[1]: "2026-13-01" is not a date`
            `  "weekly": {},\n  "open": [ {\n    "from": "2026-12-24T09:00" } ]`                 | 4 | `open[0].to is required`
            `  "weekly": { "monday": ["08:00-12:00",, ] }`                                       | 3 | `malformed JSON`
            """)
    void fileErrorsNameTheLine(String middle, int line, String message, @TempDir Path dir) throws Exception {
        String json = "{\n  \"zone\": \"Europe/Berlin\",\n" + middle.replace("\\n", "\n") + "\n}\n";
        Path file = dir.resolve("hours.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BusinessHours.fromJson(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void theSampleFileInTheRepositoryIsValid() {
        BusinessHours sample = BusinessHours.fromJson(Path.of("packaging/hours.json"));
        assertThat(sample.zone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        // Monday 2026-11-23 10:00 Berlin is open; Sunday is closed; Christmas Day is closed
        // and the one-off Sunday opening in the sample is open
        assertOpenAt(sample, "2026-11-23T09:00:00Z", "2026-12-20T10:00:00Z");
        assertClosedAt(sample, "2026-11-22T09:00:00Z", "2026-12-25T09:00:00Z");
    }
}
