package dev.porch.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.agent.AgentProfiles;
import dev.porch.core.port.SandboxPolicy;
import dev.porch.project.Project;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The once-per-run word about the sandbox, before any agent starts. */
class SandboxWarningTest {
  @TempDir Path dir;

  private String check(SandboxPolicy policy, String agent) {
    Project project = Project.open(dir);
    project.sandbox(policy);
    StringWriter err = new StringWriter();
    PatternRunner.sandboxCheck(project, AgentProfiles.builtIn(), agent, new PrintWriter(err, true));
    return err.toString();
  }

  @Test
  void sandboxCheck_offWithAPermissionSkippingProfile_warnsOnce() {
    String err = check(SandboxPolicy.OFF, "codex");

    assertThat(err).isEqualTo("porch: warning: agent profile 'codex' runs with"
        + " --dangerously-bypass-approvals-and-sandbox and no sandbox: it can write anywhere you can"
        + " (--sandbox worktree confines it; see docs/sandbox.md)" + System.lineSeparator());
  }

  @Test
  void sandboxCheck_offWithAProfileThatAsksFirst_saysNothing() {
    assertThat(check(SandboxPolicy.OFF, "claude")).isEmpty(); // acceptEdits, no bypass
  }

  @Test
  void sandboxCheck_worktreeWithAPermissionSkippingProfile_saysNothingWhereTheSandboxWorks() {
    Project project = Project.open(dir);
    org.junit.jupiter.api.Assumptions.assumeTrue(project.sandboxAvailability().available(),
        "no sandbox here: " + project.sandboxAvailability().detail());

    assertThat(check(SandboxPolicy.WORKTREE, "codex")).isEmpty();
  }
}
