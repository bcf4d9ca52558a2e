package dev.porch.git.internal;

import dev.porch.core.TaskName;
import dev.porch.core.WorkspaceException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code PORCH_PORT} per worktree, recorded in {@code .worktrees/.porch-ports.json} ({@code
 * {"auth-1": 41007}}): stable for a task (its first probe is a hash of its name, and a recorded port
 * is kept), never shared by two live worktrees, freed on removal. Updates hold an in-process lock
 * and a file lock (other porch processes), and replace the file atomically.
 */
public final class PortRegistry {
  private static final Pattern ENTRY = Pattern.compile("\"([a-z0-9._-]+)\"\\s*:\\s*(\\d+)");

  private final Layout layout;
  private final int first;
  private final int count;

  public PortRegistry(Layout layout, int first, int count) {
    this.layout = layout;
    this.first = first;
    this.count = count;
  }

  private Path file() {
    return layout.dir().resolve(".porch-ports.json");
  }

  /** The port recorded for {@code task}, if any. */
  public OptionalInt get(TaskName task) {
    Integer p = read().get(task.value());
    return p == null ? OptionalInt.empty() : OptionalInt.of(p);
  }

  /** Records a port for each task (keeping one already recorded); empty when the range is full. */
  public Map<TaskName, OptionalInt> assign(Collection<TaskName> tasks) {
    return update(ports -> {
      Map<TaskName, OptionalInt> out = new LinkedHashMap<>();
      ports.keySet().removeIf(t -> !tasks.contains(TaskName.of(t)) && !Files.isDirectory(layout.dir().resolve(t)));
      Set<Integer> used = new HashSet<>(ports.values());
      for (TaskName t : tasks) {
        Integer have = ports.get(t.value());
        if (have == null) {
          int start = Math.floorMod(t.value().hashCode(), count);
          for (int i = 0; i < count && have == null; i++) {
            int candidate = first + (start + i) % count;
            if (!used.contains(candidate)) {
              have = candidate;
            }
          }
          if (have != null) {
            ports.put(t.value(), have);
            used.add(have);
          }
        }
        out.put(t, have == null ? OptionalInt.empty() : OptionalInt.of(have));
      }
      return out;
    });
  }

  /** Frees the ports of {@code tasks}. */
  public void release(Collection<TaskName> tasks) {
    if (!Files.exists(file())) {
      return;
    }
    update(ports -> {
      tasks.forEach(t -> ports.remove(t.value()));
      return null;
    });
  }

  private synchronized <T> T update(Function<Map<String, Integer>, T> change) {
    try {
      Files.createDirectories(layout.dir());
      Path lockFile = layout.dir().resolve(".porch-ports.lock");
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        Map<String, Integer> ports = new TreeMap<>(read());
        T result = change.apply(ports);
        write(ports);
        return result;
      }
    } catch (IOException e) {
      throw new WorkspaceException("cannot update " + file() + ": " + e.getMessage(), e);
    }
  }

  private Map<String, Integer> read() {
    Map<String, Integer> ports = new TreeMap<>();
    try {
      if (Files.isRegularFile(file())) {
        Matcher m = ENTRY.matcher(Files.readString(file(), StandardCharsets.UTF_8));
        while (m.find()) {
          if (TaskName.isValid(m.group(1))) {
            ports.put(m.group(1), Integer.parseInt(m.group(2)));
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      return ports; // an unreadable registry is rebuilt: ports are a convenience, not state
    }
    return ports;
  }

  private void write(Map<String, Integer> ports) throws IOException {
    StringBuilder sb = new StringBuilder("{");
    String sep = "\n";
    for (Map.Entry<String, Integer> e : ports.entrySet()) {
      sb.append(sep).append("  \"").append(e.getKey()).append("\": ").append(e.getValue());
      sep = ",\n";
    }
    sb.append(ports.isEmpty() ? "}\n" : "\n}\n");
    Path tmp = Files.createTempFile(layout.dir(), ".porch-ports", ".tmp");
    Files.writeString(tmp, sb, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
