package dev.porch.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code porch init --agent-files}: the files that let an orchestrating agent use porch, in the
 * places and shapes its tool documents (sources in {@code docs/mcp.md}). A user's own file is never
 * overwritten: an existing file is left as it is and named, except {@code AGENTS.md}, which gets
 * porch's section appended once (marked, so a second run adds nothing).
 */
public final class AgentFiles {
  /** Marks porch's section in {@code AGENTS.md}. */
  public static final String AGENTS_MARKER = "<!-- porch:agents -->";

  /** A file porch writes: where, and from which template. */
  public record File(String path, String template, String purpose) {}

  /** Every file, in the order they are written. */
  public static final List<File> FILES = List.of(
      new File(".claude/skills/parallel-orchestration/SKILL.md", "SKILL.md", "Claude Code skill"),
      new File(".mcp.json", "claude-mcp.json", "Claude Code MCP server (project scope)"),
      new File(".codex/config.toml", "codex-config.toml", "Codex MCP server (trusted project)"),
      new File(".cursor/mcp.json", "cursor-mcp.json", "Cursor MCP server (project)"),
      new File("AGENTS.md", "AGENTS-section.md", "instructions for agents in a worktree"));

  /** What happened to one file. */
  public record Outcome(File file, Result result) {}

  /** Written anew, appended to, or left alone. */
  public enum Result { WRITTEN, APPENDED, LEFT }

  private AgentFiles() {}

  /** The text of a file's template. */
  public static String template(File f) {
    try (InputStream in = AgentFiles.class.getResourceAsStream("/dev/porch/cli/agentfiles/" + f.template())) {
      if (in == null) {
        throw new IllegalStateException("porch.jar lacks the template " + f.template());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes every file under {@code root} that is not there yet.
   *
   * @return one outcome per file
   * @throws UncheckedIOException if a file cannot be written
   */
  public static List<Outcome> write(Path root) {
    List<Outcome> out = new ArrayList<>();
    for (File f : FILES) {
      out.add(new Outcome(f, write(root, f)));
    }
    return out;
  }

  private static Result write(Path root, File f) {
    Path target = root.resolve(f.path());
    String text = template(f);
    try {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        if (!f.path().equals("AGENTS.md") || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
          return Result.LEFT;
        }
        String existing = Files.readString(target, StandardCharsets.UTF_8);
        if (existing.contains(AGENTS_MARKER)) {
          return Result.LEFT;
        }
        String sep = existing.isEmpty() || existing.endsWith("\n\n") ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
        Files.writeString(target, sep + text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return Result.APPENDED;
      }
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".porch-", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        // a move that will not replace: a file that appeared meanwhile is the user's
        Files.move(tmp, target);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        Files.deleteIfExists(tmp);
        return Result.LEFT;
      }
      return Result.WRITTEN;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + f.path() + ": " + e.getMessage(), e);
    }
  }
}
