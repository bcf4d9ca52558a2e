package dev.porch.core.port;

import dev.porch.core.TaskName;
import dev.porch.core.error.LaunchException;

/**
 * Port: starts coding agents. The default adapter runs agent CLIs (Claude Code, Codex, Gemini CLI,
 * Aider, opencode or any command) as local processes: {@code dev.porch.agent.AgentProcesses}.
 *
 * <p><b>Threads.</b> Thread-safe; {@link #launch} is called from engine worker threads and must
 * return promptly (it starts the agent and returns; the work happens in the background).
 *
 * <p><b>Contract.</b> The agent works only in its workspace. Prompts reach it as a single argument,
 * a file or standard input, never through a shell; its output is logged, never executed. The
 * launcher honours {@link AgentRequest#timeout()} (outcome {@link AgentOutcome.Kind#TIMED_OUT}) and
 * reports rate-limit failures it recognises through {@link AgentOutcome#rateLimited()}; retrying
 * is the engine's job. A launcher that cannot start the agent returns a handle whose outcome is
 * {@link AgentOutcome.Kind#FAILED_TO_START}, or throws {@link LaunchException} for a request it
 * cannot even attempt (unknown profile); to the engine either fails that task only.
 *
 * <pre>{@code
 * AgentHandle h = launcher.launch(request);
 * AgentOutcome o = h.outcome().get(30, TimeUnit.MINUTES);
 * }</pre>
 */
@FunctionalInterface
public interface AgentLauncher {
  /**
   * Starts an agent.
   *
   * @param request what to run, where
   * @return a handle to the running agent
   * @throws LaunchException if the request cannot be attempted at all
   */
  AgentHandle launch(AgentRequest request);

  /**
   * Finds an agent that an earlier orchestrator started and that may still be running (after a
   * crash or kill -9), by the process id and start time its status file recorded. A reattached
   * handle's outcome completes when that process ends; its exit code may be unknown.
   *
   * @param task the task
   * @param pid the recorded process id
   * @param processStarted the recorded process start time; a live process with the same pid but
   *     another start time is a different program and is not adopted
   * @return a handle when the very process is still alive, otherwise empty
   */
  default java.util.Optional<AgentHandle> reattach(TaskName task, long pid, java.time.Instant processStarted) {
    return java.util.Optional.empty();
  }
}
