package dev.porch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.TaskName;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.Workspace;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {
  static final Path ROOT = Path.of("/repo").toAbsolutePath();
  static final Workspace WS = new Workspace(TaskName.of("auth-2"), ROOT.resolve(".worktrees/auth-2"), ".worktrees/auth-2",
      "feature/auth-2", "main", "0".repeat(40), OptionalInt.empty());

  private static AgentRequest request(String instructions) {
    return AgentRequest.builder().task(WS.task()).workspace(WS).instructions(instructions).agent("claude")
        .statusFile(ROOT.resolve(".agent-status/auth-2.json")).build();
  }

  @Test
  void render_followsTheSeedTemplate() {
    String p = PromptTemplate.defaultTemplate().render(request("Add a login form."));

    assertThat(p).startsWith("## Task: auth-2\n\n**Worktree:** " + WS.path() + "\n**Branch:** feature/auth-2\n\n"
        + "### Instructions\nAdd a login form.\n\n### On Completion\n1. Commit all changes");
    assertThat(p).contains("`porch complete --summary \"<one line>\"`", ROOT.resolve(".agent-status/auth-2.json").toString(),
        "\"COMPLETE\"", "\"completed\"", "\"summary\"", "\"files_changed\"", "3. Create RESULTS.md in the worktree root",
        "What was implemented", "Key decisions", "issues encountered", "Testing notes");
  }

  @Test
  void render_isOnePass() {
    String p = PromptTemplate.of("{task}: {instructions} {unknown} {").render(request("use {task} and {branch} literally"));

    assertThat(p).isEqualTo("auth-2: use {task} and {branch} literally {unknown} {");
  }

  @Test
  void render_fromPlainValuesMatchesTheRequestRendering() {
    PromptTemplate t = PromptTemplate.defaultTemplate();

    String plain = t.render(WS.task(), WS.path(), WS.branch(), ROOT.resolve(".agent-status/auth-2.json"), "Add a login form.");

    assertThat(plain).isEqualTo(t.render(request("Add a login form.")));
  }

  @Test
  void render_mapLeavesMissingKnownPlaceholdersEmpty() {
    assertThat(PromptTemplate.of("[{role}|{attempt}|{instructions}]").render(Map.of("instructions", "x")))
        .isEqualTo("[|1|x]");
  }

  @Test
  void of_withoutInstructions() {
    assertThatThrownBy(() -> PromptTemplate.of("## Task: {task}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{instructions}");
  }
}
