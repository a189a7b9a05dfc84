package io.github.modemvoice.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line of --transcribe-command, split as sh would split it (compare: sh -c 'printf "<%s>" ...'). */
class ShellWordsTest {
    @Test
    void blanksSeparateAndQuotesKeepBlanks() {
        assertThat(ShellWords.split("x", "  whisper-cli  -m /opt/models/ggml-base.bin\t-nt -f {wav} "))
                .containsExactly("whisper-cli", "-m", "/opt/models/ggml-base.bin", "-nt", "-f", "{wav}");
        assertThat(ShellWords.split("x", "sh '/opt/my scripts/stt.sh' \"{wav}\""))
                .containsExactly("sh", "/opt/my scripts/stt.sh", "{wav}");
        assertThat(ShellWords.split("x", "a'b c'\"d e\"f")).containsExactly("ab cd ef");
        assertThat(ShellWords.split("x", "'' \"\"")).containsExactly("", "");
    }

    @Test
    void backslashesAsInSh() {
        assertThat(ShellWords.split("x", "my\\ file \\'q\\' \\\\")).containsExactly("my file", "'q'", "\\");
        // in double quotes only \" \\ \$ \` are escapes; other backslashes stay
        assertThat(ShellWords.split("x", "\"a\\\"b \\n \\$HOME \\\\\"")).containsExactly("a\"b \\n $HOME \\");
        // in single quotes nothing is an escape
        assertThat(ShellWords.split("x", "'a\\b'")).containsExactly("a\\b");
    }

    @Test
    void noShellFeatures() {
        assertThat(ShellWords.split("x", "stt $HOME/*.wav | tee > out; rm {wav}"))
                .containsExactly("stt", "$HOME/*.wav", "|", "tee", ">", "out;", "rm", "{wav}");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> ShellWords.split("--transcribe-command", "stt 'a {wav}"))
                .hasMessage("--transcribe-command: the single quote at column 5 is not closed: stt 'a {wav}");
        assertThatThrownBy(() -> ShellWords.split("--transcribe-command", "stt \"a {wav}"))
                .hasMessage("--transcribe-command: the double quote at column 5 is not closed: stt \"a {wav}");
        assertThatThrownBy(() -> ShellWords.split("--transcribe-command", "stt {wav} \\"))
                .hasMessageContaining("ends with a backslash that escapes nothing");
        assertThatThrownBy(() -> ShellWords.split("--transcribe-command", "   "))
                .hasMessage("--transcribe-command: names no program");
    }
}
