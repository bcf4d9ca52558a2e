package dev.porch.agent.internal;

import dev.porch.agent.AgentProfile;
import dev.porch.core.error.LaunchException;
import dev.porch.core.error.PorchException;
import dev.porch.core.port.AgentRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs an agent CLI's interactive mode on porch's own terminal ({@code porch attach}): standard
 * input, output and error are inherited, nothing is logged, no status is written. An argument
 * list, never a shell.
 */
public final class Interactive {
  private Interactive() {}

  /**
   * The command line: {@code interactive_resume} with the request's session when both exist and
   * the session is usable, else {@code interactive}.
   *
   * @param profile the profile
   * @param request names the task, its workspace and the session to resume
   * @param promptFile the task's prompt file, for {@code {prompt_file}}
   * @return the arguments
   * @throws LaunchException if the profile has no interactive command
   */
  public static List<String> command(AgentProfile profile, AgentRequest request, Path promptFile) {
    AgentProfile.Sessions s = profile.sessions();
    if (s.interactive().isEmpty() && s.interactiveResume().isEmpty()) {
      throw new LaunchException(request.task(), "agent profile '" + profile.name() + "' has no interactive command",
          List.of("set agents." + profile.name() + ".interactive in .porch.json, e.g. [\"my-agent\"]"), null);
    }
    Map<String, String> values = ProcessLauncher.placeholders(request.workspace(), "", promptFile);
    String session = request.resumeSession().filter(Invocation::usable).orElse(null);
    if (session != null && !s.interactiveResume().isEmpty()) {
      values.put("session", session);
      return ArgTemplate.expand(s.interactiveResume(), values);
    }
    if (s.interactive().isEmpty()) {
      throw new LaunchException(request.task(), "agent profile '" + profile.name() + "' can only open a session it"
          + " resumes, and task " + request.task() + " has no recorded session",
          List.of("set agents." + profile.name() + ".interactive in .porch.json"), null);
    }
    return ArgTemplate.expand(s.interactive(), values);
  }

  /**
   * Runs {@code argv} in the request's workspace with the terminal inherited and waits for it.
   *
   * @return its exit code
   * @throws LaunchException if it cannot be started
   * @throws PorchException if the waiting thread is interrupted (the process tree is then killed)
   */
  public static int run(List<String> argv, AgentProfile profile, AgentRequest request, Path promptFile) {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(request.workspace().path().toFile()).inheritIO();
    ProcessLauncher.environment(pb.environment(), request, profile, promptFile);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new LaunchException(request.task(), "could not start " + argv.get(0) + " in " + request.workspace().path()
          + ": " + e.getMessage(), List.of("check that the program is installed and on the PATH, or change agents."
          + profile.name() + ".interactive in .porch.json"), e);
    }
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      ProcessTree.kill(p.toHandle(), ProcessTree.capture(p.toHandle()));
      Thread.currentThread().interrupt();
      throw new PorchException("interrupted while the interactive agent ran; it was stopped", e);
    }
  }
}
