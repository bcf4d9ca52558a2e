package dev.porch.git.internal.env;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The port blocks of every repository's live worktrees on this machine, for this user ({@code
 * $XDG_STATE_HOME/porch/ports.json}, {@code ~/.local/state/porch/ports.json} without it, {@code
 * %LOCALAPPDATA%\porch\ports.json} on Windows): {@code {"/home/me/shop/.worktrees/auth-1": {"port":
 * 41660, "ports": 10}}}. Each repository's own {@code .porch-ports.json} decides its tasks' blocks;
 * this file only keeps two repositories from handing out the same block (two {@code auth-1} tasks in
 * two repositories would otherwise both hash to the same one, and their dev servers clash). An
 * entry whose worktree folder is gone is free. Updates hold a file lock (always taken inside a
 * repository's own lock, so two processes never wait on each other in opposite order) and replace
 * the file atomically; an unreadable file is empty, as ports are a convenience, not state.
 */
final class UserPorts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  UserPorts(Path file) {
    this.file = file;
  }

  /** A block held by a worktree: {@code first} to {@code first + count - 1}. */
  record Block(int first, int count) {
    boolean overlaps(int start, int n) {
      return start < first + count && first < start + n;
    }
  }

  /**
   * Where the file lives for this environment, or empty when it names no home.
   *
   * @param env the process environment ({@code XDG_STATE_HOME}, {@code HOME}, {@code LOCALAPPDATA})
   */
  static Optional<Path> defaultFile(Map<String, String> env, boolean windows) {
    String base = windows ? env.get("LOCALAPPDATA") : env.get("XDG_STATE_HOME");
    if (base != null && !base.isBlank()) {
      return Optional.of(Path.of(base, "porch", "ports.json"));
    }
    String home = env.get("HOME");
    if (home == null || home.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Path.of(home).resolve(windows ? "AppData/Local" : ".local/state").resolve("porch").resolve("ports.json"));
  }

  /**
   * Runs {@code change} under the file's lock with the blocks other repositories' live worktrees hold
   * (every entry outside {@code worktrees} whose folder exists), then records {@code worktrees}'
   * blocks as {@code change} returns them (task folder name to first port), replacing what the file
   * had for that folder.
   *
   * @param change gets the others' blocks; returns this repository's tasks and their first ports,
   *     and its result
   */
  <T> T update(Path worktrees, int perTask, Function<List<Block>, Map.Entry<Map<String, Integer>, T>> change)
      throws IOException {
    Files.createDirectories(file.getParent());
    try (FileChannel ch = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      Map<String, Block> all = read();
      all.keySet().removeIf(k -> !Files.isDirectory(Path.of(k), LinkOption.NOFOLLOW_LINKS)); // gone: free
      List<Block> others = new ArrayList<>();
      all.forEach((k, b) -> {
        if (!Path.of(k).startsWith(worktrees)) {
          others.add(b);
        }
      });
      Map.Entry<Map<String, Integer>, T> done = change.apply(others);
      all.keySet().removeIf(k -> Path.of(k).startsWith(worktrees));
      done.getKey().forEach((task, port) -> all.put(worktrees.resolve(task).toString(), new Block(port, perTask)));
      write(all);
      return done.getValue();
    }
  }

  private Map<String, Block> read() {
    Map<String, Block> out = new TreeMap<>();
    try {
      if (Files.isRegularFile(file)) {
        for (Map.Entry<String, JsonNode> e : JSON.readTree(file.toFile()).properties()) {
          JsonNode p = e.getValue().get("port");
          JsonNode n = e.getValue().get("ports");
          if (p != null && p.canConvertToInt() && n != null && n.canConvertToInt() && n.intValue() > 0
              && Path.of(e.getKey()).isAbsolute()) {
            out.put(e.getKey(), new Block(p.intValue(), n.intValue()));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return new TreeMap<>();
    }
    return out;
  }

  private void write(Map<String, Block> all) throws IOException {
    ObjectNode doc = JSON.createObjectNode();
    all.forEach((k, b) -> doc.putObject(k).put("port", b.first()).put("ports", b.count()));
    OutsideFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
  }
}
