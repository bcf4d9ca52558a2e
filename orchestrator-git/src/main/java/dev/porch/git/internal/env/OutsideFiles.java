package dev.porch.git.internal.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a small file porch keeps outside every repository, where {@code StateFiles} (which
 * writes under a repository's root) does not reach: the user's trust store and port record. A
 * temporary file in the same folder is moved over the old one, so a crash leaves the old or the new
 * text.
 */
final class OutsideFiles {
  private OutsideFiles() {}

  /** Writes {@code text} to {@code file} atomically where the file system can, creating its folder. */
  static void replace(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
