package dev.porch.agent.internal.sandbox;

import dev.porch.agent.internal.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether this machine can sandbox an agent: on Linux, bwrap is on the PATH and really starts a
 * program with the binds porch uses (it fails where user namespaces are off and bwrap is not setuid,
 * e.g. in some containers); on macOS, {@code /usr/bin/sandbox-exec} exists; never on Windows.
 *
 * @param available whether agents can be confined
 * @param tool the program, e.g. {@code /usr/bin/bwrap}; empty when there is none
 * @param detail one line: what was found, or why not and what to do
 */
public record Probe(boolean available, Optional<String> tool, String detail) {
  private static final Path SANDBOX_EXEC = Path.of("/usr/bin/sandbox-exec");

  /** Probes {@code host} with the given environment (its PATH finds bwrap). */
  public static Probe of(Host host, Map<String, String> env) {
    return switch (host) {
      case LINUX -> bwrap(env);
      case MACOS -> java.nio.file.Files.isExecutable(SANDBOX_EXEC)
          ? new Probe(true, Optional.of(SANDBOX_EXEC.toString()), "sandbox-exec (Seatbelt) at " + SANDBOX_EXEC)
          : new Probe(false, Optional.empty(), "no " + SANDBOX_EXEC + " on this Mac");
      case WINDOWS -> new Probe(false, Optional.empty(),
          "Windows has no sandbox porch can use: agents run with your rights (strict refuses to start)");
      case OTHER -> new Probe(false, Optional.empty(), "no sandbox porch knows on " + System.getProperty("os.name"));
    };
  }

  private static Probe bwrap(Map<String, String> env) {
    Optional<Path> found = Executables.find("bwrap", env);
    if (found.isEmpty()) {
      return new Probe(false, Optional.empty(),
          "bwrap is not installed: apt-get install bubblewrap (Debian, Ubuntu) or dnf install bubblewrap");
    }
    String bwrap = found.get().toString();
    try {
      Process p = new ProcessBuilder(bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
          "--cap-drop", "ALL", "--new-session", "--unshare-net", "--", "true").redirectErrorStream(true).start();
      String out;
      try (var in = p.getInputStream()) {
        out = new String(in.readNBytes(2000), StandardCharsets.UTF_8).strip();
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Probe(false, Optional.of(bwrap), bwrap + " did not finish a trial run in 10 s");
      }
      if (p.exitValue() != 0) {
        return new Probe(false, Optional.of(bwrap), bwrap + " cannot make a sandbox here (" + firstLine(out)
            + "); user namespaces are probably off: sysctl kernel.unprivileged_userns_clone=1, or"
            + " user.max_user_namespaces > 0, or run in a container that allows them");
      }
      return new Probe(true, Optional.of(bwrap), "bwrap at " + bwrap + " (a trial sandbox started)");
    } catch (IOException e) {
      return new Probe(false, Optional.of(bwrap), bwrap + " could not be run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Probe(false, Optional.of(bwrap), "interrupted while trying bwrap");
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** For tests: the probe's facts as they are. */
  static Probe fixed(boolean available, String tool, String detail) {
    return new Probe(available, Optional.ofNullable(tool), detail);
  }

  /** The tool, or throws. */
  String toolOrThrow() {
    return tool.orElseThrow(() -> new IllegalStateException(detail));
  }

  /** What a test that needs a real sandbox would print when it is skipped. */
  public String skipReason() {
    return "no OS sandbox here: " + detail;
  }
}
