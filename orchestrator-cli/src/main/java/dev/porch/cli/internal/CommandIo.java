package dev.porch.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The few files, processes and standard-input reads porch's commands still do themselves, kept
 * out of {@code dev.porch.cli.internal.command} so that a command reads as parse, call the
 * library, render (the CLI's architecture rules refuse {@code Files}, {@code ProcessBuilder} and
 * {@code System.in} there). Each method is one step a command used to spell inline.
 */
public final class CommandIo {
  private CommandIo() {}

  /** The text of {@code file} (UTF-8), or empty when it is not a regular file. */
  public static Optional<String> readIfFile(Path file) throws IOException {
    return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
  }

  /**
   * The text of {@code file} (UTF-8).
   *
   * @throws java.nio.file.NoSuchFileException when it does not exist
   */
  public static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /**
   * Writes {@code text} to {@code file} unless something is already there.
   *
   * @return false when the file existed and was left as it is
   */
  public static boolean writeIfAbsent(Path file, String text) throws IOException {
    if (Files.exists(file)) {
      return false;
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return true;
  }

  /** A new empty temporary folder. */
  public static Path temporaryFolder(String prefix) throws IOException {
    return Files.createTempDirectory(prefix);
  }

  /** This process's standard input as UTF-8 lines (for the questions a command asks). */
  public static BufferedReader standardInput() {
    return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
  }
}
