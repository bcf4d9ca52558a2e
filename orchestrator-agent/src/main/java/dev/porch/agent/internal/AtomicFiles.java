package dev.porch.agent.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file so readers see either the old or the new content, never a part. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code text} as UTF-8 to a temporary file beside {@code target}, then moves it over.
   *
   * @param target the file
   * @param text its new content
   * @throws IOException if writing or moving fails (the temporary file is removed)
   */
  public static void write(Path target, String text) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.write(tmp, text.getBytes(StandardCharsets.UTF_8));
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
