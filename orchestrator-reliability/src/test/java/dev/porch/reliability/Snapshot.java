package dev.porch.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every file under a folder, by SHA-256 (symbolic links by their target, never followed), except
 * the folders porch may change. Two snapshots taken before and after a command must be equal.
 */
final class Snapshot {
  private final Map<String, String> entries;

  private Snapshot(Map<String, String> entries) {
    this.entries = entries;
  }

  /**
   * Hashes everything under {@code root} except the relative paths in {@code skip} (and what is under them).
   *
   * @param root the folder
   * @param skip relative paths, with '/' separators, e.g. {@code repo/.worktrees}
   * @return the snapshot
   */
  static Snapshot of(Path root, Set<String> skip) {
    Map<String, String> entries = new TreeMap<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          String rel = rel(root, dir);
          if (skip.contains(rel)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          entries.put(rel + "/", "dir");
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          String rel = rel(root, file);
          if (skip.contains(rel)) {
            return FileVisitResult.CONTINUE;
          }
          if (attrs.isSymbolicLink()) {
            entries.put(rel, "link -> " + Files.readSymbolicLink(file));
          } else if (attrs.isRegularFile()) {
            entries.put(rel, sha256(file) + " " + attrs.size());
          } else {
            entries.put(rel, "other");
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          entries.put(rel(root, file), "unreadable " + e.getClass().getSimpleName());
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Snapshot(entries);
  }

  /** What differs from {@code later}: one line per added, removed or changed entry; empty when equal. */
  List<String> differences(Snapshot later) {
    List<String> d = new ArrayList<>();
    entries.forEach((k, v) -> {
      String w = later.entries.get(k);
      if (w == null) {
        d.add("removed " + k);
      } else if (!w.equals(v)) {
        d.add("changed " + k);
      }
    });
    later.entries.keySet().stream().filter(k -> !entries.containsKey(k)).forEach(k -> d.add("added " + k));
    return d;
  }

  int size() {
    return entries.size();
  }

  private static String rel(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
