package dev.porch.git.internal;

import dev.porch.core.TaskName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code PORCH_PORT} per worktree: a registry in {@code .worktrees/.porch-ports} ({@code
 * task=port} lines), written atomically. A task keeps its port while its worktree lives; a new
 * task gets the first free port at or after a stable hash of its name, so ports rarely move.
 */
public final class Ports {
  private final Path file;
  private final int first;
  private final int count;

  public Ports(Path worktreesDir, int first, int count) {
    this.file = worktreesDir.resolve(".porch-ports");
    this.first = first;
    this.count = count;
  }

  /** The port of {@code task}, assigning one if it has none; {@code live} are tasks still present. */
  public synchronized int assign(TaskName task, Set<TaskName> live) {
    Map<String, Integer> ports = read();
    ports.keySet().removeIf(t -> !live.contains(TaskName.of(t)) && !t.equals(task.value()));
    Integer have = ports.get(task.value());
    if (have != null) {
      return have;
    }
    int start = Math.floorMod(task.value().hashCode(), count);
    for (int i = 0; i < count; i++) {
      int candidate = first + (start + i) % count;
      if (!ports.containsValue(candidate)) {
        ports.put(task.value(), candidate);
        write(ports);
        return candidate;
      }
    }
    throw new IllegalStateException("all " + count + " porch ports from " + first + " are taken");
  }

  /** The recorded port of {@code task}. */
  public synchronized OptionalInt get(TaskName task) {
    Integer p = read().get(task.value());
    return p == null ? OptionalInt.empty() : OptionalInt.of(p);
  }

  /** Forgets {@code task}'s port. */
  public synchronized void free(TaskName task) {
    Map<String, Integer> ports = read();
    if (ports.remove(task.value()) != null) {
      write(ports);
    }
  }

  private Map<String, Integer> read() {
    Map<String, Integer> m = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return m;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0 && TaskName.isValid(line.substring(0, eq))) {
          try {
            m.put(line.substring(0, eq), Integer.parseInt(line.substring(eq + 1).trim()));
          } catch (NumberFormatException ignored) {
            // a damaged line loses only its own entry
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  private void write(Map<String, Integer> ports) {
    StringBuilder b = new StringBuilder();
    ports.forEach((t, p) -> b.append(t).append('=').append(p).append('\n'));
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".porch-ports", ".tmp");
      Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
