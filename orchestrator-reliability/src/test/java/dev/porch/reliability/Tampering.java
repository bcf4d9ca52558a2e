package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The catalogue of hostile status files. Each case is planted for one task: on a task that has a
 * real porch worktree ({@link Case#onWorktree}) or on a task of the same feature that has none.
 */
final class Tampering {
  /** Commands whose output must name a refused file (status shows every unreadable file). */
  static final Set<String> STATUS = Set.of("status", "status --json");
  /** Commands that must name a status whose branch is not the task's own. */
  static final Set<String> SYNC = Set.of("sync --merge --dry-run", "sync --merge");

  private Tampering() {}

  /** Plants a case for {@code task} and returns the text a warning about it must contain. */
  @FunctionalInterface
  interface Plant {
    String plant(HostileRepo repo, String task);
  }

  /**
   * One hostile input.
   *
   * @param name what it is, for reports
   * @param onWorktree whether it goes on a task that has a real worktree
   * @param namedBy the commands whose output must name it (empty: porch may accept it silently)
   * @param plant plants it (again before every command, in case a command replaced it)
   */
  record Case(String name, boolean onWorktree, Set<String> namedBy, Plant plant) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> all() {
    List<Case> c = new ArrayList<>();
    c.add(field("task ../../x", "task", t -> "../../x"));
    c.add(field("task /etc", "task", t -> "/etc"));
    c.add(field("task with a NUL", "task", t -> t + "\0"));
    c.add(field("worktree ../../x", "worktree", t -> "../../x"));
    c.add(field("worktree .worktrees/../../x", "worktree", t -> ".worktrees/../../x"));
    c.add(field("worktree .worktrees/<task>/../../../x", "worktree", t -> ".worktrees/" + t + "/../../../x"));
    c.add(field("worktree /etc", "worktree", t -> "/etc"));
    c.add(new Case("worktree: absolute path of the canary", true, STATUS,
        (r, t) -> write(r.status(t + ".json"), status(t, "worktree", r.tmp.resolve("canary").toString()))));
    // accepted and normalised to .worktrees/<task>: agents get PORCH_WORKTREE as an absolute path
    // and may write it back (KillTest found it refused); nothing outside may change all the same
    c.add(new Case("worktree: absolute path of its own folder", true, Set.of(),
        (r, t) -> write(r.status(t + ".json"), status(t, "worktree", r.root.resolve(".worktrees/" + t).toString()))));
    c.add(field("worktree C:\\Windows", "worktree", t -> "C:\\Windows"));
    c.add(field("worktree drive-relative C:x", "worktree", t -> "C:x"));
    c.add(field("worktree UNC \\\\server\\share", "worktree", t -> "\\\\server\\share\\x"));
    c.add(field("worktree UNC //server/share", "worktree", t -> "//server/share/x"));
    c.add(field("worktree \\\\?\\C:\\ (Win32 device path)", "worktree", t -> "\\\\?\\C:\\x"));
    c.add(field("worktree another task's folder", "worktree", t -> ".worktrees/" + HostileRepo.DIRTY));
    c.add(field("worktree .worktrees itself", "worktree", t -> ".worktrees"));
    c.add(field("worktree mixed separators", "worktree", t -> ".worktrees/\\" + t));
    c.add(field("branch ../../x", "branch", t -> "../../x"));
    c.add(field("branch -rf", "branch", t -> "-rf"));
    c.add(field("branch @{-1}", "branch", t -> "@{-1}"));
    c.add(field("branch with a space and ;", "branch", t -> "x; rm -rf ~"));
    c.add(field("branch x.lock", "branch", t -> "feature/x.lock"));
    c.add(foreignBranch("branch: a user's branch", "user/keep"));
    c.add(foreignBranch("branch: main", "main"));
    c.add(foreignBranch("branch: refs/heads/user/keep", "refs/heads/user/keep"));
    c.add(new Case("50 MB file", true, STATUS, (r, t) -> huge(r.status(t + ".json"), t, 50)));
    c.add(rawOnWorktree("100k nested [", t -> "[".repeat(100_000)));
    c.add(raw("100k nested objects", t -> "{\"a\":".repeat(100_000)));
    c.add(rawOnWorktree("wrong types", t -> "{\"task\": 7, \"status\": [\"COMPLETE\"], \"started\": true,"
        + " \"files_changed\": {\"a\": 1}, \"branch\": {}, \"worktree\": 3.5, \"pid\": \"abc\", \"tests\": \"x\"}"));
    c.add(raw("wrong type in one optional field", t -> status(t).replace("\"summary\"", "\"attempt\": \"two\", \"summary\"")));
    c.add(raw("huge numbers", t -> status(t).replace("\"summary\"",
        "\"pid\": 1e999999, \"attempt\": 99999999999999999999999, \"summary\"")));
    c.add(raw("duplicate key", t -> status(t).replace("\"summary\"", "\"task\": \"" + HostileRepo.DIRTY + "\", \"summary\"")));
    c.add(raw("top-level array", t -> "[" + status(t) + "]"));
    c.add(raw("content after the object", t -> status(t) + "{}"));
    c.add(raw("NUL bytes", t -> "\0\0\0{\0}"));
    c.add(rawOnWorktree("empty file", t -> ""));
    c.add(raw("only whitespace", t -> " \n\t\r\n"));
    c.add(new Case("invalid UTF-8 (read as Windows-1252)", true, Set.of(),
        (r, t) -> write(r.status(t + ".json"), notUtf8(status(t)))));
    c.add(new Case("UTF-8 BOM", true, Set.of(), (r, t) -> write(r.status(t + ".json"), "\uFEFF" + status(t))));
    c.add(new Case("file name is not its task", false, STATUS, (r, t) -> {
      write(r.status(t + ".json"), status(HostileRepo.DIRTY));
      return t + ".json";
    }));
    c.add(new Case("upper-case file name", false, STATUS, (r, t) -> {
      String upper = t.toUpperCase(java.util.Locale.ROOT);
      write(r.status(upper + ".json"), status(upper));
      return upper + ".json";
    }));
    c.add(new Case("escape sequences in the file name", false, STATUS, (r, t) -> {
      write(r.status(t + "\u001b]0;pwned\u0007\u001b[2J.json"), status(t));
      return t + "\\u001b]0;pwned"; // named, with the escape made visible
    }));
    c.add(new Case("symlink .worktrees/<task> -> outside", false, STATUS, (r, t) -> {
      link(r.root.resolve(".worktrees/" + t), r.tmp.resolve("canary"));
      write(r.status(t + ".json"), status(t));
      return t + ".json";
    }));
    c.add(new Case("status file is a symlink to a file outside", false, STATUS, (r, t) -> {
      Path outside = r.tmp.resolve("canary/" + t + ".json");
      if (!Files.exists(outside)) {
        write(outside, status(t).replace("COMPLETE", "RUNNING").replace("\"summary\"", "\"pid\": 999999999, \"summary\""));
      }
      link(r.status(t + ".json"), outside);
      return t + ".json";
    }));
    c.add(new Case("a folder named <task>.json", false, STATUS, (r, t) -> {
      mkdirs(r.status(t + ".json"));
      return t + ".json";
    }));
    c.add(new Case("a FIFO named <task>.json", false, STATUS, (r, t) -> {
      fifo(r.status(t + ".json"));
      return t + ".json";
    }));
    return c;
  }

  // --- building cases

  private static Case field(String name, String field, java.util.function.UnaryOperator<String> value) {
    return new Case(name, true, STATUS, (r, t) -> {
      write(r.status(t + ".json"), status(t, field, value.apply(t)));
      return t + ".json";
    });
  }

  /** Unparseable content: on a task without a worktree (cheaper), except the few {@link #rawOnWorktree}. */
  private static Case raw(String name, java.util.function.UnaryOperator<String> text) {
    return raw(name, false, text);
  }

  /** Unparseable content in the status of a task that has a real worktree. */
  private static Case rawOnWorktree(String name, java.util.function.UnaryOperator<String> text) {
    return raw(name, true, text);
  }

  private static Case raw(String name, boolean onWorktree, java.util.function.UnaryOperator<String> text) {
    return new Case(name, onWorktree, STATUS, (r, t) -> {
      write(r.status(t + ".json"), text.apply(t));
      return t + ".json";
    });
  }

  /** A status porch reads fine whose branch is not the task's own: sync must refuse it and name it. */
  private static Case foreignBranch(String name, String branch) {
    return new Case(name, true, SYNC, (r, t) -> {
      write(r.status(t + ".json"), status(t, "branch", branch));
      return t + ".json";
    });
  }

  /** A valid COMPLETE status for {@code task}. */
  static String status(String task) {
    return status(task, null, null);
  }

  /** A valid COMPLETE status for {@code task} with one field's string value replaced. */
  static String status(String task, String field, String value) {
    StringBuilder b = new StringBuilder("{\n");
    String[][] fields = {
      {"task", task}, {"status", "COMPLETE"}, {"started", "2026-01-30T10:00:00Z"},
      {"completed", "2026-01-30T10:30:00Z"}, {"summary", "s"}, {"files_changed", null},
      {"branch", "feature/" + task}, {"worktree", ".worktrees/" + task}};
    for (String[] f : fields) {
      String v = f[0].equals(field) ? value : f[1];
      b.append("  \"").append(f[0]).append("\": ").append(f[1] == null ? "[]" : quote(v)).append(",\n");
    }
    b.setLength(b.length() - 2);
    return b.append("\n}\n").toString();
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        b.append('\\').append(ch);
      } else if (ch < 0x20) {
        b.append(String.format("\\u%04x", (int) ch));
      } else {
        b.append(ch);
      }
    }
    return b.append('"').toString();
  }

  /** The status with one byte of its summary replaced by 0xff, which is never UTF-8. */
  private static byte[] notUtf8(String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    b[json.indexOf("\"summary\": \"s\"") + "\"summary\": \"".length()] = (byte) 0xff;
    return b;
  }

  // --- files

  static String write(Path file, String text) {
    return write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  static String write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      if (!Files.isSymbolicLink(file) && !Files.isDirectory(file)) {
        Files.write(file, bytes);
      }
      return file.getFileName().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void link(Path link, Path target) {
    try {
      Files.createDirectories(link.getParent());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String huge(Path file, String task, int megabytes) {
    try {
      if (Files.exists(file) && Files.size(file) > megabytes * 1_000_000L) {
        return file.getFileName().toString();
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(("{\"task\": \"" + task + "\", \"summary\": \"").getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < megabytes; i++) {
          out.write(chunk);
        }
        out.write("\"}\n".getBytes(StandardCharsets.US_ASCII));
      }
      return file.getFileName().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void fifo(Path file) {
    if (Files.exists(file)) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
      assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("mkfifo").isTrue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
