package dev.porch.realcli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the real codex binary (not through porch): its exit code, its {@code --json} stdout
 * parsed line by line, its stderr and how long it took. Standard input is /dev/null, as porch
 * gives it (codex reads standard input when it is not a terminal).
 *
 * @param code the exit code
 * @param out stdout (JSON lines with {@code --json})
 * @param err stderr
 * @param seconds wall time until exit
 */
record CodexRun(int code, String out, String err, double seconds) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The flags porch's codex profile runs with (see /work/findings/codex.md). */
  static final List<String> HEADLESS =
      List.of("--json", "--dangerously-bypass-approvals-and-sandbox", "-c", "allow_login_shell=false");

  /**
   * Runs {@code codex args...} in {@code cwd} with exactly {@code env}, optionally as {@code user}
   * (through setpriv; {@code user:group}).
   */
  static CodexRun run(Path cwd, Map<String, String> env, String userGroup, Duration limit, List<String> args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (userGroup != null) {
      String[] ug = userGroup.split(":");
      cmd.addAll(List.of("setpriv", "--reuid=" + ug[0], "--regid=" + ug[1], "--init-groups"));
    }
    cmd.add(RealClis.bin("codex").toString());
    cmd.addAll(args);
    Path out = Files.createTempFile("codex-out", ".jsonl");
    Path err = Files.createTempFile("codex-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
      pb.environment().clear();
      pb.environment().putAll(env);
      pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(Path.of("/dev/null").toFile());
      long start = System.nanoTime();
      Process p = pb.start();
      boolean ended = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (!ended) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("codex " + args + " did not end in " + limit + "\n--- stdout\n"
            + Files.readString(out) + "\n--- stderr\n" + Files.readString(err));
      }
      return new CodexRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8), seconds);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The stdout lines parsed as JSON (non-JSON lines are skipped). */
  List<JsonNode> events() {
    List<JsonNode> list = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("{")) {
        try {
          list.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new UncheckedIOException("not JSON: " + line, e);
        }
      }
    }
    return list;
  }

  /** The events of {@code type}. */
  List<JsonNode> events(String type) {
    return events().stream().filter(e -> type.equals(e.path("type").asText())).toList();
  }

  /** The completed items of {@code itemType} ({@code agent_message}, {@code command_execution}, ...). */
  List<JsonNode> items(String itemType) {
    return events("item.completed").stream().map(e -> e.path("item"))
        .filter(i -> itemType.equals(i.path("type").asText())).toList();
  }

  /** The session (thread) id from {@code thread.started}, or "". */
  String threadId() {
    return events("thread.started").stream().map(e -> e.path("thread_id").asText()).findFirst().orElse("");
  }

  /** Saves stdout as a stream fixture {@code dir/name.jsonl}. */
  void save(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name + ".jsonl"), out, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "exit " + code + " after " + String.format("%.1f", seconds) + "s\n--- stdout\n" + out + "\n--- stderr\n" + err;
  }
}
