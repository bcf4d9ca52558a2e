package dev.porch.git.internal.env;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.core.error.WorkspaceException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The setup files the user trusted, by content hash, outside every repository (like direnv's {@code
 * allow}): {@code $XDG_CONFIG_HOME/porch/trusted.json} ({@code ~/.config/porch} without it), {@code
 * %APPDATA%\porch\trusted.json} on Windows. A file is trusted while its content hashes to what the
 * user trusted; a changed file must be trusted again. Keys are the file's absolute path in the main
 * worktree, so a worktree's copy with the same content is trusted too. Writes are atomic and hold a
 * file lock; an unreadable store trusts nothing.
 */
public final class TrustStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  /** @param file the store, e.g. {@code ~/.config/porch/trusted.json} */
  public TrustStore(Path file) {
    this.file = file;
  }

  /**
   * Where the store lives for this environment.
   *
   * @param env the process environment ({@code XDG_CONFIG_HOME}, {@code HOME}, {@code APPDATA})
   * @param windows whether porch runs on Windows
   * @return the store's file, or empty when the environment names no home at all
   */
  public static Optional<Path> defaultFile(Map<String, String> env, boolean windows) {
    String base = windows ? env.get("APPDATA") : env.get("XDG_CONFIG_HOME");
    Path dir;
    if (base != null && !base.isBlank()) {
      dir = Path.of(base);
    } else if (env.get("HOME") != null && !env.get("HOME").isBlank()) {
      dir = Path.of(env.get("HOME"), windows ? "AppData/Roaming" : ".config");
    } else {
      return Optional.empty();
    }
    return Optional.of(dir.resolve("porch").resolve("trusted.json"));
  }

  /** The store's file. */
  public Path file() {
    return file;
  }

  /** Whether {@code key} was trusted with exactly this content hash. */
  public boolean trusted(String key, String hash) {
    return hash.equals(read().get(key));
  }

  /** Whether {@code key} was trusted with some other content (it changed since). */
  public boolean changed(String key, String hash) {
    String had = read().get(key);
    return had != null && !had.equals(hash);
  }

  /** Remembers {@code hash} for {@code key}. */
  public void trust(String key, String hash) {
    update(m -> m.put(key, hash));
  }

  /** Forgets {@code key}. */
  public void revoke(String key) {
    update(m -> m.remove(key));
  }

  private Map<String, String> read() {
    Map<String, String> out = new TreeMap<>();
    try {
      if (Files.isRegularFile(file)) {
        for (Map.Entry<String, JsonNode> e : JSON.readTree(file.toFile()).properties()) {
          if (e.getValue().isTextual()) {
            out.put(e.getKey(), e.getValue().textValue());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return new TreeMap<>(); // trusting nothing is the safe reading of a broken store
    }
    return out;
  }

  private synchronized void update(Consumer<Map<String, String>> change) {
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel ch = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        Map<String, String> m = read();
        change.accept(m);
        ObjectNode doc = JSON.createObjectNode();
        m.forEach(doc::put);
        OutsideFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
      }
    } catch (IOException e) {
      throw new WorkspaceException("cannot update " + file + ": " + e.getMessage(), e);
    }
  }
}
