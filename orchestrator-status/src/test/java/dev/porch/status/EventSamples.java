package dev.porch.status;

import dev.porch.core.AgentState;
import dev.porch.core.Decision;
import dev.porch.core.TaskName;
import dev.porch.core.event.OrchestrationEvent.AgentEnded;
import dev.porch.core.event.OrchestrationEvent.AgentProgress;
import dev.porch.core.event.OrchestrationEvent.AgentStarted;
import dev.porch.core.event.OrchestrationEvent.ConflictsPredicted;
import dev.porch.core.event.OrchestrationEvent.Decided;
import dev.porch.core.event.OrchestrationEvent.Evaluated;
import dev.porch.core.event.OrchestrationEvent.Merged;
import dev.porch.core.event.OrchestrationEvent.Problem;
import dev.porch.core.event.OrchestrationEvent.RetryScheduled;
import dev.porch.core.event.OrchestrationEvent.RunFinished;
import dev.porch.core.event.OrchestrationEvent.RunStarted;
import dev.porch.core.event.OrchestrationEvent.StateChanged;
import dev.porch.core.event.OrchestrationEvent.WorkspaceCreated;
import dev.porch.core.event.OrchestrationEvent.WorkspaceRemoved;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.DiffStat;
import dev.porch.core.port.Evaluation;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.TestResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** One event of every type, with the line each must become. */
final class EventSamples {
  static final String RUN = "run-1";
  static final Instant AT = Instant.parse("2026-01-30T10:30:00Z");
  static final TaskName A1 = TaskName.of("a-1");
  static final TaskName A2 = TaskName.of("a-2");

  private EventSamples() {}

  record Sample(OrchestrationEvent event, String line) {}

  private static String head(String type, String task) {
    return "{\"type\":\"" + type + "\",\"run\":\"run-1\",\"at\":\"2026-01-30T10:30:00Z\""
        + (task == null ? "" : ",\"task\":\"" + task + "\"");
  }

  static List<Sample> all() {
    TestResult tests = new TestResult(false, 1, Duration.ofMillis(2500), 10, 2, 0, Optional.of("junit-xml"),
        List.of("mvn", "-q", "test"), false);
    return List.of(
        new Sample(new RunStarted(RUN, AT, "competitive", List.of(A1, A2)),
            head("run-started", null) + ",\"pattern\":\"competitive\",\"tasks\":[\"a-1\",\"a-2\"]}"),
        new Sample(new WorkspaceCreated(RUN, AT, A1, Path.of(".worktrees/a-1"), "feature/a-1", "main"),
            head("workspace-created", "a-1") + ",\"path\":\"" + Path.of(".worktrees/a-1").toString().replace("\\", "\\\\")
                + "\",\"branch\":\"feature/a-1\",\"base\":\"main\"}"),
        new Sample(new StateChanged(RUN, AT, A1, Optional.of(AgentState.PENDING), AgentState.RUNNING,
                Optional.of("launched \u2713")),
            head("state-changed", "a-1") + ",\"from\":\"PENDING\",\"to\":\"RUNNING\",\"reason\":\"launched \\u2713\"}"),
        new Sample(new StateChanged(RUN, AT, A2, Optional.empty(), AgentState.PENDING, Optional.empty()),
            head("state-changed", "a-2") + ",\"to\":\"PENDING\"}"),
        new Sample(new AgentStarted(RUN, AT, A1, "claude", 2, OptionalLong.of(4242)),
            head("agent-started", "a-1") + ",\"agent\":\"claude\",\"attempt\":2,\"pid\":4242}"),
        new Sample(new AgentProgress(RUN, AT, A1, Duration.ofMillis(3500), "compiling \"x\""),
            head("agent-progress", "a-1") + ",\"elapsed_ms\":3500,\"last_line\":\"compiling \\\"x\\\"\"}"),
        new Sample(new AgentProgress(RUN, AT, A1, Duration.ofMillis(4000), "{}", Optional.of(
                dev.porch.core.port.AgentActivity.NONE.withSession("s-1").withDoing("Bash: ./check.sh")
                    .withLastMessage("Fixed it.").withNotice("rate limited (429); claude is retrying")
                    .withUsage(new dev.porch.core.port.Usage(1200, 80, 3, java.util.OptionalDouble.of(0.01))))),
            head("agent-progress", "a-1") + ",\"elapsed_ms\":4000,\"last_line\":\"{}\",\"session\":\"s-1\","
                + "\"doing\":\"Bash: ./check.sh\",\"last_message\":\"Fixed it.\",\"notice\":\"rate limited (429);"
                + " claude is retrying\",\"usage\":{\"input_tokens\":1200,\"output_tokens\":80,\"turns\":3,"
                + "\"cost_usd\":0.01}}"),
        new Sample(new OrchestrationEvent.WorkCommitted(RUN, AT, A1, "claude",
                new dev.porch.core.port.LeftoverCommit(List.of("calc.sh"), "abc123")),
            head("work-committed", "a-1") + ",\"agent\":\"claude\",\"commit\":\"abc123\",\"files\":[\"calc.sh\"]}"),
        new Sample(new AgentEnded(RUN, AT, A1, AgentOutcome.exited(A1, 2, Duration.ofSeconds(5), List.of("l1", "l2"))),
            head("agent-ended", "a-1") + ",\"kind\":\"EXITED\",\"exit_code\":2,\"rate_limited\":false,"
                + "\"duration_ms\":5000,\"reason\":\"agent exited with code 2\",\"log_tail\":[\"l1\",\"l2\"]}"),
        new Sample(new RetryScheduled(RUN, AT, A1, 2, Duration.ofSeconds(10), "rate limited"),
            head("retry-scheduled", "a-1") + ",\"next_attempt\":2,\"delay_ms\":10000,\"reason\":\"rate limited\"}"),
        new Sample(new Evaluated(RUN, AT, A1, new Evaluation(A1, Optional.of(tests), new DiffStat(2, 10, 3),
                List.of("a.txt", "b.txt"), 0.5, Optional.of("# Results"))),
            head("evaluated", "a-1") + ",\"passed\":false,\"score\":0.5,\"tests\":{\"passed\":false,\"exit_code\":1,"
                + "\"duration_ms\":2500,\"passed_count\":10,\"failed_count\":2,\"skipped_count\":0,\"format\":\"junit-xml\","
                + "\"command\":[\"mvn\",\"-q\",\"test\"],\"timed_out\":false},\"diff\":{\"files\":2,\"insertions\":10,"
                + "\"deletions\":3},\"files_changed\":[\"a.txt\",\"b.txt\"],\"has_results\":true}"),
        new Sample(new Evaluated(RUN, AT, A1, new Evaluation(A1, Optional.empty(), new DiffStat(0, 0, 0),
                List.of(), 100, Optional.empty(), 0)),
            head("evaluated", "a-1") + ",\"passed\":true,\"score\":100.0,\"diff\":{\"files\":0,\"insertions\":0,"
                + "\"deletions\":0},\"files_changed\":[],\"has_results\":false,\"commits_ahead\":0}"),
        new Sample(new ConflictsPredicted(RUN, AT, ConflictMatrix.builder(List.of("feature/a-1", "feature/a-2"))
                .conflict("feature/a-1", "feature/a-2", List.of("x.txt")).build()),
            head("conflicts-predicted", null) + ",\"branches\":[\"feature/a-1\",\"feature/a-2\"],\"conflicts\":"
                + "[{\"first\":\"feature/a-1\",\"second\":\"feature/a-2\",\"paths\":[\"x.txt\"]}]}"),
        new Sample(new Decided(RUN, AT, Decision.builder().verdict(Decision.Verdict.MERGE).addMerge(A1).addDiscard(A2)
                .addRanking(A1, A2).putReasons(A2, "tests fail").putReasons(A1, "best").summary("a-1 wins")
                .winner(A1).build()),
            head("decided", null) + ",\"verdict\":\"MERGE\",\"merge\":[\"a-1\"],\"discard\":[\"a-2\"],\"ranking\":"
                + "[\"a-1\",\"a-2\"],\"winner\":\"a-1\",\"summary\":\"a-1 wins\",\"reasons\":{\"a-1\":\"best\","
                + "\"a-2\":\"tests fail\"}}"),
        new Sample(new Merged(RUN, AT, A1, MergeResult.merged("feature/a-1", "main", "abc123")),
            head("merged", "a-1") + ",\"branch\":\"feature/a-1\",\"target\":\"main\",\"status\":\"MERGED\","
                + "\"commit\":\"abc123\",\"conflicts\":[]}"),
        new Sample(new Merged(RUN, AT, A2, MergeResult.conflict("feature/a-2", "main", List.of("x.txt"))),
            head("merged", "a-2") + ",\"branch\":\"feature/a-2\",\"target\":\"main\",\"status\":\"CONFLICT\","
                + "\"conflicts\":[\"x.txt\"]}"),
        new Sample(new WorkspaceRemoved(RUN, AT, A2, true), head("workspace-removed", "a-2") + ",\"branch_deleted\":true}"),
        new Sample(new Problem(RUN, AT, Optional.of(A1), "evaluate", "boom"),
            head("problem", "a-1") + ",\"step\":\"evaluate\",\"message\":\"boom\"}"),
        new Sample(new Problem(RUN, AT, Optional.empty(), "listener", "oops"),
            head("problem", null) + ",\"step\":\"listener\",\"message\":\"oops\"}"),
        new Sample(new RunFinished(RUN, AT, true, "merged a-1"),
            head("run-finished", null) + ",\"succeeded\":true,\"summary\":\"merged a-1\"}"));
  }
}
