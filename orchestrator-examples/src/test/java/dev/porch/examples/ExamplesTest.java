package dev.porch.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.RunResult;
import dev.porch.core.TaskName;
import dev.porch.core.error.LaunchException;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.pattern.Patterns;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example runs, on real repositories and real agent processes where it uses them. */
class ExamplesTest {
  @TempDir Path tmp;

  static Path repo(Path dir) throws Exception {
    Files.createDirectories(dir);
    git(dir, "init", "-q", "-b", "main");
    git(dir, "config", "user.name", "example test");
    git(dir, "config", "user.email", "test@example.invalid");
    Files.writeString(dir.resolve("README.md"), "# question\n", StandardCharsets.UTF_8);
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "question");
    return dir;
  }

  static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void embedding_competitiveRoundMergesTheSmallestPassingAnswer() throws Exception {
    Path repo = repo(tmp.resolve("embed"));
    StringWriter out = new StringWriter();
    RunResult r = EmbeddingExample.run(repo, Patterns.competitive(3), new PrintWriter(out));
    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.MERGE);
    assertThat(r.decision().winner()).contains(TaskName.of("answer-2"));
    assertThat(r.merges().values()).extracting(MergeResult::status).containsExactly(MergeResult.Status.MERGED);
    assertThat(Files.readString(repo.resolve("answer.txt"))).isEqualTo("42\n");
    assertThat(git(repo, "log", "-1", "--format=%P")).as("--no-ff merge commit").contains(" ");
    assertThat(out.toString()).contains("answer-1 -> RUNNING").contains("answer-2 -> COMPLETE").contains("MERGE:");
  }

  @Test
  void reviewRound_mergesTheReviewersChoiceOverTheBestScore() throws Exception {
    Path repo = repo(tmp.resolve("review"));
    RunResult r = EmbeddingExample.run(repo, new ReviewRound(3), new PrintWriter(new StringWriter()));
    assertThat(r.state(TaskName.of("answer-review"))).isEqualTo(AgentState.COMPLETE);
    assertThat(r.decision().winner()).contains(TaskName.of("answer-3"));
    assertThat(r.decision().reasons().get(TaskName.of("answer-3"))).contains("reviewer chose it");
    assertThat(repo.resolve("NOTES.md")).exists();
  }

  @Test
  void reviewRound_validatesAndReadsTheChoice() {
    assertThatThrownBy(() -> new ReviewRound(1)).hasMessageContaining("at least 2 implementers");
    assertThat(ReviewRound.choiceIn("text\nCHOICE: slug-2\n")).contains(TaskName.of("slug-2"));
    assertThat(ReviewRound.choiceIn("CHOICE: ../etc")).isEmpty();
  }

  @Test
  void budgetLauncher_capsAttemptsAndTime() {
    List<AgentRequest> seen = new ArrayList<>();
    BudgetLauncher budget = new BudgetLauncher(req -> {
      seen.add(req);
      return handle(req.task());
    }, 2, Duration.ofMinutes(5));
    AgentRequest req = request(Duration.ofHours(1));
    budget.launch(req);
    budget.launch(req.withAttempt(2));
    assertThat(seen).extracting(r -> r.timeout().orElseThrow()).containsOnly(Duration.ofMinutes(5));
    assertThatThrownBy(() -> budget.launch(req.withAttempt(3))).isInstanceOf(LaunchException.class).hasMessageContaining("budget spent");
    assertThat(budget.attempts(req.task())).isEqualTo(3);
  }

  @Test
  void markdownReport_oneLinePerEventAndTheDecision() {
    MarkdownReport report = new MarkdownReport();
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    TaskName a = TaskName.of("a-1");
    report.onEvent(new OrchestrationEvent.StateChanged("r", t, a, Optional.empty(), AgentState.RUNNING, Optional.empty()));
    report.onEvent(new OrchestrationEvent.Decided("r", t, Decision.nothing("nobody passed")));
    assertThat(report.lines()).hasSize(2);
    assertThat(report.markdown()).contains("| a-1 | now RUNNING |").contains("**Decision:** NOTHING: nobody passed");
  }

  private static AgentRequest request(Duration timeout) {
    TaskName t = TaskName.of("b-1");
    Workspace ws = new Workspace(t, Path.of("/tmp/x"), ".worktrees/b-1", "feature/b-1", "main", "abc", OptionalInt.empty());
    return AgentRequest.builder().task(t).workspace(ws).instructions("do").agent("any").timeout(timeout).build();
  }

  private static AgentHandle handle(TaskName task) {
    return new AgentHandle() {
      @Override
      public TaskName task() {
        return task;
      }

      @Override
      public CompletableFuture<AgentOutcome> outcome() {
        return CompletableFuture.completedFuture(AgentOutcome.exited(task, 0, Duration.ZERO, List.of()));
      }

      @Override
      public void cancel(String reason) {}
    };
  }
}
