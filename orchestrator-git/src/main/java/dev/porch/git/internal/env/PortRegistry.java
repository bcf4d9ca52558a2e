package dev.porch.git.internal.env;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.core.TaskName;
import dev.porch.core.error.WorkspaceException;
import dev.porch.git.internal.Layout;
import dev.porch.git.internal.Ports;
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

/**
 * {@code PORCH_PORT} per worktree, recorded in {@code .worktrees/.porch-ports.json} ({@code
 * {"auth-1": 41007}}): stable for a task (its first probe is a hash of its name, and a recorded port
 * is kept), never shared by two live worktrees, freed on removal. Updates hold an in-process lock
 * and a file lock (other porch processes), and replace the file atomically.
 */
public final class PortRegistry implements Ports {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

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

  @Override
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

  @Override
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

  /** Entries that are not a task name and a whole number are dropped; an unreadable file is empty. */
  private Map<String, Integer> read() {
    Map<String, Integer> ports = new TreeMap<>();
    try {
      if (Files.isRegularFile(file())) {
        for (Map.Entry<String, JsonNode> e : JSON.readTree(file().toFile()).properties()) {
          if (TaskName.isValid(e.getKey()) && e.getValue().isIntegralNumber() && e.getValue().canConvertToInt()) {
            ports.put(e.getKey(), e.getValue().intValue());
          }
        }
      }
    } catch (IOException e) {
      return new TreeMap<>(); // an unreadable registry is rebuilt: ports are a convenience, not state
    }
    return ports;
  }

  private void write(Map<String, Integer> ports) throws IOException {
    ObjectNode doc = JSON.createObjectNode();
    ports.forEach(doc::put);
    Path tmp = Files.createTempFile(layout.dir(), ".porch-ports", ".tmp");
    Files.writeString(tmp, PRETTY.writeValueAsString(doc) + "\n", StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
