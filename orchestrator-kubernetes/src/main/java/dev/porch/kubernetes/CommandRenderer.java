package dev.porch.kubernetes;

import dev.porch.core.port.AgentRequest;

/**
 * Turns a request into the command its pod runs. The CLI renders it with the agent profiles and
 * prompt template of {@code orchestrator-agent}, so that a pod runs exactly what a local process
 * would; tests give a fixed command.
 *
 * <p>Called on a launcher worker thread; may block briefly; an exception fails that attempt only
 * (outcome {@code FAILED_TO_START}, or a {@link dev.porch.core.error.LaunchException} passed on).
 */
@FunctionalInterface
public interface CommandRenderer {
  /**
   * The container command for {@code request}.
   *
   * @param request the request
   * @param worktree the clone's path inside the pod, for {@code {worktree}}
   * @param promptFile the prompt file's path inside the pod, for {@code {prompt_file}}
   * @return the command
   */
  ContainerCommand render(AgentRequest request, String worktree, String promptFile);
}
