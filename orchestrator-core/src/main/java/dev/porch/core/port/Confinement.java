package dev.porch.core.port;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a launcher that starts local processes must start one agent so that an OS sandbox holds it:
 * the command that goes in front of the agent's program, and what its environment may keep. Set on
 * an {@link AgentRequest} by a sandboxing decorator; a launcher that says it {@link
 * AgentLauncher#appliesConfinement() applies confinement} runs {@code prefix + its own command line}
 * and builds the environment as below. The prefix never passes through a shell.
 *
 * <p>Environment: when {@code cleanEnvironment} is false, the launcher's environment is built as
 * without confinement, then {@code environment} is put on top. When true, it starts from only the
 * variables of the launcher's own process named in {@code keep}, then the profile's and the request's
 * variables and porch's {@code PORCH_*}, then {@code environment}.
 *
 * @param sandbox what confines the agent, in words for logs and status, e.g. {@code bwrap (worktree)}
 * @param policy the policy it enforces
 * @param prefix program and arguments put before the agent's command line; empty for none
 * @param cleanEnvironment whether the environment starts empty but for {@code keep}
 * @param keep variables kept from the launcher's environment when {@code cleanEnvironment}
 * @param environment variables set last (e.g. {@code TMPDIR}, {@code HOME})
 */
public record Confinement(String sandbox, SandboxPolicy policy, List<String> prefix, boolean cleanEnvironment,
    Set<String> keep, Map<String, String> environment) {
  public Confinement {
    Objects.requireNonNull(sandbox, "sandbox");
    Objects.requireNonNull(policy, "policy");
    prefix = List.copyOf(prefix);
    keep = Set.copyOf(keep);
    environment = Map.copyOf(environment);
  }

  /**
   * The command line to start: {@code prefix} then {@code argv}.
   *
   * @param argv the agent's own program and arguments
   * @return the full command line
   */
  public List<String> wrap(List<String> argv) {
    if (prefix.isEmpty()) {
      return List.copyOf(argv);
    }
    List<String> all = new java.util.ArrayList<>(prefix);
    all.addAll(argv);
    return List.copyOf(all);
  }
}
