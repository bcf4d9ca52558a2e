package dev.porch.cli.planted.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Planted violations for {@code CliRulesPlantedTest}: a "command" that does its own I/O. Never run;
 * the real checks import production classes only.
 */
public final class PlantedCommand {
  private PlantedCommand() {}

  /** Starts a process. */
  public static Process spawn() throws IOException {
    return new ProcessBuilder("true").start();
  }

  /** Reads a file. */
  public static String read(Path p) throws IOException {
    return Files.readString(p);
  }

  /** Reads standard input. */
  public static String ask() throws IOException {
    return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
  }
}
