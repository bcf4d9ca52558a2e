package dev.porch.realcli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a real agent CLI as a process with exactly the environment given, standard input
 * from /dev/null, bounded by a limit: what it printed, its exit code and how long it took.
 *
 * @param code the exit code
 * @param out standard output
 * @param err standard error
 * @param took wall time until exit
 */
public record CliRun(int code, String out, String err, Duration took) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Runs {@code command} in {@code cwd}.
   *
   * @throws AssertionError when it does not end within {@code limit} (it is killed, with its children)
   */
  public static CliRun run(Path cwd, Map<String, String> env, Duration limit, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("cli-out", ".txt");
    Path err = Files.createTempFile("cli-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
      pb.environment().clear();
      pb.environment().putAll(env);
      pb.redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      long start = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(command + " did not end in " + limit + "\n--- stdout\n"
            + Files.readString(out, StandardCharsets.UTF_8) + "\n--- stderr\n" + Files.readString(err, StandardCharsets.UTF_8));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      return new CliRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8), took);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The lines of standard output that are JSON objects, parsed (a machine-readable stream). */
  public List<JsonNode> events() {
    List<JsonNode> list = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("{")) {
        try {
          list.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new AssertionError("not JSON: " + line, e);
        }
      }
    }
    return list;
  }

  /** The events whose {@code type} is {@code type}. */
  public List<JsonNode> events(String type) {
    return events().stream().filter(e -> type.equals(e.path("type").asText())).toList();
  }

  /** Keeps standard output as {@code target/real-cli-streams/<cli>/<name>.jsonl}, for fixtures. */
  public CliRun keep(String cli, String name) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "real-cli-streams", cli));
    Files.writeString(dir.resolve(name + ".jsonl"), out, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(name + ".stderr.txt"), err, StandardCharsets.UTF_8);
    return this;
  }

  @Override
  public String toString() {
    return "exit " + code + " after " + took.toMillis() + " ms\n--- stdout\n" + out + "\n--- stderr\n" + err;
  }
}
