package io.github.modemvoice.at;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The response to one AT command: the information lines and the final result code.
 *
 * @param command   the command as sent, without the terminating carriage return
 * @param lines     the information lines in order (echo and blank lines removed)
 * @param result    the final result code
 * @param finalLine the final result line exactly as received (e.g. {@code +CME ERROR: 10})
 * @param errorCode the numeric code of {@code +CME ERROR}/{@code +CMS ERROR} when numeric
 */
public record AtResponse(String command, List<String> lines, FinalResult result, String finalLine,
                         Optional<Integer> errorCode) {

    /** Copies the lines and validates the components. */
    public AtResponse {
        Objects.requireNonNull(command, "command");
        lines = List.copyOf(lines);
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(finalLine, "finalLine");
        Objects.requireNonNull(errorCode, "errorCode");
    }

    /** @return true when the final result is a success ({@link FinalResult#isSuccess()}) */
    public boolean isSuccess() {
        return result.isSuccess();
    }

    /**
     * @param prefix a response prefix such as {@code +CGMM:}; case-insensitive
     * @return the first information line starting with it, prefix removed and stripped
     */
    public Optional<String> value(String prefix) {
        for (String line : lines) {
            if (line.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return Optional.of(line.substring(prefix.length()).strip());
            }
        }
        return Optional.empty();
    }

    /**
     * @return this response when it succeeded
     * @throws AtCommandException naming the command and the final result otherwise
     */
    public AtResponse requireSuccess() {
        if (!isSuccess()) {
            throw new AtCommandException(this);
        }
        return this;
    }
}
