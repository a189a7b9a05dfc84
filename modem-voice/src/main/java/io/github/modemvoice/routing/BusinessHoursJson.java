package io.github.modemvoice.routing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayDeque;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the business-hours JSON format described in {@link BusinessHours} (and in
 * {@code docs/HOURS.md}): strict, with errors that name the field path and the bad value, and,
 * for a file, the line ({@link #lineOf}).
 */
final class BusinessHoursJson {
    private static final List<String> TOP_LEVEL_KEYS = List.of("zone", "weekly", "closed", "open");
    private static final List<String> OPENING_KEYS = List.of("from", "to");
    private static final Pattern RANGE = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");
    private static final Pattern PATH = Pattern.compile("^([A-Za-z_]\\w*(?:\\[\\d+])?(?:\\.[A-Za-z_]\\w*(?:\\[\\d+])?)*)(?:: | is required)");
    private static final Pattern UNKNOWN_KEY = Pattern.compile("unknown key \"([^\"]*)\"");
    static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private BusinessHoursJson() {
    }

    static BusinessHours read(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object at the top level, got "
                    + describe(root));
        }
        rejectUnknownKeys(root, "", TOP_LEVEL_KEYS);
        BusinessHours.Builder b = BusinessHours.builder();

        JsonNode zoneNode = root.get("zone");
        if (zoneNode == null || zoneNode.isNull()) {
            throw new IllegalArgumentException("zone is required");
        }
        if (!zoneNode.isTextual()) {
            throw new IllegalArgumentException("zone: expected a time-zone id string, got " + describe(zoneNode));
        }
        try {
            b.zone(ZoneId.of(zoneNode.textValue()));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone: " + zoneNode + " is not a valid time-zone id", e);
        }

        JsonNode weeklyNode = root.get("weekly");
        if (weeklyNode != null) {
            if (!weeklyNode.isObject()) {
                throw new IllegalArgumentException("weekly: expected an object keyed by day name, got "
                        + describe(weeklyNode));
            }
            Iterator<Map.Entry<String, JsonNode>> days = weeklyNode.properties().iterator();
            while (days.hasNext()) {
                Map.Entry<String, JsonNode> entry = days.next();
                parseDay(b, entry.getKey(), entry.getValue());
            }
        }

        forEachElement(root, "closed", "\"yyyy-MM-dd\" dates", (d, path) -> {
            try {
                if (!d.isTextual()) {
                    throw new DateTimeException("not a string");
                }
                b.closed(LocalDate.parse(d.textValue()));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(path + ": " + d + " is not a date (yyyy-MM-dd)", e);
            }
        });
        forEachElement(root, "open", "{\"from\": ..., \"to\": ...} objects", (o, path) -> {
            if (!o.isObject()) {
                throw new IllegalArgumentException(path + ": expected an object with \"from\" and \"to\", got "
                        + describe(o));
            }
            rejectUnknownKeys(o, path, OPENING_KEYS);
            LocalDateTime from = parseDateTime(o, path, "from");
            LocalDateTime to = parseDateTime(o, path, "to");
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException(path + ": to must be after from (from "
                        + from + ", to " + to + ")");
            }
            b.openOn(from, to);
        });
        return b.build();
    }

    /**
     * Hands each element of an optional array field to {@code each}, with its path for messages.
     *
     * @param root     the document
     * @param field    the array's key
     * @param elements what the elements should be, for the message when the field is no array
     * @param each     takes an element and its path, {@code field[i]}
     */
    private static void forEachElement(JsonNode root, String field, String elements, BiConsumer<JsonNode, String> each) {
        JsonNode array = root.get(field);
        if (array == null) {
            return;
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException(field + ": expected an array of " + elements + ", got " + describe(array));
        }
        for (int i = 0; i < array.size(); i++) {
            each.accept(array.get(i), field + "[" + i + "]");
        }
    }

    private static void parseDay(BusinessHours.Builder b, String name, JsonNode ranges) {
        DayOfWeek day = null;
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().toLowerCase(Locale.ROOT).equals(name)) {
                day = d;
            }
        }
        String path = "weekly." + name;
        if (day == null) {
            throw new IllegalArgumentException(path + ": unknown day name \"" + name
                    + "\" (expected monday, tuesday, wednesday, thursday, friday, saturday or sunday)");
        }
        if (!ranges.isArray()) {
            throw new IllegalArgumentException(path + ": expected an array of \"HH:mm-HH:mm\" ranges, got "
                    + describe(ranges));
        }
        for (int i = 0; i < ranges.size(); i++) {
            JsonNode r = ranges.get(i);
            String itemPath = path + "[" + i + "]";
            Matcher m = r.isTextual() ? RANGE.matcher(r.textValue()) : null;
            if (m == null || !m.matches()) {
                throw new IllegalArgumentException(itemPath + ": " + r + " is not HH:mm-HH:mm");
            }
            int fromH = Integer.parseInt(m.group(1));
            int fromM = Integer.parseInt(m.group(2));
            int toH = Integer.parseInt(m.group(3));
            int toM = Integer.parseInt(m.group(4));
            if (fromH > 23 || fromM > 59 || toM > 59 || toH > 24 || (toH == 24 && toM != 0)) {
                String hint = fromH == 24 && fromM == 0 ? " (24:00 is allowed only as an end)" : "";
                throw new IllegalArgumentException(itemPath + ": " + r + " is not HH:mm-HH:mm" + hint);
            }
            int from = fromH * 60 + fromM;
            int to = toH * 60 + toM;
            if (from == to) {
                throw new IllegalArgumentException(itemPath + ": " + r + ": from equals to");
            }
            b.addRange(day, from, to);
        }
    }

    private static LocalDateTime parseDateTime(JsonNode object, String path, String key) {
        JsonNode node = object.get(key);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(path + "." + key + " is required");
        }
        try {
            if (!node.isTextual()) {
                throw new DateTimeException("not a string");
            }
            return LocalDateTime.parse(node.textValue());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(path + "." + key + ": " + node
                    + " is not a local date-time (yyyy-MM-ddTHH:mm)", e);
        }
    }

    private static void rejectUnknownKeys(JsonNode object, String path, List<String> allowed) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String where = path.isEmpty() ? "" : path + ": ";
                throw new IllegalArgumentException(where + "unknown key \"" + name + "\" (allowed: "
                        + String.join(", ", allowed) + ")");
            }
        }
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        return node.toString();
    }

    /**
     * Finds the line an error of {@link #read} is about: the line of the field its message names
     * (for a missing field, of the object that lacks it), or where malformed JSON broke off.
     *
     * @param json  the text that was read
     * @param error the error {@link #read} threw
     * @return the 1-based line, or -1 when the error names no place
     */
    static int lineOf(String json, IllegalArgumentException error) {
        if (error.getCause() instanceof JsonProcessingException j && j.getLocation() != null) {
            return j.getLocation().getLineNr();
        }
        String message = Objects.requireNonNullElse(error.getMessage(), "");
        Map<String, Integer> lines = lines(json);
        String path = "";
        Matcher m = PATH.matcher(message);
        if (m.find()) {
            path = m.group(1);
        }
        Matcher k = UNKNOWN_KEY.matcher(message);
        if (k.find()) {
            path = path.isEmpty() ? k.group(1) : path + "." + k.group(1);
        }
        // a missing key has no line of its own: use its object's
        for (String p = path; ; p = parent(p)) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return -1;
            }
        }
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** @return the line of every field and array element, keyed by the path the error messages use */
    private static Map<String, Integer> lines(String json) {
        Map<String, Integer> out = new HashMap<>();
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                // a container's own context is the one it opens: its place is in the parent
                JsonStreamContext ctx = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY
                        ? p.getParsingContext().getParent() : p.getParsingContext();
                out.putIfAbsent(pathOf(ctx), p.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // malformed: the lines found so far are all there are
        }
        return out;
    }

    /** @return a context's place as {@code weekly.monday[1]} */
    private static String pathOf(JsonStreamContext ctx) {
        ArrayDeque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        StringBuilder b = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                b.append('[').append(Math.max(0, c.getCurrentIndex())).append(']');
            } else if (c.getCurrentName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(c.getCurrentName());
            }
        }
        return b.toString();
    }
}
