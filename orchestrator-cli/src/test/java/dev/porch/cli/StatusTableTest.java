package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.AgentState;
import dev.porch.core.TaskName;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.Usage;
import dev.porch.status.StatusFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code porch status}'s table: what running agents do, tokens and cost, within 80 columns. */
class StatusTableTest {
  @TempDir Path tmp;
  GitRepo repo;
  StatusStore store;

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepo.create(tmp.resolve("repo"));
    assertThat(Cli.run(repo.dir, "spawn", "auth", "--agents", "3").code()).isZero();
    store = StatusFiles.open(repo.dir);
  }

  @Test
  void status_showsActivityTokensAndCost_in80Columns() {
    store.update(TaskName.of("auth-1"), s -> s.moveTo(AgentState.RUNNING, Instant.now())
        .withActivity("Bash: mvn -q -pl orchestrator-agent,orchestrator-cli test -Dtest=SomethingVeryLongIndeed")
        .withUsage(new Usage(12_800, 1_500, 3, OptionalDouble.of(0.04))));
    store.update(TaskName.of("auth-2"), s -> s.moveTo(AgentState.RUNNING, Instant.now())
        .moveTo(AgentState.COMPLETE, Instant.now()).withSummary("Implemented the login endpoint")
        .withUsage(new Usage(1_234_567, 999, 9, OptionalDouble.of(1.5))));

    Cli.Result r = Cli.run(repo.dir, "status");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("TOKENS", "COST", "NOW / SUMMARY")
        .containsPattern("auth-1 +RUNNING +\\S+ +12\\.8k/1\\.5k +\\$0\\.04 +Bash: mvn -q")
        .containsPattern("auth-2 +COMPLETE +\\S+ +1\\.2M/999 +\\$1\\.50 +Implemented the login endpoint")
        .containsPattern("auth-3 +PENDING +- +- +- *\n")
        .contains("…");
    assertThat(r.out().lines()).allMatch(l -> l.length() <= 80, "fits in 80 columns");
  }

  @Test
  void status_tightTable_dropsFilesBeforeTheSummary() {
    store.update(TaskName.of("auth-1"), s -> s.moveTo(AgentState.RUNNING, Instant.now()).withActivity("Bash: ls")
        .withUsage(new Usage(12_800, 1_500, 3, OptionalDouble.of(0.04))).withFilesChanged(java.util.List.of("a", "b")));

    Cli.Result narrow = Cli.run(repo.dir, Map.of("COLUMNS", "60"), "status");
    Cli.Result wide = Cli.run(repo.dir, Map.of("COLUMNS", "120"), "status");

    assertThat(narrow.out()).doesNotContain("FILES").contains("TOKENS", "COST");
    assertThat(wide.out()).contains("FILES", "TOKENS", "COST");
  }

  @Test
  void status_widerTerminal_showsMore_andWithoutUsageHasNoUsageColumns() {
    String activity = "Edit: src/main/java/dev/porch/cli/internal/StatusView.java, adding the tokens column";
    store.update(TaskName.of("auth-1"), s -> s.moveTo(AgentState.RUNNING, Instant.now()).withActivity(activity));

    Cli.Result narrow = Cli.run(repo.dir, "status");
    Cli.Result wide = Cli.run(repo.dir, Map.of("COLUMNS", "160"), "status");

    assertThat(narrow.out()).doesNotContain("TOKENS").doesNotContain("COST").doesNotContain(activity);
    assertThat(wide.out()).contains(activity);
  }

  @Test
  void watchJson_printsADocumentWhenTheActivityChanges_andEndsWhenAllAreFinal() throws Exception {
    for (String t : java.util.List.of("auth-2", "auth-3")) {
      store.update(TaskName.of(t), s -> s.moveTo(AgentState.RUNNING, Instant.now()).moveTo(AgentState.FAILED, Instant.now()));
    }
    store.update(TaskName.of("auth-1"), s -> s.moveTo(AgentState.RUNNING, Instant.now()).withActivity("thinking"));
    java.io.StringWriter out = new java.io.StringWriter();
    java.util.concurrent.CompletableFuture<Integer> code = java.util.concurrent.CompletableFuture.supplyAsync(() ->
        Porch.run(new String[] {"status", "--watch", "--json", "--timeout", "60s"}, new java.io.PrintWriter(out),
            new java.io.PrintWriter(new java.io.StringWriter()), Map.of(), repo.dir));

    dev.porch.agent.testing.Poll.until("the first document", java.time.Duration.ofSeconds(20),
        () -> out.toString().contains("\"activity\":\"thinking\""));
    store.update(TaskName.of("auth-1"), s -> s.withActivity("Bash: make test")
        .withUsage(new Usage(100, 10, 1, OptionalDouble.empty())));
    dev.porch.agent.testing.Poll.until("a document with the new step", java.time.Duration.ofSeconds(20),
        () -> out.toString().contains("\"activity\":\"Bash: make test\""));
    store.update(TaskName.of("auth-1"), s -> s.moveTo(AgentState.COMPLETE, Instant.now()));

    assertThat(code.get(20, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    assertThat(out.toString().lines()).allMatch(l -> l.startsWith("{\"schema\":\"porch.status/v1\""));
  }

  @Test
  void status_activityWithEscapes_isShownSafely() {
    store.update(TaskName.of("auth-1"), s -> s.moveTo(AgentState.RUNNING, Instant.now())
        .withActivity("\u001b]0;owned\u0007Bash: ls"));

    Cli.Result r = Cli.run(repo.dir, "status");

    assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\u0007").contains("Bash: ls");
  }
}
