package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.agent.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two porch processes on one repository: the repository lock makes the second wait, then fail
 * with a message naming the holder; a lock left by a killed porch is taken over at once; two
 * spawns started together both succeed, one after the other, with nothing mixed up.
 */
class ConcurrencyTest {
  @TempDir Path tmp;
  private GitRepo repo;
  private Path gates;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepo.init(tmp.resolve("repo"));
    gates = Files.createDirectories(tmp.resolve("gates"));
    Runs.configureGated(repo.root(), gates, false);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (String g : List.of("agents", "eval")) {
      Runs.go(gates, g);
    }
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void aSecondPorchWaitsForTheLockThenFailsClearly_aKilledHolderIsTakenOver() throws Exception {
    Process holder = start("compete", "comp", "--agents", "2", "--prompt", "x");
    Runs.awaitArrivals(gates, "agents", 2, holder, tmp.resolve("porch-0.out"));

    long t0 = System.nanoTime();
    Runs.Run sync = Runs.porch(repo.root(), Map.of("PORCH_LOCK_TIMEOUT", "1s"), "sync", "--merge");
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(sync.code()).as(sync.toString()).isEqualTo(1);
    assertThat(sync.err()).contains("the repository is locked by").contains("process " + holder.pid())
        .doesNotContain("\tat ");
    assertThat(waitedMs).as("it waited for the lock first").isGreaterThanOrEqualTo(900);
    Runs.Run spawn = Runs.porch(repo.root(), Map.of("PORCH_LOCK_TIMEOUT", "200ms"), "spawn", "other", "--agents", "1");
    assertThat(spawn.code()).isEqualTo(1);
    assertThat(repo.root().resolve(".worktrees/other-1")).doesNotExist();

    holder.descendants().forEach(ProcessHandle::destroyForcibly);
    holder.destroyForcibly().waitFor(Runs.WAIT.toSeconds(), TimeUnit.SECONDS);
    Runs.Run after = Runs.porch(repo.root(), Map.of("PORCH_LOCK_TIMEOUT", "2s"), "spawn", "other", "--agents", "1");
    assertThat(after.code()).as("the dead holder's lock is taken over: " + after).isZero();
  }

  @Test
  void twoSpawnsAtOnce_bothSucceedOneAfterTheOther() throws Exception {
    Process a = start("spawn", "alpha", "--agents", "3");
    Process b = start("spawn", "beta", "--agents", "3");
    assertThat(a.waitFor(Runs.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(b.waitFor(Runs.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(a.exitValue()).as(Files.readString(tmp.resolve("porch-0.out"))).isZero();
    assertThat(b.exitValue()).as(Files.readString(tmp.resolve("porch-1.out"))).isZero();

    List<String> worktrees = repo.git("worktree", "list", "--porcelain").lines()
        .filter(l -> l.startsWith("branch refs/heads/feature/")).map(l -> l.substring("branch refs/heads/feature/".length()))
        .sorted().toList();
    assertThat(worktrees).containsExactly("alpha-1", "alpha-2", "alpha-3", "beta-1", "beta-2", "beta-3");
    try (Stream<Path> s = Files.list(repo.root().resolve(".agent-status"))) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted())
          .containsExactly("alpha-1.json", "alpha-2.json", "alpha-3.json", "beta-1.json", "beta-2.json", "beta-3.json");
    }
    Runs.Run status = Runs.porch(repo.root(), Map.of(), "status", "--json");
    assertThat(status.code()).as(status.toString()).isZero();
    assertThat(Runs.JSON.readTree(status.out()).get("tasks")).hasSize(6);
  }

  private Process start(String... args) throws Exception {
    Process p = Runs.start(repo.root(), tmp.resolve("porch-" + started.size() + ".out"), args);
    started.add(p);
    return p;
  }
}
