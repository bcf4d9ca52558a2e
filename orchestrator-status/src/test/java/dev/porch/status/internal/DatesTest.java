package dev.porch.status.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatesTest {
  private static final ZoneId PLUS2 = ZoneOffset.ofHours(2);

  @ParameterizedTest
  @CsvSource({
      "2026-01-30T10:30:00Z, 2026-01-30T10:30:00Z",
      "2026-01-30T10:30:00.5Z, 2026-01-30T10:30:00.500Z",
      "2026-01-30T12:30:00+02:00, 2026-01-30T10:30:00Z",
      "2026-01-30T12:30:00.1234567+02:00, 2026-01-30T10:30:00.1234567Z",
      "2026-01-30T12:30:00, 2026-01-30T10:30:00Z",
      "/Date(1769769000000)/, 2026-01-30T10:30:00Z",
      "/Date(1769769000000+0200)/, 2026-01-30T10:30:00Z",
      "/Date(-1000)/, 1969-12-31T23:59:59Z",
      "' 2026-01-30T10:30:00Z ', 2026-01-30T10:30:00Z"})
  void parse_acceptedForms(String text, String expected) {
    assertThat(Dates.parse(text, PLUS2)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "yesterday", "2026-01-30", "10:30", "/Date(abc)/", "Date(1)", "2026-13-01T00:00:00Z",
      "1769769000000"})
  void parse_otherForms_areRefused(String text) {
    assertThatThrownBy(() -> Dates.parse(text, PLUS2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a date-time");
  }

  @ParameterizedTest
  @CsvSource({"2026-01-30T10:30:00Z, 2026-01-30T10:30:00Z", "2026-01-30T10:30:00.120Z, 2026-01-30T10:30:00.120Z"})
  void format_isIsoUtc(String instant, String text) {
    assertThat(Dates.format(Instant.parse(instant))).isEqualTo(text);
  }
}
