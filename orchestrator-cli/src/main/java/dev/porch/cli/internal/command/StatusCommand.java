package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.JsonOut;
import dev.porch.cli.internal.StatusView;
import dev.porch.cli.internal.Usage;
import dev.porch.core.port.StatusListing;
import dev.porch.core.port.StatusStore;
import dev.porch.project.StatusWait;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code porch status}: the seed's status view, richer. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show every agent: task, state, age, files changed, tests, tokens in/out and cost (when its",
      "CLI reports them), and what a running agent is doing now or a finished one's summary,",
      "read from .agent-status/*.json. The table fits in $COLUMNS (80 when unset); --json has",
      "every field, branch and session included. States are coloured on a terminal (COMPLETE",
      "green, RUNNING yellow, FAILED red, BLOCKED magenta). Unreadable or tampered status files",
      "are reported as warnings; the others are still shown."
    },
    footer = {
      "%nExamples:",
      "  porch status",
      "  porch status --watch            # redraw on every change until all are final",
      "  porch logs auth-1 -f            # follow one agent's transcript",
      "  porch status --json | jq '.tasks[] | select(.status==\"COMPLETE\") | .branch'",
      "%nJSON: {\"schema\":\"porch.status/v1\", \"tasks\":[...], \"counts\":{...}, \"all_final\":bool,",
      "\"problems\":[...], \"totals\":{...}}; see docs/cli-json.md. With --watch --json, one document",
      "per line."
    })
final class StatusCommand implements Callable<Integer> {
  private final Porch root;

  @Mixin Options.Json json;

  @Option(names = {"-w", "--watch"}, description = "Redraw on every change until every agent is COMPLETE or FAILED.")
  boolean watch;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "With --watch: give up after this long (e.g. 30m); exit 1.")
  String timeout;

  StatusCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() throws InterruptedException {
    Duration limit = timeout == null ? null : Usage.duration(timeout, "--timeout");
    var services = root.services();
    StatusStore store = services.statusStore();
    if (!watch) {
      print(store.list(), false);
      return 0;
    }
    // on a terminal the table is redrawn each second too, so running agents' ages keep counting
    boolean tick = root.context().terminal() && !json.json;
    StatusListing last = StatusWait.until(store, limit, store::list, StatusCommand::allFinal, l -> print(l, true), tick);
    if (!allFinal(last)) {
      root.context().err().println("porch: error: not every agent finished within " + timeout);
      return 1;
    }
    return 0;
  }

  private static boolean allFinal(StatusListing l) {
    return !l.statuses().isEmpty() && l.statuses().stream().allMatch(s -> s.status().isFinal());
  }

  private void print(StatusListing listing, boolean watching) {
    PrintWriter out = root.context().out();
    var now = root.services().clock().instant();
    if (json.json) {
      Object doc = StatusView.json(listing, now, root.services().root().toString());
      if (watching) {
        JsonOut.line(out, doc);
      } else {
        JsonOut.print(out, doc);
      }
      return;
    }
    if (watching && root.context().terminal()) {
      out.print("\033[H\033[2J"); // redraw in place on a terminal
    } else if (watching) {
      out.println();
    }
    StatusView.printTable(listing, now, root.style(), out, root.context().err(), root.context().columns());
    out.flush();
  }
}
