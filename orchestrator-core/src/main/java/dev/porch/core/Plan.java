package dev.porch.core;

import dev.porch.core.error.InvalidPlanException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tasks of one run and their dependencies: a directed acyclic graph.
 *
 * <p>{@link #of} refuses duplicate names, dependencies on unknown tasks and cycles, naming them.
 * {@link #topologicalOrder()} lists every task after all of its dependencies, keeping the given
 * order where the graph allows.
 *
 * <pre>{@code
 * Plan plan = Plan.of(List.of(writer, implementer1, implementer2));
 * for (TaskSpec t : plan.topologicalOrder()) { ... }
 * }</pre>
 */
public final class Plan {
  private final Map<TaskName, TaskSpec> tasks;
  private final List<TaskSpec> order;

  private Plan(Map<TaskName, TaskSpec> tasks, List<TaskSpec> order) {
    this.tasks = Collections.unmodifiableMap(tasks);
    this.order = List.copyOf(order);
  }

  /**
   * Builds and validates a plan.
   *
   * @param tasks the tasks, at least one
   * @return the plan
   * @throws InvalidPlanException if the list is empty, a name repeats, a dependency is unknown, or
   *     the dependencies form a cycle (the message names every problem)
   */
  public static Plan of(List<TaskSpec> tasks) {
    List<String> problems = new ArrayList<>();
    if (tasks.isEmpty()) {
      throw new InvalidPlanException("a plan needs at least one task");
    }
    Map<TaskName, TaskSpec> byName = new LinkedHashMap<>();
    for (TaskSpec t : tasks) {
      if (byName.putIfAbsent(t.name(), t) != null) {
        problems.add("task " + t.name() + " appears more than once");
      }
    }
    for (TaskSpec t : byName.values()) {
      for (TaskName d : t.dependsOn()) {
        if (!byName.containsKey(d)) {
          problems.add("task " + t.name() + " depends on unknown task " + d);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidPlanException(problems);
    }
    List<TaskName> cycle = findCycle(byName);
    if (!cycle.isEmpty()) {
      List<String> names = new ArrayList<>();
      cycle.forEach(n -> names.add(n.value()));
      throw new InvalidPlanException("dependency cycle: " + String.join(" -> ", names));
    }
    return new Plan(byName, sort(byName));
  }

  /** The tasks in the order given. */
  public List<TaskSpec> tasks() {
    return List.copyOf(tasks.values());
  }

  /** The task names in the order given. */
  public List<TaskName> names() {
    return List.copyOf(tasks.keySet());
  }

  /** The task called {@code name}, if in this plan. */
  public Optional<TaskSpec> task(TaskName name) {
    return Optional.ofNullable(tasks.get(name));
  }

  /** Whether {@code name} is a task of this plan. */
  public boolean contains(TaskName name) {
    return tasks.containsKey(name);
  }

  /** Every task after all its dependencies; stable with respect to the given order. */
  public List<TaskSpec> topologicalOrder() {
    return order;
  }

  /** The tasks that depend directly on {@code name}. */
  public List<TaskSpec> dependents(TaskName name) {
    List<TaskSpec> out = new ArrayList<>();
    for (TaskSpec t : tasks.values()) {
      if (t.dependsOn().contains(name)) {
        out.add(t);
      }
    }
    return out;
  }

  /** Number of tasks. */
  public int size() {
    return tasks.size();
  }

  private static List<TaskSpec> sort(Map<TaskName, TaskSpec> byName) {
    // Kahn's algorithm, always taking the earliest ready task in the given order.
    Map<TaskName, Integer> waiting = new HashMap<>();
    byName.values().forEach(t -> waiting.put(t.name(), t.dependsOn().size()));
    List<TaskSpec> out = new ArrayList<>();
    Set<TaskName> done = new HashSet<>();
    while (out.size() < byName.size()) {
      for (TaskSpec t : byName.values()) {
        if (!done.contains(t.name()) && waiting.get(t.name()) == 0) {
          out.add(t);
          done.add(t.name());
          for (TaskSpec d : byName.values()) {
            if (d.dependsOn().contains(t.name())) {
              waiting.merge(d.name(), -1, Integer::sum);
            }
          }
          break;
        }
      }
    }
    return out;
  }

  private static List<TaskName> findCycle(Map<TaskName, TaskSpec> byName) {
    Map<TaskName, Integer> colour = new HashMap<>(); // 0 new, 1 on stack, 2 done
    for (TaskName start : byName.keySet()) {
      if (colour.getOrDefault(start, 0) != 0) {
        continue;
      }
      Deque<TaskName> path = new ArrayDeque<>();
      List<TaskName> cycle = visit(start, byName, colour, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<TaskName> visit(
      TaskName node, Map<TaskName, TaskSpec> byName, Map<TaskName, Integer> colour, Deque<TaskName> path) {
    colour.put(node, 1);
    path.addLast(node);
    for (TaskName dep : byName.get(node).dependsOn()) {
      int c = colour.getOrDefault(dep, 0);
      if (c == 1) {
        List<TaskName> onPath = new ArrayList<>(path);
        List<TaskName> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(dep), onPath.size()));
        cycle.add(dep);
        return cycle;
      }
      if (c == 0) {
        List<TaskName> found = visit(dep, byName, colour, path);
        if (!found.isEmpty()) {
          return found;
        }
      }
    }
    path.removeLast();
    colour.put(node, 2);
    return List.of();
  }

  @Override
  public String toString() {
    return "Plan" + tasks.keySet();
  }
}
