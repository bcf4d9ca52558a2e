package dev.porch.git.internal.env;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.porch.core.error.WorkspaceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cursor's {@code .cursor/worktrees.json}: the worktree's copy, else the main worktree's. Its setup
 * commands are {@code setup-worktree-unix} / {@code setup-worktree-windows}, else {@code
 * setup-worktree}: an array of command lines, or one string (a script path). Strict JSON, as
 * Cursor reads it (no comments, nothing after the object).
 */
final class CursorWorktrees {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private CursorWorktrees() {}

  /**
   * The setup command lines for a new worktree, empty when there is no file or it names none.
   *
   * @throws WorkspaceException if the file is not a JSON object, naming the file, line and column
   */
  static List<String> commands(Path worktree, Path root, boolean windows) throws IOException {
    Path file = worktree.resolve(".cursor").resolve("worktrees.json");
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      file = root.resolve(".cursor").resolve("worktrees.json");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    JsonNode doc = parse(file, Files.readString(file, StandardCharsets.UTF_8));
    if (!doc.isObject()) {
      throw new WorkspaceException(file + " must hold a JSON object, e.g. {\"setup-worktree\": [\"npm ci\"]}");
    }
    JsonNode v = doc.get(windows ? "setup-worktree-windows" : "setup-worktree-unix");
    if (v == null || v.isNull()) {
      v = doc.get("setup-worktree");
    }
    if (v == null) {
      return List.of();
    }
    if (v.isTextual()) {
      return List.of(v.textValue()); // a script path
    }
    List<String> out = new ArrayList<>();
    if (v.isArray()) { // anything else (a number, an object) names no command
      for (JsonNode o : v) {
        if (o.isTextual()) {
          out.add(o.textValue());
        }
      }
    }
    return out;
  }

  /** The document, or an error naming the file, where it went wrong and what to do. */
  static JsonNode parse(Path file, String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new WorkspaceException(file + " is not valid JSON" + where + ": " + e.getOriginalMessage()
          + "; fix the file (or remove it) and run the setup again");
    }
  }
}
