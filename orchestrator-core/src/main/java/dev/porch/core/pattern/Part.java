package dev.porch.core.pattern;

import dev.porch.core.TaskName;
import java.util.List;
import java.util.Objects;

/**
 * One part of a divide-and-conquer run: task {@code <feature>-<name>} with its own prompt, the
 * parts it waits for, and whether its workspace starts from its (single) dependency's branch so it
 * sees that work.
 *
 * <pre>{@code
 * Part api = Part.of("api", "Build the REST API");
 * Part ui = Part.of("ui", "Build the UI on the API").dependsOn("api").startingFromDependency();
 * }</pre>
 *
 * @param name the part's name, a task-name suffix
 * @param prompt the part's instructions
 * @param dependsOn the parts that must be COMPLETE first
 * @param startFromDependency whether its workspace branches from its dependency (exactly one)
 */
public record Part(String name, String prompt, List<String> dependsOn, boolean startFromDependency) {
  /**
   * @throws dev.porch.core.error.InvalidTaskNameException if {@code name} is not a valid task name
   * @throws IllegalArgumentException if the prompt is blank, a part depends on itself, or it starts
   *     from a dependency without having exactly one
   */
  public Part {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(prompt, "prompt");
    TaskName.of(name);
    if (prompt.isBlank()) {
      throw new IllegalArgumentException("part " + name + " has an empty prompt");
    }
    dependsOn = List.copyOf(dependsOn);
    if (dependsOn.contains(name)) {
      throw new IllegalArgumentException("part " + name + " depends on itself");
    }
    if (startFromDependency && dependsOn.size() != 1) {
      throw new IllegalArgumentException("part " + name + " starts from its dependency, so it needs exactly one; it has "
          + dependsOn.size());
    }
  }

  /** A part with no dependencies. */
  public static Part of(String name, String prompt) {
    return new Part(name, prompt, List.of(), false);
  }

  /** The same part, waiting for {@code parts}. */
  public Part dependsOn(String... parts) {
    return new Part(name, prompt, List.of(parts), startFromDependency);
  }

  /** The same part, starting from its dependency's branch. */
  public Part startingFromDependency() {
    return new Part(name, prompt, dependsOn, true);
  }

  /** The same part with another prompt. */
  public Part withPrompt(String newPrompt) {
    return new Part(name, newPrompt, dependsOn, startFromDependency);
  }
}
