package io.github.modemvoice.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one command line into arguments the way a POSIX shell does, without running a shell:
 * blanks separate words; inside {@code '...'} everything is literal; inside {@code "..."} a
 * backslash escapes only {@code "}, {@code \}, {@code $} and {@code `}; outside quotes a
 * backslash makes the next character literal. No variables, globs, pipes or redirections:
 * {@code $HOME} and {@code *} stay as typed. {@code --transcribe-command} uses it, so the
 * command is written as it would be in a terminal.
 */
final class ShellWords {
    private ShellWords() {
    }

    /**
     * @param option the option the line came from, named in errors
     * @param line   the command line
     * @return its words, at least one
     * @throws IllegalArgumentException naming the option and the column of an unclosed quote, a
     *                                  trailing backslash, or an empty line
     */
    static List<String> split(String option, String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new BadOptionException(option, option + ": the single quote at column " + (i + 1)
                            + " is not closed: " + line);
                }
                word.append(line, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                int j = i + 1;
                while (true) {
                    if (j >= line.length()) {
                        throw new BadOptionException(option, option + ": the double quote at column " + (i + 1)
                                + " is not closed: " + line);
                    }
                    char d = line.charAt(j);
                    if (d == '"') {
                        break;
                    }
                    if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
                        word.append(line.charAt(j + 1));
                        j += 2;
                    } else {
                        word.append(d);
                        j++;
                    }
                }
                inWord = true;
                i = j + 1;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new BadOptionException(option, option + ": the line ends with a backslash that escapes nothing: " + line);
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new BadOptionException(option, option + ": names no program");
        }
        return words;
    }
}
