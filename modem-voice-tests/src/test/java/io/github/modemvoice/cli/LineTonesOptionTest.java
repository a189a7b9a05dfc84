package io.github.modemvoice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modemvoice.audio.CallProgressTone.Plan;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@code --line-tones}: which exchange tones end a message. */
class LineTonesOptionTest {
    private final FlowOptions.LineTonesConverter converter = new FlowOptions.LineTonesConverter();

    @Test
    void allOffAndLists() {
        assertThat(new FlowOptions().lineTones).isEqualTo(EnumSet.allOf(Plan.class));
        assertThat(converter.convert("all")).isEqualTo(EnumSet.allOf(Plan.class));
        assertThat(converter.convert(" OFF ")).isEmpty();
        assertThat(converter.convert("cept, uk")).containsExactlyInAnyOrder(Plan.CEPT, Plan.UNITED_KINGDOM);
        assertThat(converter.convert("north-america,itu")).containsExactlyInAnyOrder(Plan.NORTH_AMERICA, Plan.ITU);
        assertThatThrownBy(() -> converter.convert("cept,")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'' is not a tone plan");
    }
}
