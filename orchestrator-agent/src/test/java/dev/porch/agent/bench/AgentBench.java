package dev.porch.agent.bench;

import dev.porch.agent.AgentProcesses;
import dev.porch.agent.SandboxNeeds;
import dev.porch.agent.Sandboxes;
import dev.porch.agent.testing.FakeAgent;
import dev.porch.core.TaskName;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.SandboxPolicy;
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
    sandbox(out);
  }

  /**
   * The sandbox's cost per launch (issue 19): the same trivial agent in git worktrees, launched plain,
   * under {@code --sandbox worktree} and under {@code strict}, interleaved. Measured: launch() to
   * handle, launch() called to the agent's wall-clock stamp (what the agent waits before it runs:
   * process start, bwrap's namespaces and binds, the agent's own start), and the agent's stamp to its
   * outcome (the sandbox adds carrying the branch and report out and removing the cell).
   */
  private static void sandbox(PrintStream out) throws Exception {
    Sandboxes.Availability a = Sandboxes.availability();
    if (!a.available()) {
      out.println("orchestrator-agent sandbox bench: skipped, " + a.detail());
      return;
    }
    Path root = Files.createTempDirectory("porch-sandbox-bench");
    git(root, "init", "-q", "-b", "main");
    git(root, "commit", "-q", "--allow-empty", "-m", "initial");
    for (String other : List.of("one", "two", "three")) { // the other agents of a competitive run of 4
      git(root, "worktree", "add", "-q", "-b", "feature/" + other, root.resolve(".worktrees").resolve(other).toString());
    }
    // a native agent (sh and date, Linux only like bwrap), so that a JVM's ~250 ms start-up under
    // load does not drown the sandbox's milliseconds: it writes the wall-clock microseconds and exits
    List<String> command = List.of("/bin/sh", "-c", "date +%s%6N > bench.stamp");
    SandboxPolicy[] policies = {SandboxPolicy.OFF, SandboxPolicy.WORKTREE, SandboxPolicy.STRICT, SandboxPolicy.STRICT};
    // the last: strict with a network allow-list, so the proxy outside and the bridge JVM inside start too
    SandboxNeeds[] needs = {SandboxNeeds.NONE, SandboxNeeds.NONE, SandboxNeeds.NONE,
        new SandboxNeeds(List.of(), List.of("127.0.0.1:9"), List.of())};
    String[] names = {"off", "worktree", "strict", "strict+net"};
    List<List<Double>> launch = new ArrayList<>();
    List<List<Double>> toStamp = new ArrayList<>();
    List<List<Double>> toOutcome = new ArrayList<>();
    for (int k = 0; k < policies.length; k++) {
      launch.add(new ArrayList<>());
      toStamp.add(new ArrayList<>());
      toOutcome.add(new ArrayList<>());
    }
    try (AgentProcesses agents = AgentProcesses.builder(root).gracePeriod(Duration.ofSeconds(1))
        .customCommand(command).build()) {
      for (int i = 0; i < WARMUP + RUNS; i++) {
        for (int k = 0; k < policies.length; k++) {
          SandboxNeeds need = needs[k];
          AgentLauncher launcher = Sandboxes.wrap(agents, policies[k], n -> need);
          TaskName task = TaskName.of("sb-" + names[k].replace("+", "-") + "-" + i);
          Path ws = root.resolve(".worktrees").resolve(task.value());
          git(root, "worktree", "add", "-q", "-b", "feature/" + task, ws.toString(), "main");
          AgentRequest request = AgentRequest.builder().task(task).agent("custom").instructions("exit")
              .workspace(new Workspace(task, ws, ".worktrees/" + task, "feature/" + task, "main", "0".repeat(40),
                  OptionalInt.empty()))
              .statusFile(root.resolve(".agent-status").resolve(task.value() + ".json"))
              .build();
          long w0 = micros();
          long t0 = System.nanoTime();
          AgentHandle h = launcher.launch(request);
          long t1 = System.nanoTime();
          long doneAt = h.outcome().thenApply(o -> micros()).get(60, TimeUnit.SECONDS);
          if (!h.outcome().join().succeeded()) {
            throw new IllegalStateException("sandbox bench agent failed: " + h.outcome().join());
          }
          long stamp = Long.parseLong(Files.readString(ws.resolve("bench.stamp")).trim());
          // a run has a handful of branches, not hundreds: remove this one (outside the measurement)
          git(root, "worktree", "remove", "--force", ws.toString());
          git(root, "branch", "-D", "-q", "feature/" + task);
          if (i >= WARMUP) {
            launch.get(k).add((t1 - t0) / 1e6);
            toStamp.get(k).add((stamp - w0) / 1e3);
            toOutcome.get(k).add((doneAt - stamp) / 1e3);
          }
        }
      }
    }
    out.printf("orchestrator-agent sandbox bench: %d launches per policy in git worktrees (after %d warm-up), %s%n",
        RUNS, WARMUP, a.detail());
    for (int k = 0; k < policies.length; k++) {
      out.printf("  %-10s launch() %6.2f ms   launch -> agent running %7.2f ms   agent exit -> outcome %6.2f ms"
          + "   (medians)%n", names[k], median(launch.get(k)), median(toStamp.get(k)), median(toOutcome.get(k)));
    }
    for (int k = 1; k < policies.length; k++) {
      double over = median(toStamp.get(k)) - median(toStamp.get(0)) + median(toOutcome.get(k)) - median(toOutcome.get(0));
      out.printf("  sandbox overhead per launch, %-10s %+6.2f ms (start and end together, median against off; goal < 20 ms"
          + "%s)%n", names[k], over, k == 3 ? " for the sandbox; the bridge is a JVM start on top" : "");
    }
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=bench", "-c", "user.email=bench@porch.test"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
    }
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
