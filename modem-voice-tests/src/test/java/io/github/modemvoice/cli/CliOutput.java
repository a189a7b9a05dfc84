package io.github.modemvoice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CLI's stdout: the human lines, and the message JSON (from a line "{" to a line "}").
 *
 * @param human the lines that are not the JSON
 * @param json  the message JSON, if printed
 */
record CliOutput(List<String> human, Optional<JsonNode> json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static CliOutput split(String stdout) throws IOException {
        List<String> human = new ArrayList<>();
        StringBuilder json = null;
        String found = null;
        for (String line : stdout.split("\n", -1)) {
            if (found == null && json == null && line.equals("{")) {
                json = new StringBuilder();
            }
            if (json != null) {
                json.append(line).append('\n');
                if (line.equals("}")) {
                    found = json.toString();
                    json = null;
                }
            } else if (!line.isEmpty()) {
                human.add(line);
            }
        }
        return new CliOutput(human, found == null ? Optional.empty() : Optional.of(JSON.readTree(found)));
    }
}
