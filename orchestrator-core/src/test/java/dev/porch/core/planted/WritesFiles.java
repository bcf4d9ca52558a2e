package dev.porch.core.planted;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Planted violations for the architecture rules' own tests: never used, never imported by the real
 * checks (they import production classes only). Each method writes a file in one of the ways core
 * must not.
 */
public final class WritesFiles {
  private WritesFiles() {}

  /** The one overload the old rule caught. */
  public static void bytes(Path p) throws IOException {
    Files.write(p, new byte[] {1});
  }

  /** Files.writeString, which the old rule let through. */
  public static void string(Path p) throws IOException {
    Files.writeString(p, "x");
  }

  /** Files.write of lines, another overload the old rule let through. */
  public static void lines(Path p) throws IOException {
    Files.write(p, List.of("x"), StandardCharsets.UTF_8);
  }

  /** Files.newOutputStream. */
  public static OutputStream stream(Path p) throws IOException {
    return Files.newOutputStream(p);
  }

  /** Files.newBufferedWriter. */
  public static Writer writer(Path p) throws IOException {
    return Files.newBufferedWriter(p);
  }

  /** java.io.FileOutputStream. */
  public static void fileOutputStream(String p) throws IOException {
    try (FileOutputStream out = new FileOutputStream(p)) {
      out.write(1);
    }
  }
}
