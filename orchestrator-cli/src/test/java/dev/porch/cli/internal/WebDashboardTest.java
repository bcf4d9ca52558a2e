package dev.porch.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.TaskName;
import dev.porch.web.ActionResult;
import dev.porch.web.DashboardAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's actions are porch's own commands, with porch's own words. */
class WebDashboardTest {
  @TempDir Path repo;

  @Test
  void arguments_areTheCommandAsTyped_andAMessageIsNeverAnOption() {
    TaskName t = TaskName.of("auth-2");
    assertThat(WebDashboard.CliActions.arguments(new DashboardAction.Pick(t))).containsExactly("pick", "auth-2");
    assertThat(WebDashboard.CliActions.arguments(new DashboardAction.Cancel(t))).containsExactly("cancel", "auth-2");
    assertThat(WebDashboard.CliActions.arguments(new DashboardAction.Cleanup(t))).containsExactly("cleanup", "auth-2");
    assertThat(WebDashboard.CliActions.arguments(new DashboardAction.Tell(t, "--force everything")))
        .containsExactly("tell", "auth-2", "--", "--force everything");
  }

  @Test
  void perform_aRefusal_isPorchsOwnMessage() throws Exception {
    git("init", "-q", "-b", "main");
    git("-c", "user.name=t", "-c", "user.email=t@porch.invalid", "commit", "-q", "--allow-empty", "-m", "init");
    WebDashboard.CliActions actions = new WebDashboard.CliActions(repo, Map.of());
    ActionResult pick = actions.perform(new DashboardAction.Pick(TaskName.of("nothing")));
    assertThat(pick.done()).isFalse();
    assertThat(pick.message()).startsWith("porch: error: ").contains("nothing");
    ActionResult cancel = actions.perform(new DashboardAction.Cancel(TaskName.of("nothing")));
    assertThat(cancel.done()).isFalse();
    assertThat(cancel.message()).contains("there is no task nothing");
    assertThat(Files.exists(repo.resolve(".worktrees"))).isFalse();
  }

  private void git(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }
}
