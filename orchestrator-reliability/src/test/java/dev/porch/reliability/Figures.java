package dev.porch.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Measured figures of the load tests: printed, and appended to {@code
 * target/reliability-load.txt} so docs/reliability.md can quote a run.
 */
final class Figures {
  private Figures() {}

  /** Median, 90th percentile and maximum of {@code values}, formatted as "m / p90 / max". */
  static String spread(Collection<Double> values, String unit) {
    List<Double> v = new ArrayList<>(values);
    if (v.isEmpty()) {
      return "none";
    }
    v.sort(Double::compare);
    return String.format("median %.1f %s, p90 %.1f %s, max %.1f %s (n=%d)", median(v), unit,
        v.get(Math.min(v.size() - 1, (int) Math.ceil(v.size() * 0.9) - 1)), unit, v.get(v.size() - 1), unit, v.size());
  }

  /** The median of {@code values} (the upper one of an even count, as {@link #spread} reports it). */
  static double median(Collection<Double> values) {
    List<Double> v = new ArrayList<>(values);
    v.sort(Double::compare);
    return v.isEmpty() ? Double.NaN : v.get(v.size() / 2);
  }

  /** Prints {@code line} and appends it to the report file. */
  static void report(String test, String line) {
    String text = test + ": " + line;
    System.out.println(text);
    try {
      Path file = Path.of("target", "reliability-load.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
