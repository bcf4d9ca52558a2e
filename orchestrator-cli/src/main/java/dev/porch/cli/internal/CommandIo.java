package dev.porch.cli.internal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

  /**
   * Opens {@code url} in the person's browser: the desktop's handler where Java has one, else the
   * platform's opener ({@code open}, {@code xdg-open}, {@code rundll32}), as an argument list.
   *
   * @return whether a browser was asked to open it
   */
  public static boolean openBrowser(java.net.URI url) {
    try {
      if (java.awt.Desktop.isDesktopSupported() && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
        java.awt.Desktop.getDesktop().browse(url);
        return true;
      }
    } catch (IOException | RuntimeException e) {
      // fall back to the platform's opener
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    List<String> cmd = os.startsWith("windows") ? List.of("rundll32", "url.dll,FileProtocolHandler", url.toString())
        : os.contains("mac") ? List.of("open", url.toString()) : List.of("xdg-open", url.toString());
    try {
      new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(nullDevice())).start();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Shows {@code text} through {@code pager} on this terminal, as git pages its output: the command
   * split on spaces (no shell), {@code LESS=FRX} and {@code LV=-c} unless set, its output on the
   * terminal, and waiting for it with no time limit (a person reads as long as they like).
   *
   * @param pager the pager command line, e.g. {@code less} or {@code less -S}
   * @param text what to show
   * @return false when the pager could not be started (the caller prints the text itself)
   */
  public static boolean page(String pager, String text) {
    ProcessBuilder pb = new ProcessBuilder(java.util.List.of(pager.strip().split("\\s+")))
        .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putIfAbsent("LESS", "FRX");
    pb.environment().putIfAbsent("LV", "-c");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return false;
    }
    try (var w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
      w.write(text);
    } catch (IOException e) {
      // the person quit the pager before the end: nothing more to show
    }
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
    }
    return true;
  }

  private static String nullDevice() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "NUL" : "/dev/null";
  }
}
