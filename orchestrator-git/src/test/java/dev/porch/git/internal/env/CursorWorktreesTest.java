package dev.porch.git.internal.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.WorkspaceException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Cursor's .cursor/worktrees.json: which commands, and what a broken file says. */
class CursorWorktreesTest {
  @TempDir Path root;

  private Path tree() throws Exception {
    return Files.createDirectories(root.resolve(".worktrees").resolve("t"));
  }

  private Path write(Path dir, String json) throws Exception {
    return Files.writeString(Files.createDirectories(dir.resolve(".cursor")).resolve("worktrees.json"), json);
  }

  @Test
  void noFile_noCommands() throws Exception {
    assertThat(CursorWorktrees.commands(tree(), root, false)).isEmpty();
  }

  @Test
  void platformKeyWinsOverTheCommonOne_andOnlyStringsAreCommands() throws Exception {
    write(root, "{\"setup-worktree\": [\"common\"], \"setup-worktree-unix\": [\"npm ci\", 3, null, \"make\"],"
        + " \"setup-worktree-windows\": null, \"other\": {\"x\": [1, 2.5e3, true, \"\\u00e9\\n\"]}}");
    assertThat(CursorWorktrees.commands(tree(), root, false)).containsExactly("npm ci", "make");
    assertThat(CursorWorktrees.commands(tree(), root, true)).containsExactly("common");
  }

  @Test
  void aStringIsAScriptPath_andTheWorktreesCopyWins() throws Exception {
    write(root, "{\"setup-worktree\": \"from-root.sh\"}");
    Path tree = tree();
    assertThat(CursorWorktrees.commands(tree, root, false)).containsExactly("from-root.sh");
    write(tree, "{\"setup-worktree\": \"scripts/setup.sh\"}");
    assertThat(CursorWorktrees.commands(tree, root, false)).containsExactly("scripts/setup.sh");
  }

  @Test
  void aValueThatIsNeitherStringNorArray_namesNoCommand() throws Exception {
    write(root, "{\"setup-worktree\": {\"npm\": \"ci\"}}");
    assertThat(CursorWorktrees.commands(tree(), root, false)).isEmpty();
  }

  @Test
  void malformedJson_namesFileLineColumnAndTheFix() throws Exception {
    Path file = write(root, "{\n  \"setup-worktree\": [\"npm ci\",]\n}\n");
    assertThatThrownBy(() -> CursorWorktrees.commands(tree(), root, false))
        .isInstanceOf(WorkspaceException.class)
        .hasMessageContaining(file + " is not valid JSON at line 2, column")
        .hasMessageContaining("fix the file (or remove it)");
  }

  @Test
  void textAfterTheObject_isRefused() throws Exception {
    write(root, "{\"setup-worktree\": []} trailing");
    assertThatThrownBy(() -> CursorWorktrees.commands(tree(), root, false))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("is not valid JSON at line 1, column");
  }

  @Test
  void unterminatedOrEmpty_isRefused() throws Exception {
    write(root, "{\"setup-worktree\": [\"npm ci");
    assertThatThrownBy(() -> CursorWorktrees.commands(tree(), root, false))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("is not valid JSON");
    write(root, "");
    assertThatThrownBy(() -> CursorWorktrees.commands(tree(), root, false))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("must hold a JSON object");
  }

  @Test
  void anArrayAtTheTop_isNotAnObject() throws Exception {
    write(root, "[\"npm ci\"]");
    assertThatThrownBy(() -> CursorWorktrees.commands(tree(), root, false))
        .isInstanceOf(WorkspaceException.class).hasMessageContaining("must hold a JSON object");
  }
}
