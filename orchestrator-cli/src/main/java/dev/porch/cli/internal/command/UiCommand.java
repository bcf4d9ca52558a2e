package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.CommandIo;
import dev.porch.cli.internal.Usage;
import dev.porch.cli.internal.WebDashboard;
import dev.porch.web.Dashboard;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code porch ui}: the local web dashboard of this repository. */
@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a live dashboard of this repository's runs and tasks to your browser: state,",
      "elapsed time, what each agent is doing, tests and score, a page per task with its log",
      "following live, its diff and RESULTS.md, and a side-by-side comparison of attempts.",
      "From there you can pick (merge) an attempt, cancel an agent, send a follow-up or clean",
      "up, each the same as the command. It listens on 127.0.0.1 only, on a free port unless",
      "--port; the URL it prints carries a random token, and nothing is served without it.",
      "It runs until you stop it (Ctrl-C)."
    },
    footer = {
      "%nExamples:",
      "  porch ui",
      "  porch ui --open",
      "  porch ui --port 8765",
      "  porch -C ~/src/app ui --open"
    })
final class UiCommand implements Callable<Integer> {
  private final Porch root;

  @Option(names = "--port", paramLabel = "PORT", description = "The port on 127.0.0.1 (default: a free one).")
  Integer port;

  @Option(names = "--open", description = "Open the dashboard in your browser.")
  boolean open;

  UiCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() throws Exception {
    checkPort(port);
    var services = root.services();
    try (Dashboard d = start(services, port, root.context().env())) {
      serve(root, d, open, services.root());
      new CountDownLatch(1).await(); // until Ctrl-C ends the JVM
    }
    return 0;
  }

  /** Starts the dashboard; a {@code --port} another program holds is the person's to change. */
  static Dashboard start(dev.porch.project.Project services, Integer port, java.util.Map<String, String> env) {
    try {
      return WebDashboard.start(services, port == null ? 0 : port, env);
    } catch (java.io.UncheckedIOException e) {
      if (port != null && e.getCause() instanceof java.net.BindException) {
        throw Usage.error("cannot listen on 127.0.0.1:" + port + ": " + e.getCause().getMessage(),
            "leave --port out for a free port, or choose another");
      }
      throw e;
    }
  }

  /** Refuses a {@code --port} outside 1 to 65535 (absent: a free one). */
  static void checkPort(Integer port) {
    if (port != null && (port < 1 || port > 65535)) {
      throw Usage.error("--port must be 1 to 65535, not " + port);
    }
  }

  /**
   * Prints the URL (stdout: the result), opens it when asked, and says how to stop (stderr).
   *
   * @param repo the repository the dashboard shows (for {@code porch demo}, the demo's, not the
   *     folder porch was started in, which need not be a repository at all)
   */
  static void serve(Porch root, Dashboard d, boolean open, java.nio.file.Path repo) {
    root.context().out().println(d.url());
    root.context().out().flush();
    if (open && !CommandIo.openBrowser(d.url())) {
      root.context().err().println("porch: warning: could not open a browser; open the URL above yourself");
    }
    if (!root.quiet()) {
      root.context().err().println("porch ui: serving " + repo + " on 127.0.0.1:" + d.port()
          + " (only with the token in the URL); Ctrl-C stops it");
    }
    root.context().err().flush();
  }
}
