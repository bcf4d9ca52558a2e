package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.CommandIo;
import dev.porch.cli.internal.PatternRunner;
import dev.porch.cli.internal.demo.DemoProject;
import dev.porch.core.RunOptions;
import dev.porch.core.RunRequest;
import dev.porch.core.StateLayout;
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
      "the merge of the winner, and prints where the repository is so you can look around.",
      "With --keep-open it serves the dashboard (see porch ui) before the agents start, so",
      "you watch them in your browser; nothing is merged: compare the attempts and pick one",
      "there (or with porch pick); it runs until you stop it (Ctrl-C)."
    },
    footer = {"%nExamples:", "  porch demo", "  porch demo --dir /tmp/porch-demo", "  porch demo --keep-open --open"})
final class DemoCommand implements Callable<Integer> {
  private final Porch root;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to make the demo repository (empty or new; default: a new temporary folder).")
  Path dir;

  @Option(names = "--keep-open", description = "Serve the dashboard during and after the run; a person picks the winner there.")
  boolean keepOpen;

  @Option(names = "--open", description = "With --keep-open: open the dashboard in your browser.")
  boolean open;

  @Option(names = "--port", paramLabel = "PORT", description = "With --keep-open: the dashboard's port (default: a free one).")
  Integer port;

  DemoCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = root.context().err();
    if ((open || port != null) && !keepOpen) {
      throw dev.porch.cli.internal.Usage.error("--open and --port go with --keep-open");
    }
    UiCommand.checkPort(port);
    Path repo = DemoProject.create(dir != null ? root.workDir().resolve(dir) : CommandIo.temporaryFolder("porch-demo-"));
    if (!root.quiet()) {
      err.println("porch demo: made " + repo + " (a small 'slugs' library; its tests fail until slugify is written)");
      err.println("porch demo: 3 scripted agents compete to implement it; the tests judge; "
          + (keepOpen ? "you pick the one to merge" : "the winner is merged"));
      err.println();
    }
    try (var services = dev.porch.project.Project.open(repo)) {
      if (!keepOpen) {
        return run(services, repo, err);
      }
      services.workspaces().init();
      try (dev.porch.web.Dashboard d = UiCommand.start(services, port, root.context().env())) {
        UiCommand.serve(root, d, open, repo);
        int code = run(services, repo, err);
        err.println("porch demo: nothing was merged: compare the attempts at " + d.url().resolve("/compare?"
            + d.url().getRawQuery()) + " and pick one (or: porch -C " + repo + " compare, then pick TASK)");
        err.flush();
        new java.util.concurrent.CountDownLatch(1).await(); // until Ctrl-C ends the JVM
        return code;
      }
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
            .mergePolicy(keepOpen ? RunOptions.MergePolicy.REVIEW : RunOptions.MergePolicy.AUTO).cleanup(RunOptions.CleanupPolicy.KEEP).build())
        .build();
    int code = PatternRunner.run(services, Patterns.competitive(3), request, profiles, false, root.quiet(),
        root.context().terminal(), root.style(), root.context().out(), err);
    if (!root.quiet()) {
      err.println();
      err.println("porch demo: the repository is " + repo);
      err.println("  git -C " + repo + " log --graph --oneline --all   # " + (keepOpen ? "every attempt's branch" : "the winner merged with --no-ff"));
      err.println("  java -jar porch.jar -C " + repo + " status          # every agent's status file");
      StateLayout layout = StateLayout.of(repo);
      err.println("  ls " + layout.worktreesFolder() + "   cat " + layout.logFile(TaskName.of("slug-1")));
    }
    return code;
  }
}
