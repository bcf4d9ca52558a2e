package dev.porch.agent;

import dev.porch.agent.internal.sandbox.DeliveringLauncher;
import dev.porch.agent.internal.sandbox.Host;
import dev.porch.agent.internal.sandbox.Probe;
import dev.porch.agent.internal.sandbox.Redelivery;
import dev.porch.agent.internal.sandbox.SandboxedLauncher;
import dev.porch.core.TaskName;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.SandboxPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Confines agents with the OS sandbox (issue 19; what each policy allows on each OS and what it
 * cannot stop: docs/sandbox.md). {@link #wrap} decorates any {@link AgentLauncher} whose {@link
 * AgentLauncher#appliesConfinement()} is true ({@link AgentProcesses}, or an embedder's own launcher
 * of local processes): on Linux the agent runs under bubblewrap ({@code bwrap}), on macOS under
 * {@code sandbox-exec}; Windows has none.
 *
 * <pre>{@code
 * AgentLauncher launcher = Sandboxes.wrap(AgentProcesses.builder(repo).build(), SandboxPolicy.WORKTREE,
 *     name -> profiles.get(name).map(SandboxNeeds::of).orElse(SandboxNeeds.NONE));
 * }</pre>
 */
public final class Sandboxes {
  /**
   * What an agent's command line may contain that turns its own permission checks off (Claude
   * Code's bypass, Codex's, Gemini's and Qwen's yolo, aider's yes-always, amp's allow-all,
   * cursor-agent's force).
   */
  private static final List<String> SKIPPING = List.of("--dangerously-skip-permissions",
      "--allow-dangerously-skip-permissions", "bypasspermissions", "--dangerously-bypass-approvals-and-sandbox",
      "--yolo", "--yes-always", "--dangerously-allow-all", "--force", "--approval-mode=yolo", "--full-auto");

  private Sandboxes() {}

  /**
   * Whether the sandbox works on this machine, probed now (on Linux, a trial bwrap run, ~5 ms).
   *
   * @return the probe's result
   */
  public static Availability availability() {
    return availability(System.getenv());
  }

  /**
   * Like {@link #availability()}, finding {@code bwrap} on {@code env}'s PATH.
   *
   * @param env the environment agents get
   * @return the probe's result
   */
  public static Availability availability(java.util.Map<String, String> env) {
    Probe p = Probe.of(Host.current(), env);
    return new Availability(p.available(), p.tool().orElse(""), p.detail());
  }

  /**
   * Whether the sandbox works, and with what.
   *
   * @param available whether agents can be confined here
   * @param tool the sandbox program ({@code bwrap}, {@code sandbox-exec}); empty when there is none
   * @param detail one line for {@code porch doctor}: what was found, or why not and the fix
   */
  public record Availability(boolean available, String tool, String detail) {}

  /**
   * Wraps {@code launcher} so that each agent runs confined by {@code policy}. {@code OFF} returns
   * {@code launcher} itself. Where the OS sandbox is not available, {@code WORKTREE} launches
   * unconfined and {@code STRICT} throws {@link dev.porch.core.error.LaunchException} on each launch.
   *
   * @param launcher the launcher to wrap; it must apply confinement
   * @param policy the policy
   * @param needs what each agent profile needs, by profile name ({@link SandboxNeeds#of})
   * @return the confining launcher
   * @throws IllegalArgumentException if {@code launcher} does not apply confinement
   */
  public static AgentLauncher wrap(AgentLauncher launcher, SandboxPolicy policy, Function<String, SandboxNeeds> needs) {
    Objects.requireNonNull(launcher, "launcher");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(needs, "needs");
    return policy.confines() ? confining(launcher, policy, needs, Optional.empty()) : launcher;
  }

  private static AgentLauncher confining(AgentLauncher launcher, SandboxPolicy policy, Function<String, SandboxNeeds> needs,
      Optional<Redelivery> redelivery) {
    Host host = Host.current();
    return new SandboxedLauncher(launcher, policy, needs, host, Probe.of(host, System.getenv()), home(System.getenv()),
        redelivery);
  }

  /**
   * The home the agents' CLIs use for {@code ~/}: {@code HOME} where it is set (the CLIs read it; Java's
   * {@code user.home} comes from the password database and ignores it), else {@code user.home}.
   */
  static Path home(java.util.Map<String, String> env) {
    String home = env.get("HOME");
    return home != null && !home.isBlank() && Path.of(home).isAbsolute() ? Path.of(home)
        : Path.of(System.getProperty("user.home"));
  }

  /**
   * Like {@link #wrap(AgentLauncher, SandboxPolicy, Function)}, and the returned launcher delivers the
   * sandbox cells of the agents it re-attaches to in {@code repository}, whatever {@code policy} is
   * ({@link #delivering}): what porch's own wiring uses, so that {@code porch recover} and a resumed
   * run deliver the agents a killed porch left behind. {@code OFF} returns {@code
   * delivering(launcher, repository)}.
   *
   * @param launcher the launcher to wrap; it must apply confinement unless {@code policy} is OFF
   * @param policy the policy
   * @param needs what each agent profile needs, by profile name ({@link SandboxNeeds#of})
   * @param repository the repository the agents work in (its main worktree)
   * @return the confining, delivering launcher
   * @throws IllegalArgumentException if {@code policy} confines and {@code launcher} does not apply confinement
   */
  public static AgentLauncher wrap(AgentLauncher launcher, SandboxPolicy policy, Function<String, SandboxNeeds> needs,
      Path repository) {
    Objects.requireNonNull(launcher, "launcher");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(needs, "needs");
    Objects.requireNonNull(repository, "repository");
    return policy.confines() ? confining(launcher, policy, needs, Optional.of(new Redelivery(repository)))
        : delivering(launcher, repository);
  }

  /**
   * Wraps {@code launcher} so that re-attaching to a sandboxed agent that another porch launched (and
   * was killed or crashed meanwhile) also carries that agent's work out of its sandbox cell ({@code
   * .agent-status/sandbox/<task>.<id>/}), as the launching porch would have: its branch is moved to
   * the agent's commits and its status report moved over {@code .agent-status/<task>.json}, before
   * the re-attached outcome completes; when the agent has already ended, {@link
   * AgentLauncher#reattach(TaskName, long, java.time.Instant)} delivers at once and returns empty, so
   * recovery sees the delivered status (COMPLETE stays COMPLETE). Launches pass through unchanged;
   * the current sandbox policy plays no part (the agent may have been launched under another).
   *
   * <p>Nothing is delivered unless the task's status file still says that this very process runs
   * (pid and start time), on the branch and worktree the cell names: a cell left by an older attempt
   * never moves a newer attempt's branch or report. What was not delivered, and why, is written to
   * the task's log.
   *
   * <pre>{@code
   * AgentLauncher launcher = Sandboxes.delivering(AgentProcesses.builder(repo).build(), repo);
   * Orchestrator.builder().launcher(launcher)...build().recover();
   * }</pre>
   *
   * @param launcher the launcher that launches and finds the agents' processes
   * @param repository the repository the agents work in (its main worktree)
   * @return the delivering launcher
   */
  public static AgentLauncher delivering(AgentLauncher launcher, Path repository) {
    Objects.requireNonNull(launcher, "launcher");
    Objects.requireNonNull(repository, "repository");
    return new DeliveringLauncher(launcher, new Redelivery(repository));
  }

  /**
   * Whether {@code command} turns off the agent CLI's own permission prompts, so that only a sandbox
   * would stop it from writing anywhere (porch warns once when such a profile runs unsandboxed).
   *
   * @param command a profile's command template
   * @return the first such flag, or empty
   */
  public static java.util.Optional<String> permissionSkippingFlag(List<String> command) {
    return command.stream().filter(a -> SKIPPING.contains(a.toLowerCase(Locale.ROOT))).findFirst();
  }

  /** The built-in needs of each profile in {@code profiles}, for {@link #wrap}. */
  public static Function<String, SandboxNeeds> needsOf(AgentProfiles profiles) {
    return name -> profiles.get(name).map(SandboxNeeds::of).orElse(SandboxNeeds.NONE);
  }
}
