package dev.porch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** TaskName accepts exactly the documented language, written here a second, independent way. */
class TaskNameProperties {
  private static final Set<String> DEVICES =
      Set.of("con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
          "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  /** The documented rules, spelled out one by one. */
  static boolean documented(String s) {
    if (s.isEmpty() || s.length() > 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      boolean punct = c == '.' || c == '_' || c == '-';
      if (!(alnum || (i > 0 && punct))) {
        return false;
      }
    }
    if (s.contains("..") || s.endsWith(".") || s.endsWith(".lock")) {
      return false;
    }
    String stem = s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
    return !DEVICES.contains(stem);
  }

  @Property(tries = 3000)
  void acceptsExactlyTheDocumentedLanguage(@ForAll("candidates") String s) {
    assertThat(TaskName.isValid(s)).as("'%s'", s).isEqualTo(documented(s));
    if (documented(s)) {
      assertThat(TaskName.of(s).value()).isEqualTo(s);
    }
  }

  @Property(tries = 1000)
  void validNamesAreSafeAsPathSegmentsAndRefComponents(@ForAll("candidates") String s) {
    if (!TaskName.isValid(s)) {
      return;
    }
    assertThat(s).doesNotContain("/", "\\", ":", "..", " ", "~", "^", "?", "*", "[", "@{");
    assertThat(s).doesNotStartWith("-").doesNotStartWith(".");
    assertThat(s.toLowerCase(Locale.ROOT)).isEqualTo(s);
  }

  @Provide
  Arbitrary<String> candidates() {
    Arbitrary<String> near =
        Arbitraries.strings().withChars("abcz019.-_/\\:A ~é").ofMinLength(0).ofMaxLength(12);
    Arbitrary<String> devices =
        Arbitraries.of(DEVICES).flatMap(d -> Arbitraries.of(d, d + ".txt", d + "x", d.toUpperCase(Locale.ROOT)));
    Arbitrary<String> lengths = Arbitraries.strings().withChars("ab").ofMinLength(60).ofMaxLength(70);
    Arbitrary<String> any = Arbitraries.strings().ofMaxLength(10);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, near), net.jqwik.api.Tuple.of(1, devices),
        net.jqwik.api.Tuple.of(1, lengths), net.jqwik.api.Tuple.of(2, any));
  }
}
