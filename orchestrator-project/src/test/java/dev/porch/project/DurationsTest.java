package dev.porch.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.PorchException;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Human durations: the forms people write, and every other text refused with a message, never a crash. */
class DurationsTest {
  @Test
  void readsTheUsualForms() {
    assertThat(Durations.parse("90s", "x")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse(" 1H30m ", "x")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("500ms", "x")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("2d", "x")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.parse("36500d", "x")).isEqualTo(Durations.LONGEST);
  }

  @Test
  void refusesWithTheWhereAndAHint() {
    for (String bad : new String[] {"", "0s", "5", "m5", "5 m", "-5m", "1.5h", "5m garbage"}) {
      assertThatThrownBy(() -> Durations.parse(bad, "--timeout"))
          .isInstanceOfSatisfying(PorchException.class, e -> {
            assertThat(e).hasMessageStartingWith("--timeout: '" + bad + "' is not a duration");
            assertThat(e.hints()).isNotEmpty();
          });
    }
    assertThatThrownBy(() -> Durations.parse("36501d", "--timeout")).hasMessageContaining("longer than porch can wait");
    assertThatThrownBy(() -> Durations.parse("9223372036854775807d", "--timeout")).hasMessageContaining("longer than porch can wait");
    assertThatThrownBy(() -> Durations.parse("99999999999999999999999999s", "--timeout")).hasMessageContaining("longer than porch can wait");
  }

  @Property(tries = 2000)
  void anyTextIsADurationOrAPorchException(@ForAll String text) {
    try {
      Duration d = Durations.parse(text, "x");
      assertThat(d).isPositive().isLessThanOrEqualTo(Durations.LONGEST);
    } catch (PorchException e) {
      assertThat(e.getMessage()).startsWith("x: ");
    }
  }

  @Test
  void formatIsReadBack() {
    assertThat(Durations.format(Duration.ofMillis(4200))).isEqualTo("4.2s");
    assertThat(Durations.format(Duration.ofSeconds(125))).isEqualTo("2m05s");
    assertThat(Durations.format(Duration.ofMinutes(62))).isEqualTo("1h02m");
    assertThat(Durations.parse(Durations.format(Duration.ofMinutes(62)), "x")).isEqualTo(Duration.ofMinutes(62));
  }
}
