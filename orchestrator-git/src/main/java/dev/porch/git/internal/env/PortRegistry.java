package dev.porch.git.internal.env;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.core.TaskName;
import dev.porch.core.error.WorkspaceException;
import dev.porch.files.StateFiles;
import dev.porch.git.internal.Layout;
import dev.porch.git.internal.Ports;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.IntPredicate;

/**
 * A block of {@code perTask} ports per worktree (like Conductor's ten), {@code PORCH_PORT} its first,
 * recorded in {@code .worktrees/.porch-ports.json} ({@code {"auth-1": 41070}}): stable for a task (its
 * first probe is a hash of its name, and a recorded block is kept), never shared by two live
 * worktrees, freed on removal. Updates hold an in-process lock and a file lock (other porch
 * processes), and replace the file atomically, so a crash leaves the old or the new file;
 * {@link #reconcile} (run by {@code porch recover}) drops blocks of worktrees that are gone and gives
 * one to a live worktree that lost its own.
 */
public final class PortRegistry implements Ports {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  private final Layout layout;
  private final int first;
  private final int blocks;
  private final int perTask;
  private final Optional<UserPorts> user;

  /**
   * @param first the first port of the range
   * @param count how many ports the range holds
   * @param perTask ports in each task's block; the range holds {@code count / perTask} blocks
   */
  public PortRegistry(Layout layout, int first, int count, int perTask) {
    this(layout, first, count, perTask, Optional.empty());
  }

  /**
   * @param userFile the user's record of every repository's blocks (see {@link #userFile}), so that
   *     two repositories never hand out the same ports; empty: this repository only
   */
  public PortRegistry(Layout layout, int first, int count, int perTask, Optional<Path> userFile) {
    this.layout = layout;
    this.first = first;
    this.perTask = perTask;
    this.blocks = count / perTask;
    this.user = userFile.map(UserPorts::new);
  }

  /**
   * Where the user's record of every repository's port blocks lives: {@code
   * $XDG_STATE_HOME/porch/ports.json}, else {@code ~/.local/state/porch/ports.json}; {@code
   * %LOCALAPPDATA%\porch\ports.json} on Windows. Empty when the environment names no home.
   */
  public static Optional<Path> userFile(Map<String, String> env, boolean windows) {
    return UserPorts.defaultFile(env, windows);
  }

  /** Ports in each task's block. */
  public int perTask() {
    return perTask;
  }

  private Path file() {
    return layout.state().portRegistry();
  }

  /** Whether {@code port} starts a block of this range (a hand-edited or older file may say otherwise). */
  private boolean isBlockStart(int port) {
    return port >= first && (port - first) % perTask == 0 && (port - first) / perTask < blocks;
  }

  /** The port recorded for {@code task}, if any. */
  public OptionalInt get(TaskName task) {
    Integer p = read().get(task.value());
    return p == null ? OptionalInt.empty() : OptionalInt.of(p);
  }

  @Override
  public Map<TaskName, OptionalInt> assign(Collection<TaskName> tasks) {
    return update((ports, elsewhere) -> {
      Map<TaskName, OptionalInt> out = new LinkedHashMap<>();
      ports.keySet().removeIf(t -> !tasks.contains(TaskName.of(t)) && !Files.isDirectory(layout.dir().resolve(t)));
      Set<Integer> used = new HashSet<>(ports.values());
      for (TaskName t : tasks) {
        out.put(t, assignOne(ports, used, elsewhere, t.value()));
      }
      return out;
    });
  }

  /** {@code elsewhere}: whether a block starting there overlaps one another repository's live worktree holds. */
  private OptionalInt assignOne(Map<String, Integer> ports, Set<Integer> used, IntPredicate elsewhere, String task) {
    Integer have = ports.get(task);
    if (have == null && blocks > 0) {
      int start = Math.floorMod(task.hashCode(), blocks);
      for (int i = 0; i < blocks && have == null; i++) {
        int candidate = first + ((start + i) % blocks) * perTask;
        if (!used.contains(candidate) && !elsewhere.test(candidate)) {
          have = candidate;
        }
      }
      if (have != null) {
        ports.put(task, have);
        used.add(have);
      }
    }
    return have == null ? OptionalInt.empty() : OptionalInt.of(have);
  }

  /**
   * Puts the registry straight after a crash: forgets the blocks of tasks whose worktree folder is
   * gone, and gives a block to each of {@code live} that has none (its file was lost or broken).
   *
   * @param live the tasks whose worktrees exist
   * @return one line per task changed, e.g. {@code freed ports 41070-41079 of auth-2 (its worktree is gone)}
   */
  public Map<TaskName, String> reconcile(Collection<TaskName> live) {
    // no real .worktrees folder (none yet, or a link planted there): nothing to put straight, nothing written
    if (!Files.isDirectory(layout.dir(), java.nio.file.LinkOption.NOFOLLOW_LINKS)
        || (live.isEmpty() && !Files.exists(file(), java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
      return new LinkedHashMap<>();
    }
    return update((ports, elsewhere) -> {
      Map<TaskName, String> changes = new LinkedHashMap<>();
      Set<String> names = new HashSet<>();
      live.forEach(t -> names.add(t.value()));
      for (Map.Entry<String, Integer> e : new TreeMap<>(ports).entrySet()) {
        if (!names.contains(e.getKey())) {
          ports.remove(e.getKey());
          changes.put(TaskName.of(e.getKey()), "freed ports " + range(e.getValue()) + " of " + e.getKey() + " (its worktree is gone)");
        }
      }
      Set<Integer> used = new HashSet<>(ports.values());
      for (TaskName t : live) {
        if (!ports.containsKey(t.value())) {
          OptionalInt got = assignOne(ports, used, elsewhere, t.value());
          got.ifPresent(p -> changes.put(t, "gave ports " + range(p) + " to " + t + " (the registry had lost them)"));
        }
      }
      return changes;
    });
  }

  /** {@code 41070-41079}. */
  public String range(int start) {
    return start + "-" + (start + perTask - 1);
  }

  @Override
  public void release(Collection<TaskName> tasks) {
    if (!Files.exists(file())) {
      return;
    }
    update((ports, elsewhere) -> {
      tasks.forEach(t -> ports.remove(t.value()));
      return null;
    });
  }

  private synchronized <T> T update(BiFunction<Map<String, Integer>, IntPredicate, T> change) {
    try {
      Path lockFile = StateFiles.prepare(layout.root(), layout.state().portRegistryLock());
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS);
          FileLock ignored = ch.lock()) {
        Map<String, Integer> ports = new TreeMap<>(read());
        T result;
        if (user.isPresent()) {
          // the user's file is locked inside this repository's lock, never the other way round
          result = user.get().update(layout.dir(), perTask, others -> {
            T r = change.apply(ports, start -> others.stream().anyMatch(b -> b.overlaps(start, perTask)));
            return Map.entry(Map.copyOf(ports), new Holder<>(r));
          }).value();
        } else {
          result = change.apply(ports, start -> false);
        }
        write(ports);
        return result;
      }
    } catch (IOException e) {
      throw new WorkspaceException("cannot update " + file() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Entries that are not a task name and the start of a block of this range are dropped (they are
   * given a new block when asked); an unreadable file is empty.
   */
  private Map<String, Integer> read() {
    Map<String, Integer> ports = new TreeMap<>();
    try {
      if (Files.isRegularFile(file())) {
        for (Map.Entry<String, JsonNode> e : JSON.readTree(file().toFile()).properties()) {
          if (TaskName.isValid(e.getKey()) && e.getValue().isIntegralNumber() && e.getValue().canConvertToInt()
              && isBlockStart(e.getValue().intValue())) {
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
    StateFiles.write(layout.root(), file(), PRETTY.writeValueAsString(doc) + "\n");
  }

  /** A result that may be null (Map.entry refuses null values). */
  private record Holder<T>(T value) {}
}
