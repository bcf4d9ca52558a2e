package dev.porch.examples;

import dev.porch.agent.AgentProcesses;
import dev.porch.agent.AgentProfile;
import dev.porch.agent.AgentProfiles;
import dev.porch.agent.ProcessEvaluator;
import dev.porch.core.Orchestrator;
import dev.porch.core.RunRequest;
import dev.porch.core.RunResult;
import dev.porch.core.TaskName;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.pattern.OrchestrationPattern;
import dev.porch.core.pattern.Patterns;
import dev.porch.core.port.TestCommand;
import dev.porch.git.GitWorkspaces;
import dev.porch.status.StatusFiles;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Embedding porch in a Java tool: build an {@link Orchestrator} from the real adapters, listen to
 * its events, run a competitive round, read the decision. docs/embedding.md walks through it.
 *
 * <p>Run it on any git repository with a commit: {@code java -cp ... dev.porch.examples.EmbeddingExample /path/to/repo}.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /**
   * Runs {@code pattern} on {@code repo} with the scripted example agents and prints the events.
   *
   * @param repo a git repository with at least one commit, on a branch
   * @param pattern the pattern, e.g. {@code Patterns.competitive(3)}
   * @param out where to print events and the decision
   * @return the run's result
   */
  public static RunResult run(Path repo, OrchestrationPattern pattern, PrintWriter out) {
    return run(repo, pattern, true, out);
  }

  /**
   * Like {@link #run(Path, OrchestrationPattern, PrintWriter)}, optionally without a test command
   * (every finished workspace then counts as passing).
   */
  public static RunResult run(Path repo, OrchestrationPattern pattern, boolean withTests, PrintWriter out) {
    GitWorkspaces git = GitWorkspaces.open(repo);
    AgentProfiles profiles = AgentProfiles.builtIn()
        .with(AgentProfile.of("scripted", ExampleAgent.javaCommand(ExampleAgent.class)));
    try (AgentProcesses agents = AgentProcesses.builder(git.root()).profiles(profiles).build();
        Orchestrator orchestrator = Orchestrator.builder()
            .workspaces(git)
            .statusStore(StatusFiles.open(git.root()))
            .launcher(agents)
            .evaluator(ProcessEvaluator.builder(git.root(), git).build())
            .listener(StatusFiles.eventLog(git.root()))
            .listener(OrchestrationEvent.StateChanged.class, e -> out.println(e.taskName() + " -> " + e.to()))
            .build()) {
      RunRequest.Builder request = RunRequest.builder()
          .feature(TaskName.of("answer"))
          .instructions("Write the answer to the ultimate question into answer.txt and commit it.")
          .agent("scripted");
      if (withTests) {
        request.testCommand(new TestCommand(ExampleAgent.javaCommand(ExampleAgent.Check.class), false));
      }
      RunResult result = orchestrator.run(pattern, request.build());
      out.println(result.decision().verdict() + ": " + result.decision().summary());
      out.flush();
      return result;
    }
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    run(Path.of(args.length > 0 ? args[0] : "."), Patterns.competitive(3), out);
  }
}
