package dev.porch.agent;

import dev.porch.agent.internal.Executables;
import dev.porch.agent.internal.VersionProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code porch doctor} asks about one agent profile on this machine: is its program on the
 * PATH, which version it is, whether a key or login is present, and whether a known trap waits for
 * it (Claude Code's permission bypass refused as root, Gemini CLI asking to trust each worktree,
 * Codex keeping its home in the temp folder). Answers are values; nothing here prints.
 *
 * <pre>{@code
 * ProfileCheck.Host host = ProfileCheck.Host.of(System.getenv());
 * for (ProfileCheck.Finding f : ProfileCheck.check(profiles.get("claude").orElseThrow(), true, host)) {
 *   System.out.println(f.check() + " " + f.level() + " " + f.detail());
 * }
 * }</pre>
 *
 * <p>Thread-safe and stateless; {@link #check} blocks up to the host's version timeout while the
 * profile's version command runs.
 */
public final class ProfileCheck {
  private ProfileCheck() {}

  /** How a finding weighs. */
  public enum Level {
    /** All is well. */
    OK,
    /** Worth knowing; porch can still work. */
    WARN,
    /** Something needed is missing: the agent cannot run. */
    FAIL
  }

  /**
   * One answer.
   *
   * @param agent the profile name
   * @param check what was checked: {@code binary}, {@code version}, {@code login}, {@code root},
   *     {@code trust} or {@code home}
   * @param level how it weighs
   * @param detail what was found, one line, safe to print
   * @param fix what to do about it, when it is not OK
   */
  public record Finding(String agent, String check, Level level, String detail, Optional<String> fix) {
    public Finding {
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(fix, "fix");
    }
  }

  /**
   * The machine as an agent would see it.
   *
   * @param env porch's environment (PATH, HOME, key variables); agents inherit it
   * @param home the user's home, where {@code ~/} in credential files points
   * @param tempDir the temp folder ({@code java.io.tmpdir})
   * @param root whether porch runs as root (user id 0)
   * @param versionTimeout how long a version command may run
   */
  public record Host(Map<String, String> env, Path home, Path tempDir, boolean root, Duration versionTimeout) {
    public Host {
      env = Map.copyOf(env);
      Objects.requireNonNull(home, "home");
      Objects.requireNonNull(tempDir, "tempDir");
      Objects.requireNonNull(versionTimeout, "versionTimeout");
    }

    /**
     * This machine with the given environment: home from {@code HOME} (else {@code user.home}),
     * the JVM's temp folder, root from the process's user id, 15 s for a version command (Gemini
     * CLI 0.61 takes about 5 s to print its version on a machine without network).
     *
     * @param env the environment
     * @return the host
     */
    public static Host of(Map<String, String> env) {
      String home = env.get("HOME");
      return new Host(env, Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home),
          Path.of(System.getProperty("java.io.tmpdir")), Executables.runningAsRoot(), Duration.ofSeconds(15));
    }

    /** The same host, as root or not (tests). */
    public Host withRoot(boolean asRoot) {
      return new Host(env, home, tempDir, asRoot, versionTimeout);
    }
  }

  /**
   * Checks {@code profile}.
   *
   * @param profile the profile
   * @param required whether porch needs it (the default agent): a missing program or a refused
   *     flag is then {@link Level#FAIL}, otherwise {@link Level#WARN}
   * @param host the machine
   * @return the findings, {@code binary} first; only {@code binary} when the program is missing
   */
  public static List<Finding> check(AgentProfile profile, boolean required, Host host) {
    String name = profile.name();
    Level bad = required ? Level.FAIL : Level.WARN;
    List<Finding> out = new ArrayList<>();
    if (!profile.runnable()) {
      out.add(new Finding(name, "binary", bad, "no command configured",
          Optional.of("set agents." + name + ".command in .porch.json")));
      return out;
    }
    String program = profile.command().get(0);
    Optional<Path> found = Executables.find(program, host.env());
    if (found.isEmpty()) {
      // an optional agent that is not installed needs no fix: the detail says it all
      out.add(new Finding(name, "binary", bad, program + " not found on the PATH" + (required ? "" : " (not installed)"),
          required ? Optional.of("install " + program + ", or choose another agent with \"agent\" in .porch.json")
              : Optional.empty()));
      return out;
    }
    out.add(ok(name, "binary", found.get().toString()));
    out.add(version(profile, found.get(), host));
    login(profile, host).ifPresent(out::add);
    ProfileTraps.all(profile, host, bad).forEach(out::add);
    return out;
  }

  /**
   * Finds {@code program} the way {@link ProcessBuilder} would: a path with a separator as it is,
   * otherwise the first executable file of that name in {@code PATH}.
   *
   * @param program a program name or path
   * @param env the environment whose {@code PATH} is searched
   * @return its absolute path, or empty when there is none
   */
  public static Optional<Path> which(String program, Map<String, String> env) {
    return Executables.find(program, env);
  }

  private static Finding version(AgentProfile profile, Path program, Host host) {
    if (profile.version().isEmpty()) {
      return ok(profile.name(), "version", "unknown (the profile has no version command)");
    }
    List<String> command = new ArrayList<>(profile.version());
    // run what was found, so the version is the one of the program porch will start
    if (command.get(0).equals(profile.command().get(0))) {
      command.set(0, program.toString());
    }
    Path dir = Files.isDirectory(host.home()) ? host.home() : host.tempDir();
    VersionProbe.Answer a = VersionProbe.run(command, host.env(), profile.environment(), dir, host.versionTimeout());
    if (a.ok()) {
      return ok(profile.name(), "version", a.line());
    }
    return new Finding(profile.name(), "version", Level.WARN, a.line(),
        Optional.of("run " + String.join(" ", profile.version()) + " yourself to see why"));
  }

  private static Optional<Finding> login(AgentProfile profile, Host host) {
    AgentProfile.Login login = profile.login();
    if (login.environment().isEmpty() && login.files().isEmpty()) {
      return Optional.empty();
    }
    for (String v : login.environment()) {
      String value = profile.environment().getOrDefault(v, host.env().get(v));
      if (value != null && !value.isBlank()) {
        return Optional.of(ok(profile.name(), "login", v + " is set"));
      }
    }
    for (String f : login.files()) {
      Path file = ProfileTraps.credentialFile(profile, f, host);
      if (Files.exists(file)) {
        return Optional.of(ok(profile.name(), "login", f));
      }
    }
    List<String> looked = new ArrayList<>(login.environment());
    looked.addAll(login.files());
    return Optional.of(new Finding(profile.name(), "login", Level.WARN,
        "no key or login found (looked for " + String.join(", ", looked) + ")",
        Optional.of(login.hint().orElse("log in with " + profile.command().get(0) + " once"))));
  }

  static Finding ok(String agent, String check, String detail) {
    return new Finding(agent, check, Level.OK, detail, Optional.empty());
  }
}
