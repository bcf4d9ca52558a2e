package dev.porch.cli.internal.command;

import dev.porch.agent.ProfileCheck;
import dev.porch.cli.Porch;
import dev.porch.cli.internal.Doctor;
import dev.porch.cli.internal.DoctorView;
import dev.porch.cli.internal.JsonOut;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code porch doctor}: is this machine and repository ready for porch and its agents? */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Check that porch and its agents can run here, and say how to fix what is missing: git",
      "(2.38 or newer), the repository, .porch.json, .worktrees/ and .agent-status/ excluded from",
      "git, the state folder writable; then for each agent profile (the default agent, the",
      "profiles in .porch.json, the built-ins) its program on the PATH, its version, a key or",
      "login, and known traps: Claude Code's --dangerously-skip-permissions refused as root,",
      "Gemini CLI asking to trust each worktree, Codex's home in the temp folder.",
      "",
      "Only what porch needs fails (status FAIL, exit 1): git, the repository, and the default",
      "agent. Other agents that are not installed are a warning. Nothing is changed."
    },
    footer = {
      "%nExamples:",
      "  porch doctor",
      "  porch -C ~/src/shop doctor",
      "  porch doctor --json | jq '.checks[] | select(.status != \"ok\")'",
      "%nJSON: {\"schema\":\"porch.doctor/v1\", \"repository\", \"default_agent\", \"ok\":bool,",
      "\"counts\":{\"ok\",\"warn\",\"fail\"}, \"checks\":[{\"check\", \"agent\", \"status\", \"detail\", \"fix\"}]};",
      "see docs/cli-json.md."
    })
final class DoctorCommand implements Callable<Integer> {
  private final Porch root;

  @Mixin Options.Json json;

  DoctorCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    Doctor.Report report = Doctor.run(root.services(), ProfileCheck.Host.of(root.context().env()));
    if (json.json) {
      JsonOut.print(root.context().out(), DoctorView.json(report));
    } else {
      DoctorView.print(report, root.style(), root.context().out(), root.context().columns());
    }
    return report.ok() ? 0 : 1;
  }
}
