package dev.porch.core.review.internal;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.port.FileDiff;
import dev.porch.core.TaskName;
import dev.porch.core.error.PorchException;
import dev.porch.core.port.StatusStore;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.review.Comparison;
import dev.porch.core.review.ReviewException;
import dev.porch.core.review.TaskDiff;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a task's branch and base the way porch trusts them (the branch is the task's own, never one a
 * status file names; both must exist), groups attempts into runs or features, and builds
 * comparisons. Read-only; blocks on the ports.
 */
public final class Attempts {
  private static final Pattern NUMBERED = Pattern.compile("(.*?)(\\d+)$");

  private final WorkspaceProvider git;
  private final StatusStore statuses;

  public Attempts(WorkspaceProvider git, StatusStore statuses) {
    this.git = git;
    this.statuses = statuses;
  }

  /** A task with its trusted branch and base. */
  public record Located(TaskName task, Optional<AgentStatus> status, String branch, String base) {}

  /**
   * The task's own branch (its worktree's, else the default name) and its base (the status's, else
   * the worktree's, else the current branch), both checked to exist.
   */
  public Located locate(TaskName task) {
    Optional<AgentStatus> status = statuses.read(task);
    Optional<Workspace> ws = git.find(task);
    Optional<AgentState> state = status.map(AgentStatus::status);
    if (status.isEmpty() && ws.isEmpty()) {
      throw new ReviewException(ReviewException.Kind.UNKNOWN_TASK, Optional.of(task), state, task.value(),
          "no task " + task + ": it has no status file and no worktree", List.of("list the tasks with their status"));
    }
    String own = ws.map(Workspace::branch).orElseGet(() -> git.defaultBranch(task));
    if (status.isPresent() && !status.get().branch().equals(own)) {
      throw new ReviewException(ReviewException.Kind.FOREIGN_BRANCH, Optional.of(task), state, status.get().branch(),
          "the status of " + task + " names branch '" + status.get().branch() + "', but the task's branch is '" + own
              + "'; porch reviews and merges only a task's own branch", List.of("fix or delete the status file"));
    }
    if (git.resolve(own).isEmpty()) {
      throw new ReviewException(ReviewException.Kind.NO_BRANCH, Optional.of(task), state, own,
          "task " + task + "'s branch " + own + " does not exist (deleted after a merge or a cleanup?)", List.of());
    }
    String base = status.flatMap(AgentStatus::base).or(() -> ws.map(Workspace::base)).orElseGet(git::currentBranch);
    if (base.startsWith("-") || git.resolve(base).isEmpty()) {
      throw new ReviewException(ReviewException.Kind.NO_BASE, Optional.of(task), state, base,
          "task " + task + "'s base '" + base + "' does not exist, so its diff cannot be computed", List.of());
    }
    return new Located(task, status, own, base);
  }

  /** The diff of a located task. */
  public TaskDiff diff(Located l) {
    return new TaskDiff(l.task(), l.branch(), l.base(), git.commitsAhead(l.branch(), l.base()),
        git.fileDiffs(l.branch(), l.base()));
  }

  /**
   * A path filter as git should get it: repository-relative, '/'-separated, without "." segments;
   * empty when it means the whole tree ("." or "./").
   */
  public static Optional<String> cleanPath(TaskName task, String path) {
    String why = null;
    if (path == null || path.isEmpty()) {
      why = "is empty";
    } else if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      why = "holds control characters";
    } else if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) {
      why = "is absolute; give a path relative to the repository's top folder";
    }
    List<String> parts = new ArrayList<>();
    if (why == null) {
      for (String part : path.split("/")) {
        if (part.equals("..")) {
          why = "leaves the repository (..)";
          break;
        }
        if (!part.isEmpty() && !part.equals(".")) {
          parts.add(part);
        }
      }
    }
    if (why != null) {
      String shown = path == null ? "" : path.replaceAll("\\p{Cntrl}", "?");
      throw new ReviewException(ReviewException.Kind.BAD_PATH, Optional.ofNullable(task), Optional.empty(), shown,
          "path '" + shown + "' " + why, List.of());
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
  }

  /** See {@code Review.attemptsOf}. */
  public List<TaskName> resolve(List<TaskName> names) {
    List<AgentStatus> all = statuses.list().statuses();
    if (names.isEmpty()) {
      Optional<AgentStatus> last = all.stream().max(Comparator.comparing(Attempts::when));
      if (last.isEmpty()) {
        throw new ReviewException(ReviewException.Kind.NO_ATTEMPTS, Optional.empty(), Optional.empty(), "",
            "nothing to compare: no task has a status file", List.of("start a run first"));
      }
      return group(last.get().task(), all);
    }
    if (names.size() == 1) {
      TaskName n = names.get(0);
      List<TaskName> ofRun = sorted(all.stream().filter(s -> s.run().equals(Optional.of(n.value()))).map(AgentStatus::task).toList());
      if (!ofRun.isEmpty()) {
        return ofRun;
      }
      if (statuses.read(n).isEmpty() && git.find(n).isEmpty()) {
        List<TaskName> ofFeature = sorted(all.stream().map(AgentStatus::task)
            .filter(t -> t.value().startsWith(n.value() + "-")).toList());
        if (ofFeature.isEmpty()) {
          throw new ReviewException(ReviewException.Kind.UNKNOWN_TASK, Optional.of(n), Optional.empty(), n.value(),
              "no task, feature or run named " + n, List.of("list the tasks with their status"));
        }
        return ofFeature;
      }
    }
    List<TaskName> out = new ArrayList<>(new LinkedHashSet<>(names));
    for (TaskName t : out) {
      if (statuses.read(t).isEmpty() && git.find(t).isEmpty()) {
        throw new ReviewException(ReviewException.Kind.UNKNOWN_TASK, Optional.of(t), Optional.empty(), t.value(),
            "no task " + t + ": it has no status file and no worktree", List.of("list the tasks with their status"));
      }
    }
    return out;
  }

  /** The attempts {@code task} was one of: its run's tasks, else its feature's; itself included. */
  public List<TaskName> group(TaskName task, List<AgentStatus> all) {
    Optional<String> run = all.stream().filter(s -> s.task().equals(task)).findFirst().flatMap(AgentStatus::run);
    if (run.isPresent()) {
      return sorted(all.stream().filter(s -> s.run().equals(run)).map(AgentStatus::task).toList());
    }
    String v = task.value();
    int dash = v.lastIndexOf('-');
    if (dash <= 0) {
      return List.of(task);
    }
    String prefix = v.substring(0, dash + 1);
    return sorted(all.stream().filter(s -> s.run().isEmpty() && s.task().value().startsWith(prefix)
        && s.task().value().indexOf('-', prefix.length()) < 0).map(AgentStatus::task).toList());
  }

  /** N attempts side by side. */
  public Comparison compare(List<TaskName> tasks) {
    List<Comparison.Attempt> attempts = new ArrayList<>();
    Map<String, Optional<FileDiff>[]> rows = new TreeMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      TaskName t = tasks.get(i);
      Optional<AgentStatus> s = statuses.read(t);
      Optional<TaskDiff> diff = Optional.empty();
      Optional<String> problem = Optional.empty();
      String branch = s.map(AgentStatus::branch).orElseGet(() -> git.defaultBranch(t));
      try {
        Located l = locate(t);
        branch = l.branch();
        diff = Optional.of(diff(l));
      } catch (PorchException e) {
        problem = Optional.of(e.getMessage());
      }
      attempts.add(new Comparison.Attempt(t, s.map(AgentStatus::status).orElse(AgentState.PENDING), branch,
          s.flatMap(AgentStatus::run), diff, s.flatMap(AgentStatus::tests),
          s.map(AgentStatus::score).orElse(java.util.OptionalDouble.empty()), s.flatMap(AgentStatus::summary),
          s.flatMap(AgentStatus::error), problem));
      if (diff.isPresent()) {
        for (FileDiff f : diff.get().files()) {
          @SuppressWarnings("unchecked")
          Optional<FileDiff>[] cells = rows.computeIfAbsent(f.path(), p -> new Optional[tasks.size()]);
          cells[i] = Optional.of(f);
        }
      }
    }
    List<Comparison.Row> out = new ArrayList<>();
    rows.forEach((path, cells) -> {
      List<Optional<FileDiff>> list = new ArrayList<>();
      for (Optional<FileDiff> c : cells) {
        list.add(c == null ? Optional.empty() : c);
      }
      out.add(new Comparison.Row(path, list));
    });
    return new Comparison(attempts, out);
  }

  private static Instant when(AgentStatus s) {
    return s.updated().or(s::completed).or(s::started).orElse(Instant.EPOCH);
  }

  /** Task order with numbers compared as numbers: auth-2 before auth-10. */
  static List<TaskName> sorted(List<TaskName> tasks) {
    List<TaskName> out = new ArrayList<>(tasks);
    out.sort(Comparator.comparing((TaskName t) -> stem(t)).thenComparingLong(Attempts::number)
        .thenComparing(TaskName::value));
    return out;
  }

  private static String stem(TaskName t) {
    Matcher m = NUMBERED.matcher(t.value());
    return m.matches() ? m.group(1) : t.value();
  }

  private static long number(TaskName t) {
    Matcher m = NUMBERED.matcher(t.value());
    if (!m.matches() || m.group(2).length() > 18) {
      return -1;
    }
    return Long.parseLong(m.group(2));
  }
}
