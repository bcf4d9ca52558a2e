package dev.porch.realcli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the scripted model answers, per conversation. A conversation is keyed by the porch task
 * named in the request (porch's prompt says {@code ## Task: calc-1}); each request that a {@link
 * Wire} says consumes a step takes the next step of its conversation. When a conversation's steps
 * run out, the model answers {@code Text("done")}. Thread-safe.
 */
public final class Scenario {
  private static final Pattern TASK = Pattern.compile("Task: ([a-z0-9][a-z0-9._-]*)");
  private final Map<String, List<Step>> steps;
  private final List<Step> fallback;
  private final Map<String, Integer> next = new HashMap<>();

  private Scenario(Map<String, List<Step>> steps, List<Step> fallback) {
    this.steps = new LinkedHashMap<>(steps);
    this.fallback = List.copyOf(fallback);
  }

  /** The same steps for every conversation. */
  public static Scenario forAll(Step... steps) {
    return new Scenario(Map.of(), List.of(steps));
  }

  /** Steps per task name; a conversation naming no listed task gets {@code fallback}. */
  public static Scenario perTask(Map<String, List<Step>> steps, Step... fallback) {
    return new Scenario(steps, List.of(fallback));
  }

  /**
   * The conversation a request belongs to: the first porch task named in its body, or "" when none.
   * A resumed conversation carries its first prompt again, so it keeps its key.
   */
  public static String keyOf(String body) {
    Matcher m = TASK.matcher(body);
    return m.find() ? m.group(1) : "";
  }

  /** The next step for conversation {@code key}, consuming it. */
  public synchronized Step take(String key) {
    List<Step> list = steps.getOrDefault(key, fallback);
    int i = next.merge(key, 1, Integer::sum) - 1;
    return i < list.size() ? list.get(i) : new Step.Text("done");
  }

  /** How many steps conversation {@code key} has taken so far. */
  public synchronized int taken(String key) {
    return next.getOrDefault(key, 0);
  }

  /** Adds steps to conversation {@code key} (e.g. the answers to a follow-up). */
  public synchronized Scenario then(String key, Step... more) {
    List<Step> list = new ArrayList<>(steps.getOrDefault(key, fallback));
    list.addAll(List.of(more));
    steps.put(key, list);
    return this;
  }
}
