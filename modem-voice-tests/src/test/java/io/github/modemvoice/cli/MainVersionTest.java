package io.github.modemvoice.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --version} prints the version the build was made from, not a string in the source. */
class MainVersionTest {

    /** The POM's {@code project.version}, handed over by surefire (pom.xml, systemPropertyVariables). */
    private static String projectVersion() {
        String v = System.getProperty("modemvoice.projectVersion");
        assertThat(v).as("system property modemvoice.projectVersion (set by the surefire configuration)")
                .isNotBlank().doesNotContain("${");
        return v;
    }

    @Test
    void versionProviderReturnsTheProjectVersionOfTheBuild() throws Exception {
        assertThat(new Main.Version().getVersion()).containsExactly("modem-voice " + projectVersion());
    }

    @Test
    void versionOptionPrintsItAndExitsZero() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main()).setOut(new PrintWriter(out, true));

        int status = cl.execute("--version");

        assertThat(status).isZero();
        assertThat(out.toString().strip()).isEqualTo("modem-voice " + projectVersion());
    }
}
