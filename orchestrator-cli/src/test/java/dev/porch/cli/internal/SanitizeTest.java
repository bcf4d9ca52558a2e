package dev.porch.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Untrusted text is printed with everything a terminal could act on made visible. */
class SanitizeTest {
  static final String HOSTILE = "a\u001b[31mb\u001b]0;t\u0007c\u009b2Jd\u202eevil\u202ce\u2066f\u200fg\u007fh\u2028i\tj";

  @Test
  void text_escapesC0C1DelAndBidiControls_keepsTab() {
    assertThat(Sanitize.text(HOSTILE)).isEqualTo(
        "a\\u001b[31mb\\u001b]0;t\\u0007c\\u009b2Jd\\u202eevil\\u202ce\\u2066f\\u200fg\\u007fh\\u2028i\tj");
    assertThat(Sanitize.text("caf\u00e9 \u4e2d\u6587 \ud83d\ude00")).isEqualTo("caf\u00e9 \u4e2d\u6587 \ud83d\ude00");
  }

  @Test
  void jsonOut_escapesWhatATerminalCouldActOn_andKeepsTheValue() throws Exception {
    StringWriter w = new StringWriter();
    JsonOut.print(new PrintWriter(w), Map.of("summary", HOSTILE + " caf\u00e9"));
    String text = w.toString();
    assertThat(text).doesNotContainPattern("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f\\u2028]")
        .contains("\\u009B").contains("\\u202E").contains("\\u007F").contains("caf\u00e9");
    assertThat(new ObjectMapper().readTree(text).get("summary").asText()).isEqualTo(HOSTILE + " caf\u00e9");
  }
}
