package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.CommandIo;
import dev.porch.cli.internal.PatternRunner;
import dev.porch.cli.internal.demo.DemoProject;
import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.TaskName;
import dev.porch.core.pattern.Patterns;
import dev.porch.core.port.TestCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code porch demo}: a whole competitive round on a throwaway repository, offline. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "See porch work, with no network and no API key: makes a throwaway repository with a",
      "small library and its tests, runs a competitive round of 3 scripted agents (shipped",
      "in porch.jar; some of them fail the tests), shows the live table, the evaluation and",
      "the merge of the winner, and prints where the repository is so you can look around."
    },
    footer = {"%nExamples:", "  porch demo", "  porch demo --dir /tmp/porch-demo"})
final class DemoCommand implements Callable<Integer> {
  private final Porch root;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to make the demo repository (empty or new; default: a new temporary folder).")
  Path dir;

  DemoCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = root.context().err();
    Path repo = DemoProject.create(dir != null ? root.workDir().resolve(dir) : CommandIo.temporaryFolder("porch-demo-"));
    if (!root.quiet()) {
      err.println("porch demo: made " + repo + " (a small 'slugs' library; its tests fail until slugify is written)");
      err.println("porch demo: 3 scripted agents compete to implement it; the tests judge; the winner is merged");
      err.println();
    }
    try (var services = dev.porch.project.Project.open(repo)) {
      return run(services, repo, err);
    }
  }

  private int run(dev.porch.project.Project services, Path repo, PrintWriter err) {
    services.workspaces().init();
    var profiles = dev.porch.agent.AgentProfiles.builtIn()
        .with(dev.porch.agent.AgentProfile.of("demo", DemoProject.agentCommand()));
    RunRequest request = RunRequest.builder()
        .feature(TaskName.of("slug"))
        .instructions("Implement Slug.slugify as README.md describes; run java tests/RunTests.java.")
        .agent("demo")
        .baseBranch("main")
        .testCommand(TestCommand.of(DemoProject.javaBinary(), "tests/RunTests.java"))
        .options(RunOptions.builder().concurrency(3).progressInterval(Duration.ofMillis(500)).taskTimeout(Duration.ofMinutes(2))
            .mergePolicy(RunOptions.MergePolicy.AUTO).cleanup(RunOptions.CleanupPolicy.KEEP).build())
        .build();
    int code = PatternRunner.run(services, Patterns.competitive(3), request, profiles, false, root.quiet(),
        root.context().terminal(), root.style(), root.context().out(), err);
    if (!root.quiet()) {
      err.println();
      err.println("porch demo: the repository is " + repo);
      err.println("  git -C " + repo + " log --graph --oneline --all   # the winner merged with --no-ff");
      err.println("  java -jar porch.jar -C " + repo + " status          # every agent's status file");
      err.println("  ls " + repo.resolve(".worktrees") + "   cat " + repo.resolve(".agent-status/logs/slug-1.log"));
    }
    return code;
  }
}
