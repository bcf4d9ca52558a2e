package dev.porch.core.review.internal;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.CleanupReport;
import dev.porch.core.Decision;
import dev.porch.core.TaskName;
import dev.porch.core.Workflow;
import dev.porch.core.event.EventListener;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.internal.engine.Merging;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.review.PickRequest;
import dev.porch.core.review.PickResult;
import dev.porch.core.review.ReviewException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A person's pick: the end of a run (decision, conflict pre-check, merge, cleanup) for a choice made
 * by hand, through the engine's own merge and cleanup path ({@link Merging}). Nothing runs again.
 */
public final class Picker {
  private final WorkspaceProvider git;
  private final StatusStore statuses;
  private final Clock clock;
  private final List<EventListener> listeners;
  private final Attempts attempts;

  public Picker(WorkspaceProvider git, StatusStore statuses, Clock clock, List<EventListener> listeners,
      Attempts attempts) {
    this.git = git;
    this.statuses = statuses;
    this.clock = clock;
    this.listeners = listeners;
    this.attempts = attempts;
  }

  public PickResult pick(PickRequest request) {
    TaskName task = request.task();
    Attempts.Located l = attempts.locate(task);
    AgentStatus status = l.status().orElseThrow(() -> new ReviewException(ReviewException.Kind.UNKNOWN_TASK,
        Optional.of(task), Optional.empty(), task.value(), "task " + task + " has a worktree but no status file, so"
            + " porch does not know that its agent finished", List.of("mark it complete from its worktree first")));
    if (status.status() != AgentState.COMPLETE) {
      throw new ReviewException(ReviewException.Kind.NOT_COMPLETE, Optional.of(task), Optional.of(status.status()),
          task.value(), "task " + task + " is " + status.status() + "; only a COMPLETE task can be picked", List.of());
    }
    String target = request.target().orElseGet(git::currentBranch);
    if (l.branch().equals(target)) {
      throw new ReviewException(ReviewException.Kind.TARGET_IS_BRANCH, Optional.of(task), Optional.of(status.status()),
          target, "cannot merge " + l.branch() + " into itself", List.of("check out the branch to merge into"));
    }
    if (git.commitsAhead(l.branch(), l.base()) == 0) {
      throw new ReviewException(ReviewException.Kind.NO_COMMITS, Optional.of(task), Optional.of(status.status()),
          l.branch(), "task " + task + "'s branch " + l.branch() + " has no commits beyond its base " + l.base()
              + ": there is nothing to merge (or it is merged already)", List.of());
    }
    List<AgentStatus> all = statuses.list().statuses();
    List<TaskName> others = attempts.group(task, all).stream().filter(t -> !t.equals(task)).toList();
    Decision decision = decision(task, others);
    String message = Workflow.mergeMessage(task, status.summary());
    List<String> predicted = request.force() ? List.of()
        : git.predictConflicts(List.of(target, l.branch()), target).conflicts(target, l.branch());
    Map<TaskName, Optional<AgentStatus>> statusOf = all.stream()
        .collect(Collectors.toMap(AgentStatus::task, Optional::of, (a, b) -> a));
    if (request.dryRun()) {
      CleanupReport preview = predicted.isEmpty() ? cleanup(request, others, statusOf, target, true) : none();
      return new PickResult(task, l.branch(), target, message, true, predicted, Optional.empty(), others, decision, preview);
    }
    String run = status.run().orElse("pick-" + task);
    post(new OrchestrationEvent.Decided(run, clock.instant(), decision));
    MergeResult merge = predicted.isEmpty()
        ? Merging.merge(git, task, l.branch(), target, status.summary())
        : Merging.predictedConflict(l.branch(), target, target, predicted, "");
    post(new OrchestrationEvent.Merged(run, clock.instant(), task, merge));
    CleanupReport cleanup = merge.succeeded() ? cleanup(request, others, statusOf, target, false, run) : none();
    return new PickResult(task, l.branch(), target, message, false, predicted, Optional.of(merge), others, decision, cleanup);
  }

  private CleanupReport cleanup(PickRequest request, List<TaskName> others, Map<TaskName, Optional<AgentStatus>> statusOf,
      String target, boolean dryRun) {
    return cleanup(request, others, statusOf, target, dryRun, "");
  }

  private CleanupReport cleanup(PickRequest request, List<TaskName> others, Map<TaskName, Optional<AgentStatus>> statusOf,
      String target, boolean dryRun, String run) {
    return Merging.cleanup(git, statuses, request.cleanup(), others, t -> statusOf.getOrDefault(t, Optional.empty()),
        target, (t, ex) -> post(new OrchestrationEvent.Problem(run, clock.instant(), Optional.of(t), "cleanup",
            String.valueOf(ex.getMessage()))),
        (t, branchDeleted) -> post(new OrchestrationEvent.WorkspaceRemoved(run, clock.instant(), t, branchDeleted)),
        dryRun);
  }

  private static CleanupReport none() {
    return new CleanupReport(List.of(), List.of(), List.of());
  }

  private static Decision decision(TaskName task, List<TaskName> others) {
    Decision.Builder b = Decision.builder().verdict(Decision.Verdict.MERGE).addMerge(task).winner(task)
        .putReasons(task, "picked by a person").summary("picked " + task);
    for (TaskName o : others) {
      b.addDiscard(o).putReasons(o, "not chosen: " + task + " was picked");
    }
    return b.build();
  }

  private void post(OrchestrationEvent event) {
    for (EventListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException ignored) {
        // a listener (the event log) failing must not undo or hide a merge that happened
      }
    }
  }
}
