package dev.porch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class UntrustedTextTest {
  @Test
  void visible_escapesControlsC1AndBidi_keepsTabAndUnicode() {
    assertThat(UntrustedText.visible("a\u001b[31mred\u0007 \u009b2J \u202etxt.exe\tcaf\u00e9 \ud83d\ude00"))
        .isEqualTo("a\\u001b[31mred\\u0007 \\u009b2J \\u202etxt.exe\tcaf\u00e9 \ud83d\ude00");
    assertThat(UntrustedText.visible(null)).isEmpty();
    String plain = "nothing to do";
    assertThat(UntrustedText.visible(plain)).isSameAs(plain);
  }

  @Test
  void oneLine_flattensBreaksAndCuts() {
    assertThat(UntrustedText.oneLine("  fix\r\nthe\n\n\tlogin  form \u2028now ", 80)).isEqualTo("fix the login form now");
    assertThat(UntrustedText.oneLine("x".repeat(300), 20)).hasSize(20).endsWith("...");
    assertThat(UntrustedText.oneLine(" \n ", 20)).isEmpty();
  }

  @Test
  void mergeMessage_isOneSafeLine() {
    TaskName t = TaskName.of("auth-1");
    assertThat(Workflow.mergeMessage(t, Optional.of("did it\n\nSigned-off-by: evil \u001b]0;pwned\u0007")))
        .isEqualTo("Merge auth-1: did it Signed-off-by: evil \\u001b]0;pwned\\u0007");
    assertThat(Workflow.mergeMessage(t, Optional.empty())).isEqualTo("Merge auth-1: (no summary)");
    assertThat(Workflow.mergeMessage(t, Optional.of("\n"))).isEqualTo("Merge auth-1: (no summary)");
    assertThat(Workflow.mergeMessage(t, Optional.of("y".repeat(5000)))).hasSize("Merge auth-1: ".length() + 200);
  }
}
