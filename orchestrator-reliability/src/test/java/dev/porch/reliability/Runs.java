package dev.porch.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.cli.Porch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs porch in this JVM or in its own, with gated fake agents, for the fault tests. */
final class Runs {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final ObjectMapper JSON = new ObjectMapper();

  private Runs() {}

  /** What an in-process porch printed and returned. */
  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n" + out + "\n" + err;
    }
  }

  static Run porch(Path cwd, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Porch.run(args, new PrintWriter(out), new PrintWriter(err), new HashMap<>(env), cwd);
    return new Run(code, out.toString(), err.toString());
  }

  /** porch in its own JVM (so it can be killed), its output in {@code log}. */
  static Process start(Path cwd, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-cp", System.getProperty("java.class.path"), Porch.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * Writes {@code .porch.json}: agent "fake" commits work.txt, arrives at gate "agents" and waits
   * for it, then reports COMPLETE; the test command waits at gate "eval"; with {@code gateSetup},
   * the setup command waits at gate "setup".
   */
  static void configureGated(Path repo, Path gates, boolean gateSetup) throws IOException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("agent", "fake");
    config.put("agents", Map.of("fake", Map.of("command", FakeAgent.command(
        "--write", "work.txt", "agent work\n", "--commit", "agent work",
        "--arrive", gates.resolve("agents").toString(), "--await", gates.resolve("agents.go").toString(),
        "--status", "COMPLETE", "did the work"))));
    config.put("test", FakeAgent.command(
        "--arrive", gates.resolve("eval").toString(), "--await", gates.resolve("eval.go").toString()));
    if (gateSetup) {
      config.put("setup", FakeAgent.command(
          "--arrive", gates.resolve("setup").toString(), "--await", gates.resolve("setup.go").toString()));
    }
    Files.writeString(repo.resolve(".porch.json"), JSON.writeValueAsString(config));
  }

  static void go(Path gates, String gate) throws IOException {
    Files.writeString(gates.resolve(gate + ".go"), "");
  }

  /** Waits until {@code n} processes arrived at {@code gate}, failing early if {@code porch} ends instead. */
  static void awaitArrivals(Path gates, String gate, int n, Process porch, Path log) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    Path dir = gates.resolve(gate);
    while (count(dir) < n) {
      if (!porch.isAlive()) {
        throw new AssertionError("porch ended (exit " + porch.exitValue() + ") before " + n + " arrived at " + gate
            + ":\n" + Files.readString(log));
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("no " + n + " arrivals at " + gate + " within " + WAIT);
      }
      porch.waitFor(20, TimeUnit.MILLISECONDS);
    }
  }

  private static long count(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java").toString();
  }

  static boolean isWindows() {
    return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win");
  }
}
