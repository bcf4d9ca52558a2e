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
import java.util.Optional;

/**
 * Cursor's {@code .cursor/worktrees.json}: the worktree's copy, else the main worktree's. Its setup
 * commands are {@code setup-worktree-unix} / {@code setup-worktree-windows}, else {@code
 * setup-worktree}: an array of command lines, or one string (a script path, relative to the JSON
 * file). Strict JSON, as Cursor reads it (no comments, nothing after the object).
 */
final class CursorWorktrees {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private CursorWorktrees() {}

  /**
   * What a {@code worktrees.json} names for this platform.
   *
   * @param key the key used ({@code setup-worktree-unix}, {@code setup-worktree-windows} or {@code
   *     setup-worktree}); empty when none is set
   * @param commands command lines, run in order in the worktree
   * @param script a script path relative to the JSON file, when the key's value is a string
   */
  record Setup(String key, List<String> commands, Optional<String> script) {}

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
    Setup s = read(file, Files.readString(file, StandardCharsets.UTF_8), windows);
    return s.script().map(List::of).orElse(s.commands());
  }

  /**
   * Reads one file's text: the platform's key wins over {@code setup-worktree}.
   *
   * @throws WorkspaceException if the text is not a JSON object, naming the file, line and column
   */
  static Setup read(Path file, String text, boolean windows) {
    JsonNode doc = parse(file, text);
    if (!doc.isObject()) {
      throw new WorkspaceException(file + " must hold a JSON object, e.g. {\"setup-worktree\": [\"npm ci\"]}");
    }
    String key = windows ? "setup-worktree-windows" : "setup-worktree-unix";
    JsonNode v = doc.get(key);
    if (v == null || v.isNull()) {
      key = "setup-worktree";
      v = doc.get(key);
    }
    if (v == null || v.isNull()) {
      return new Setup("", List.of(), Optional.empty());
    }
    if (v.isTextual()) {
      return new Setup(key, List.of(), Optional.of(v.textValue())); // a script path
    }
    List<String> out = new ArrayList<>();
    if (v.isArray()) { // anything else (a number, an object) names no command
      for (JsonNode o : v) {
        if (o.isTextual()) {
          out.add(o.textValue());
        }
      }
    }
    return new Setup(key, out, Optional.empty());
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
