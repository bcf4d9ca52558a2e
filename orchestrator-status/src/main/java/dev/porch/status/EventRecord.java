package dev.porch.status;

import dev.porch.core.TaskName;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code events.ndjson}, read back as plain data for display ({@code porch status}).
 *
 * @param type the event type, e.g. {@code state-changed}
 * @param run the run's id
 * @param at when it happened
 * @param task the task, when the event has one
 * @param fields the event's other fields in file order, as {@code String}, {@code Long}, {@code
 *     Double}, {@code Boolean}, {@code List} or {@code Map} (JSON nulls are left out)
 */
public record EventRecord(String type, String run, Instant at, Optional<TaskName> task, Map<String, Object> fields) {
  /** Checks the parts and copies {@code fields} into an unmodifiable map. */
  public EventRecord {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(task, "task");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /**
   * A field as text.
   *
   * @param name the field
   * @return its value's string form, or empty when absent
   */
  public Optional<String> text(String name) {
    return Optional.ofNullable(fields.get(name)).map(String::valueOf);
  }
}
