package dev.porch.realcli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of the real codex binary (not through porch): its exit code, its {@code --json} stdout
 * parsed line by line, its stderr and how long it took. Standard input is /dev/null, as porch
 * gives it (codex reads standard input when it is not a terminal).
 *
 * @param run the process's result (stdout: JSON lines with {@code --json})
 */
record CodexRun(CliRun run) {
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
    return new CodexRun(CliRun.run(cwd, env, limit, cmd));
  }

  int code() {
    return run.code();
  }

  String out() {
    return run.out();
  }

  String err() {
    return run.err();
  }

  double seconds() {
    return run.took().toMillis() / 1000.0;
  }

  /** The stdout lines parsed as JSON (non-JSON lines are skipped). */
  List<JsonNode> events() {
    return run.events();
  }

  /** The events of {@code type}. */
  List<JsonNode> events(String type) {
    return run.events(type);
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
    Files.writeString(dir.resolve(name + ".jsonl"), run.out(), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return run.toString();
  }
}
