package dev.porch.git.internal;

import dev.porch.core.error.WorkspaceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads files inside a folder without ever leaving it, symlinks included. */
public final class SafeFiles {
  /** The most {@link #read} returns; status files and RESULTS.md are far smaller. */
  public static final long MAX_BYTES = 4L << 20;

  private SafeFiles() {}

  /**
   * {@code dir/relative}, resolved, after checking it stays inside {@code dir}.
   *
   * @throws IllegalArgumentException if the path is absolute, climbs out with {@code ..}, or (once
   *     symlinks are followed) lands outside
   */
  public static Path inside(Path dir, String relative) {
    Path rel;
    try {
      rel = Path.of(relative);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a valid path: " + relative, e);
    }
    if (relative.isEmpty() || rel.isAbsolute() || rel.getRoot() != null) {
      throw new IllegalArgumentException("path must be relative to the workspace: " + relative);
    }
    Path base = dir.toAbsolutePath().normalize();
    Path target = base.resolve(rel).normalize();
    if (!target.startsWith(base) || target.equals(base)) {
      throw new IllegalArgumentException("path leaves the workspace: " + relative);
    }
    try {
      Path realBase = base.toRealPath();
      Path existing = target;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing != null && !existing.toRealPath().startsWith(realBase)) {
        throw new IllegalArgumentException("path leaves the workspace through a symbolic link: " + relative);
      }
    } catch (IOException e) {
      throw new WorkspaceException("cannot read " + target + ": " + e.getMessage(), e);
    }
    return target;
  }

  /** The UTF-8 text of {@code dir/relative}, or empty when absent. */
  public static Optional<String> read(Path dir, String relative) {
    Path p = inside(dir, relative);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try {
      if (Files.size(p) > MAX_BYTES) {
        throw new WorkspaceException(p + " is larger than " + (MAX_BYTES >> 20) + " MB; porch reads only small text files");
      }
      return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new WorkspaceException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
