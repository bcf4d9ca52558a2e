package dev.porch.cli.internal;

import dev.porch.agent.AgentProfile;
import dev.porch.agent.AgentProfiles;
import dev.porch.agent.ProfileCheck.Level;
import dev.porch.agent.ProfileCheck;
import dev.porch.core.error.GitVersionException;
import dev.porch.core.error.PorchException;
import dev.porch.git.GitWorkspaces;
import dev.porch.project.PorchConfig;
import dev.porch.project.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of {@code porch doctor}, asked of the adapters: git and its version, the repository,
 * {@code .porch.json}, the excluded folders, the state folder, then every agent profile through
 * {@link ProfileCheck}. Each check is a value; one that cannot be made says why instead of failing
 * the rest.
 */
public final class Doctor {
  /**
   * One line of the report.
   *
   * @param check {@code git}, {@code repository}, {@code config}, {@code excluded}, {@code
   *     state_folder}, or an agent check ({@code binary}, {@code version}, {@code login}, ...)
   * @param agent the profile an agent check is about
   * @param level ok, warn or fail
   * @param detail what was found
   * @param fix what to do, when not ok
   */
  public record Check(String check, Optional<String> agent, Level level, String detail, Optional<String> fix) {}

  /**
   * Everything doctor found.
   *
   * @param repository the repository's root, when there is one
   * @param defaultAgent the profile porch uses when no --agent is given
   * @param checks the checks in the order they were made
   */
  public record Report(Optional<Path> repository, String defaultAgent, List<Check> checks) {
    /** Whether nothing needed is missing (no check failed). */
    public boolean ok() {
      return checks.stream().noneMatch(c -> c.level() == Level.FAIL);
    }
  }

  private Doctor() {}

  /**
   * Runs every check.
   *
   * @param services the command's services (working folder, repository, config)
   * @param host the machine as agents see it (PATH, HOME, root)
   * @return the report
   */
  public static Report run(Project services, ProfileCheck.Host host) {
    List<Check> out = new ArrayList<>();
    boolean git = git(services, host, out);
    Optional<Path> root = git ? repository(services, out) : Optional.empty();
    PorchConfig config = PorchConfig.defaults();
    AgentProfiles configured = AgentProfiles.of(List.of());
    if (root.isPresent()) {
      try {
        config = services.config();
        configured = config.agentsJson().map(AgentProfiles::parse).orElse(configured);
        out.add(ok("config", Files.exists(root.get().resolve(PorchConfig.FILE)) ? PorchConfig.FILE
            : "no " + PorchConfig.FILE + ": the defaults"));
      } catch (PorchException e) {
        out.add(fail("config", e.getMessage(), e.hints().isEmpty() ? "see docs/config.md" : e.hints().get(0)));
      }
      excluded(root.get(), out);
      stateFolder(root.get(), out);
    }
    AgentProfiles all = AgentProfiles.builtIn().with(configured);
    for (String name : order(config.agent(), configured, all)) {
      Optional<AgentProfile> p = all.get(name);
      if (p.isEmpty()) {
        out.add(new Check("binary", Optional.of(name), Level.FAIL, "there is no agent profile '" + name + "'",
            Optional.of("set \"agent\" in .porch.json to one of " + String.join(", ", all.names()))));
        continue;
      }
      for (ProfileCheck.Finding f : ProfileCheck.check(p.get(), name.equals(config.agent()), host)) {
        out.add(new Check(f.check(), Optional.of(f.agent()), f.level(), f.detail(), f.fix()));
      }
    }
    return new Report(root, config.agent(), out);
  }

  /** The default agent first, then the configured profiles, then the built-ins that can run. */
  private static Set<String> order(String defaultAgent, AgentProfiles configured, AgentProfiles all) {
    Set<String> names = new LinkedHashSet<>();
    names.add(defaultAgent);
    names.addAll(configured.names());
    for (String n : all.names()) {
      if (all.get(n).map(AgentProfile::runnable).orElse(false)) {
        names.add(n);
      }
    }
    return names;
  }

  private static boolean git(Project services, ProfileCheck.Host host, List<Check> out) {
    String where = ProfileCheck.which("git", host.env()).map(p -> " (" + p + ")").orElse("");
    try {
      out.add(ok("git", GitWorkspaces.checkGitVersion(services.workDir()) + where));
      return true;
    } catch (GitVersionException e) {
      out.add(fail("git", e.found() == null ? "git not found on the PATH" : "git " + e.found() + where
          + " is older than " + e.required(), "install git " + e.required() + " or newer"));
    } catch (PorchException e) {
      out.add(fail("git", e.getMessage(), "run porch from an existing folder, or give one with -C DIR"));
    }
    return false;
  }

  private static Optional<Path> repository(Project services, List<Check> out) {
    try {
      Path root = services.root();
      out.add(ok("repository", root.toString()));
      return Optional.of(root);
    } catch (PorchException e) {
      out.add(fail("repository", "not inside a git repository: " + services.workDir(),
          "run porch inside a repository, or point at one with -C DIR"));
      return Optional.empty();
    }
  }

  private static void excluded(Path root, List<Check> out) {
    try (GitWorkspaces git = GitWorkspaces.open(root)) {
      List<String> seen = git.notExcluded();
      out.add(seen.isEmpty() ? ok("excluded", ".worktrees/ and .agent-status/ are excluded from git")
          : new Check("excluded", Optional.empty(), Level.WARN, String.join(" and ", seen) + " not excluded from git",
              Optional.of("run 'porch init' (adds them to .git/info/exclude)")));
    } catch (PorchException e) {
      out.add(new Check("excluded", Optional.empty(), Level.WARN, e.getMessage(), Optional.of("run 'porch init'")));
    }
  }

  /** Writes and deletes a file in {@code .agent-status/}: as root, permission bits alone would say yes to anything. */
  private static void stateFolder(Path root, List<Check> out) {
    Path dir = root.resolve(".agent-status");
    String fix = "make " + dir + " a folder porch's user can write";
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      out.add(Files.isWritable(root) ? ok("state_folder", ".agent-status/ will be made on first use")
          : fail("state_folder", root + " is not writable", "make " + root + " writable for porch's user"));
      return;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      out.add(fail("state_folder", dir + " is not a folder (or is a symbolic link)", fix));
      return;
    }
    try {
      Files.delete(Files.createTempFile(dir, ".doctor-", ".tmp"));
      out.add(ok("state_folder", dir + " is writable"));
    } catch (IOException e) {
      out.add(fail("state_folder", "cannot write in " + dir + ": " + e.getMessage(), fix));
    }
  }

  private static Check ok(String check, String detail) {
    return new Check(check, Optional.empty(), Level.OK, detail, Optional.empty());
  }

  private static Check fail(String check, String detail, String fix) {
    return new Check(check, Optional.empty(), Level.FAIL, detail, Optional.of(fix));
  }
}
