package dev.porch.status.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date-times in status files. porch writes ISO-8601 UTC ({@code 2026-01-30T10:30:00Z}); it reads
 * that, ISO-8601 with an offset (PowerShell 7's {@code ConvertTo-Json} and {@code Get-Date -Format
 * o}), ISO-8601 without an offset (taken in the configured local zone, as PowerShell meant it), and
 * Windows PowerShell 5.1's {@code /Date(1706610600000)/} (milliseconds since the epoch, UTC, an
 * optional {@code +hhmm} suffix ignored as .NET does).
 */
public final class Dates {
  private static final Pattern MS_DATE = Pattern.compile("/Date\\((-?\\d{1,16})([+-]\\d{4})?\\)/");

  private Dates() {}

  /**
   * Parses a date-time as written by porch or PowerShell.
   *
   * @param text the string from the file
   * @param localZone the zone for date-times without an offset
   * @return the instant
   * @throws IllegalArgumentException if it is none of the accepted forms
   */
  public static Instant parse(String text, ZoneId localZone) {
    String s = text.trim();
    Matcher m = MS_DATE.matcher(s);
    if (m.matches()) {
      return Instant.ofEpochMilli(Long.parseLong(m.group(1)));
    }
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      // fall through to the offset-less form
    }
    try {
      return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(localZone).toInstant();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'" + abbreviate(s) + "' is not a date-time; write ISO-8601 UTC like 2026-01-30T10:30:00Z", e);
    }
  }

  /** The form porch writes: ISO-8601 in UTC, with fractional seconds only when there are any. */
  public static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
