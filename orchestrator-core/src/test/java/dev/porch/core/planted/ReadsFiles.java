package dev.porch.core.planted;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A planted class the file-write rule must accept: reading is not writing. */
public final class ReadsFiles {
  private ReadsFiles() {}

  /** Reads, never writes. */
  public static String read(Path p) throws IOException {
    return Files.readString(p);
  }
}
