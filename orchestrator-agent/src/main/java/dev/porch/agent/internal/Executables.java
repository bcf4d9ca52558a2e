package dev.porch.agent.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finding programs on the PATH as {@link ProcessBuilder} does, and who porch runs as. */
public final class Executables {
  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private Executables() {}

  /**
   * The program {@code ProcessBuilder} would start for {@code program}: a name with a separator is
   * taken as a path; a bare name is looked up in each {@code PATH} entry in order (on Windows with
   * each {@code PATHEXT} extension too).
   *
   * @param program a name such as {@code claude} or a path
   * @param env the environment with {@code PATH}
   * @return the absolute path of an executable file, or empty
   */
  public static Optional<Path> find(String program, Map<String, String> env) {
    if (program == null || program.isBlank()) {
      return Optional.empty();
    }
    try {
      if (program.contains("/") || program.contains(File.separator)) {
        Path p = Path.of(program).toAbsolutePath();
        return runnable(p) ? Optional.of(p) : Optional.empty();
      }
      String path = env.getOrDefault("PATH", WINDOWS ? env.getOrDefault("Path", "") : "");
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isBlank()) {
          continue; // an empty entry means the current folder, which agents do not run from
        }
        for (String name : names(program, env)) {
          Path p = Path.of(dir).resolve(name).toAbsolutePath();
          if (runnable(p)) {
            return Optional.of(p);
          }
        }
      }
    } catch (InvalidPathException e) {
      return Optional.empty(); // a PATH entry or name no file can have: nothing to find there
    }
    return Optional.empty();
  }

  private static List<String> names(String program, Map<String, String> env) {
    List<String> names = new ArrayList<>(List.of(program));
    if (WINDOWS) {
      for (String ext : env.getOrDefault("PATHEXT", ".COM;.EXE;.BAT;.CMD").split(";")) {
        if (!ext.isBlank()) {
          names.add(program + ext.toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }

  private static boolean runnable(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p);
  }

  /**
   * Whether this process runs as root (user id 0): the owner of {@code /proc/self} on Linux, else
   * whether the user is called {@code root}. Never true on Windows.
   *
   * @return true for root
   */
  public static boolean runningAsRoot() {
    if (WINDOWS) {
      return false;
    }
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
