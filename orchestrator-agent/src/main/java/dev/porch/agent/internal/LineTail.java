package dev.porch.agent.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last lines of an output, bounded in count. Thread-safe. */
public final class LineTail {
  private final int capacity;
  private final ArrayDeque<String> lines;

  /**
   * @param capacity how many lines to keep, 1 or more
   */
  public LineTail(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be 1 or more, got " + capacity);
    }
    this.capacity = capacity;
    this.lines = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  /** Adds a line, dropping the oldest when full. */
  public synchronized void add(String line) {
    if (lines.size() == capacity) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  /**
   * The newest lines.
   *
   * @param n how many at most
   * @return up to {@code n} lines, oldest first
   */
  public synchronized List<String> last(int n) {
    if (n <= 0) {
      return List.of();
    }
    List<String> all = new ArrayList<>(lines);
    return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
  }
}
