package dev.porch.agent;

import dev.porch.agent.internal.ArgTemplate;
import dev.porch.agent.internal.Invocation;
import dev.porch.core.error.LaunchException;
import dev.porch.core.port.AgentRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a launcher that runs agents elsewhere (a Kubernetes pod) needs to run the same command a
 * local launch would: the profile's command with its placeholders filled for the remote paths,
 * the rendered prompt (a follow-up's or a resumed session's, as {@link AgentProcesses} would send
 * it), the profile's environment, whether the prompt goes to standard input, and its rate-limit
 * patterns.
 *
 * @param argv program and arguments, one argument each (never a shell string)
 * @param prompt the full prompt
 * @param environment the profile's variables
 * @param stdin whether the agent reads the prompt from standard input
 * @param rateLimitPatterns the profile's rate-limit patterns, compiled
 */
public record RemoteCommand(List<String> argv, String prompt, Map<String, String> environment, boolean stdin,
    List<Pattern> rateLimitPatterns) {
  public RemoteCommand {
    argv = List.copyOf(argv);
    Objects.requireNonNull(prompt, "prompt");
    environment = Map.copyOf(environment);
    rateLimitPatterns = List.copyOf(rateLimitPatterns);
  }

  /**
   * {@code r} as the agent sees it where it runs: its worktree at {@code worktree} and its status
   * file beside it ({@code <worktree>/../status.json}, where the pod script points
   * {@code PORCH_STATUS_FILE}), so the prompt names the paths that exist there.
   */
  static AgentRequest remoteView(AgentRequest r, String worktree) {
    java.nio.file.Path wt = java.nio.file.Path.of(worktree);
    dev.porch.core.port.Workspace w = r.workspace();
    AgentRequest.Builder b = AgentRequest.builder();
    b.task(r.task()).instructions(r.instructions()).agent(r.agent()).attempt(r.attempt())
        .workspace(new dev.porch.core.port.Workspace(w.task(), wt, w.relativePath(), w.branch(), w.base(),
            w.baseCommit(), w.port()))
        .statusFile(wt.resolveSibling("status.json")).putAllEnvironment(r.environment());
    r.role().ifPresent(b::role);
    r.pattern().ifPresent(b::pattern);
    r.timeout().ifPresent(b::timeout);
    r.resumeSession().ifPresent(b::resumeSession);
    r.previousAttempt().ifPresent(b::previousAttempt);
    return b.build();
  }

  /**
   * Renders {@code request} for a worktree and prompt file at other paths than this machine's.
   *
   * @param profiles the agent profiles
   * @param template the prompt template
   * @param request the request
   * @param worktree the worktree's path where the agent runs, for {@code {worktree}}
   * @param promptFile the prompt file's path there, for {@code {prompt_file}}
   * @return the command
   * @throws LaunchException if the profile is unknown or has no command
   */
  public static RemoteCommand of(AgentProfiles profiles, PromptTemplate template, AgentRequest request,
      String worktree, String promptFile) {
    AgentProfile profile = profiles.get(request.agent()).orElseThrow(() -> new LaunchException(request.task(),
        "there is no agent profile '" + request.agent() + "'",
        List.of("known profiles: " + String.join(", ", profiles.names())), null));
    if (!profile.runnable()) {
      throw new LaunchException(request.task(), "agent profile '" + profile.name() + "' has no command",
          List.of("set agents." + profile.name() + ".command in .porch.json"), null);
    }
    Invocation run = Invocation.of(profile, remoteView(request, worktree), template);
    Map<String, String> values = new HashMap<>();
    values.put("prompt", run.prompt());
    values.put("prompt_file", promptFile);
    values.put("task", request.task().value());
    values.put("worktree", worktree);
    values.put("branch", request.workspace().branch());
    values.put("base", request.workspace().base());
    run.session().ifPresent(s -> values.put("session", s));
    return new RemoteCommand(ArgTemplate.expand(run.command(), values), run.prompt(), profile.environment(),
        profile.stdin(), profile.rateLimitPatterns().stream().map(Pattern::compile).toList());
  }
}
