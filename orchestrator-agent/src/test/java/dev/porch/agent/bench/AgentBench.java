package dev.porch.agent.bench;

import dev.porch.agent.AgentProcesses;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.core.TaskName;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.Workspace;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Launcher overhead per agent: (1) launch() called to handle returned, (2) agent process exit to
 * outcome completed. Each porch launch is interleaved with a bare {@code ProcessBuilder.start()} of
 * the same command, so both see the same machine load. The agent is the fake agent with {@code
 * --exit-stamp}: it writes the wall-clock time and halts at once.
 *
 * <p>Run: {@code mvn -B -ntp -q -pl orchestrator-agent -am -Pbench verify -DskipTests}
 */
public final class AgentBench {
  private static final int WARMUP = 5;
  private static final int RUNS = 30;

  private AgentBench() {}

  /**
   * Runs the benchmark and prints medians.
   *
   * @param args ignored
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    Path root = Files.createTempDirectory("porch-agent-bench");
    Path stamps = Files.createDirectories(root.resolve("stamps"));
    List<Double> launch = new ArrayList<>();
    List<Double> exitToOutcome = new ArrayList<>();
    List<Double> bareStart = new ArrayList<>();
    List<Double> bareExit = new ArrayList<>();
    try (AgentProcesses agents = AgentProcesses.builder(root).gracePeriod(Duration.ofSeconds(1))
        .customCommand(FakeAgent.command("--exit-stamp", stamps.resolve("{task}.stamp").toString())).build()) {
      for (int i = 0; i < WARMUP + RUNS; i++) {
        boolean measured = i >= WARMUP;
        TaskName task = TaskName.of("bench-" + i);
        Path ws = Files.createDirectories(root.resolve(".worktrees").resolve(task.value()));
        AgentRequest request = AgentRequest.builder().task(task).agent("custom").instructions("exit")
            .workspace(new Workspace(task, ws, ".worktrees/" + task, "feature/" + task, "main", "0".repeat(40), OptionalInt.empty()))
            .build();

        long t0 = System.nanoTime();
        AgentHandle h = agents.launch(request);
        long t1 = System.nanoTime();
        CompletableFuture<Long> done = h.outcome().thenApply(o -> micros());
        long doneAt = done.get(60, TimeUnit.SECONDS);
        if (!h.outcome().join().succeeded()) {
          throw new IllegalStateException("bench agent failed: " + h.outcome().join());
        }
        long stamp = Long.parseLong(Files.readString(stamps.resolve(task.value() + ".stamp")).trim());

        Path bareStamp = stamps.resolve("bare-" + i + ".stamp");
        long b0 = System.nanoTime();
        Process p = new ProcessBuilder(FakeAgent.command("--exit-stamp", bareStamp.toString()))
            .directory(ws.toFile()).redirectErrorStream(true).start();
        long b1 = System.nanoTime();
        p.getOutputStream().close();
        long bareDone = p.onExit().thenApply(x -> micros()).get(60, TimeUnit.SECONDS);
        long bareStampAt = Long.parseLong(Files.readString(bareStamp).trim());

        if (measured) {
          launch.add((t1 - t0) / 1e6);
          exitToOutcome.add((doneAt - stamp) / 1e3);
          bareStart.add((b1 - b0) / 1e6);
          bareExit.add((bareDone - bareStampAt) / 1e3);
        }
      }
    }
    out.printf("orchestrator-agent bench: %d launches of a trivial fake agent (after %d warm-up), %d cores%n",
        RUNS, WARMUP, Runtime.getRuntime().availableProcessors());
    out.printf("  launch() -> handle returned      median %6.2f ms  p90 %6.2f ms   (bare ProcessBuilder.start: median %6.2f ms)%n",
        median(launch), p90(launch), median(bareStart));
    out.printf("  agent exit -> outcome completed  median %6.2f ms  p90 %6.2f ms   (bare Process.onExit: median %6.2f ms)%n",
        median(exitToOutcome), p90(exitToOutcome), median(bareExit));
    out.println("  (exit times are measured from the agent's last wall-clock stamp before it halts, so they include"
        + " the agent JVM's own halt)");
  }

  private static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private static double median(List<Double> xs) {
    return pct(xs, 0.5);
  }

  private static double p90(List<Double> xs) {
    return pct(xs, 0.9);
  }

  private static double pct(List<Double> xs, double q) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get((int) Math.min(s.size() - 1, Math.round(q * (s.size() - 1))));
  }
}
