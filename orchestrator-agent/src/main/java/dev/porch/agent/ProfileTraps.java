package dev.porch.agent;

import dev.porch.agent.ProfileCheck.Finding;
import dev.porch.agent.ProfileCheck.Host;
import dev.porch.agent.ProfileCheck.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Known ways a profile that is installed still fails to run under porch, each found from the
 * profile and the machine alone: Claude Code refusing its permission bypass as root, Gemini CLI
 * stopping to ask whether to trust a new folder (every worktree is one), Codex keeping its login and
 * sessions in a temp folder that may be wiped.
 */
final class ProfileTraps {
  /** Claude Code's flags that reach bypass mode, which it refuses as root (outside a sandbox). */
  private static final List<String> BYPASS =
      List.of("--dangerously-skip-permissions", "--allow-dangerously-skip-permissions", "bypassPermissions");

  private ProfileTraps() {}

  static List<Finding> all(AgentProfile profile, Host host, Level bad) {
    List<Finding> out = new ArrayList<>();
    String cli = cli(profile);
    if (cli.equals("claude")) {
      root(profile, host, bad).ifPresent(out::add);
    }
    if (cli.equals("gemini")) {
      out.add(trust(profile, host));
    }
    if (cli.equals("codex")) {
      out.add(codexHomeFinding(profile, host));
    }
    return out;
  }

  /** Which CLI a profile runs: its program's file name without extension, else the profile's name. */
  static String cli(AgentProfile profile) {
    String program = Path.of(profile.command().get(0)).getFileName().toString().toLowerCase(Locale.ROOT);
    String base = program.replaceFirst("\\.(cmd|exe|bat|ps1|js)$", "");
    return List.of("claude", "gemini", "codex").contains(base) ? base : profile.name();
  }

  private static Optional<Finding> root(AgentProfile profile, Host host, Level bad) {
    Optional<String> flag = profile.command().stream().filter(BYPASS::contains).findFirst();
    if (flag.isEmpty() || !host.root()) {
      return Optional.empty();
    }
    for (String escape : List.of("IS_SANDBOX", "CLAUDE_CODE_BUBBLEWRAP")) {
      if ("1".equals(variable(profile, host, escape))) {
        return Optional.of(ProfileCheck.ok(profile.name(), "root", "running as root with " + escape + "=1"));
      }
    }
    return Optional.of(new Finding(profile.name(), "root", bad,
        flag.get() + " is refused when running as root",
        Optional.of("run porch as an ordinary user, use --permission-mode acceptEdits instead, or set"
            + " IS_SANDBOX=1 in agents." + profile.name() + ".env if this machine is a disposable sandbox")));
  }

  private static Finding trust(AgentProfile profile, Host host) {
    if (profile.command().contains("--skip-trust")) {
      return ProfileCheck.ok(profile.name(), "trust", "--skip-trust in the command");
    }
    String v = variable(profile, host, "GEMINI_CLI_TRUST_WORKSPACE");
    if (v != null && !v.isBlank() && !v.equalsIgnoreCase("false") && !v.equals("0")) {
      return ProfileCheck.ok(profile.name(), "trust", "GEMINI_CLI_TRUST_WORKSPACE=" + v);
    }
    return new Finding(profile.name(), "trust", Level.WARN,
        "gemini may stop to ask whether to trust each new worktree",
        Optional.of("add \"env\": {\"GEMINI_CLI_TRUST_WORKSPACE\": \"true\"} to agents." + profile.name()
            + " in .porch.json"));
  }

  /**
   * Codex refuses to create the helper binaries it puts on its commands' PATH under a temporary
   * folder ("Refusing to create helper binaries under temporary dir"), and its sandbox then fails.
   */
  private static Finding codexHomeFinding(AgentProfile profile, Host host) {
    Path home = codexHome(profile, host);
    List<Path> temps = new ArrayList<>(List.of(host.tempDir(), Path.of("/tmp")));
    String tmpdir = host.env().get("TMPDIR");
    if (tmpdir != null && !tmpdir.isBlank()) {
      temps.add(Path.of(tmpdir));
    }
    for (Path temp : temps) {
      if (home.startsWith(temp.toAbsolutePath().normalize())) {
        return new Finding(profile.name(), "home", Level.WARN, "codex's home " + home
            + " is under a temporary folder: codex then refuses to make its helper programs and its sandbox fails",
            Optional.of("set CODEX_HOME to a folder outside " + temp + " (e.g. ~/.codex)"));
      }
    }
    return ProfileCheck.ok(profile.name(), "home", home.toString());
  }

  private static Path codexHome(AgentProfile profile, Host host) {
    String set = variable(profile, host, "CODEX_HOME");
    Path home = set == null || set.isBlank() ? host.home().resolve(".codex") : Path.of(set);
    return home.toAbsolutePath().normalize();
  }

  /**
   * A credential file of the profile: {@code ~/} is the home, and Codex's {@code ~/.codex/} moves
   * with {@code CODEX_HOME}.
   */
  static Path credentialFile(AgentProfile profile, String file, Host host) {
    if (file.startsWith("~/.codex/") && cli(profile).equals("codex")) {
      return codexHome(profile, host).resolve(file.substring("~/.codex/".length()));
    }
    return file.startsWith("~/") ? host.home().resolve(file.substring(2)) : Path.of(file);
  }

  /** The value the agent would see: the profile's own, else porch's environment's. */
  private static String variable(AgentProfile profile, Host host, String name) {
    return profile.environment().getOrDefault(name, host.env().get(name));
  }
}
