package dev.porch.status;

import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.port.StatusStore;
import dev.porch.core.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The program {@link ChildJvm} runs in a second process. Modes (first argument):
 *
 * <ul>
 *   <li>{@code write REPO TASK COUNT}: writes COUNT statuses with summaries of random size
 *   <li>{@code update REPO TASK THREADS EACH}: THREADS threads each add 1 to the summary EACH times
 *   <li>{@code lock REPO}: takes the repository lock, prints "locked PID", holds it until a line on stdin
 *   <li>{@code events REPO COUNT}: appends COUNT problem events with run "child"
 * </ul>
 *
 * Prints "ready" when set up and "done" at the end; exit code 0 on success.
 */
public final class ChildMain {
  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args[1]);
    switch (args[0]) {
      case "write":
        write(StatusFiles.open(repo), TaskName.of(args[2]), Integer.parseInt(args[3]));
        break;
      case "update":
        update(StatusFiles.open(repo), TaskName.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        break;
      case "lock":
        lock(repo);
        break;
      case "events":
        events(repo, Integer.parseInt(args[2]));
        break;
      default:
        throw new IllegalArgumentException(args[0]);
    }
    System.out.println("done");
  }

  /** A status whose summary is {@code size} characters, ending in a checkable marker. */
  static AgentStatus sized(TaskName task, String who, int size) {
    String body = who.repeat(Math.max(1, size / Math.max(1, who.length())));
    return AgentStatus.pending(task, "feature/" + task, ".worktrees/" + task).withSummary(body + "|" + body.length());
  }

  /** Whether a summary written by {@link #sized} is whole. */
  static boolean whole(String summary) {
    int bar = summary.lastIndexOf('|');
    return bar > 0 && Integer.parseInt(summary.substring(bar + 1)) == bar;
  }

  private static void write(StatusStore store, TaskName task, int count) {
    Random r = new Random(7);
    System.out.println("ready");
    for (int i = 0; i < count; i++) {
      store.write(sized(task, "child-", r.nextInt(64 * 1024)));
    }
  }

  private static void update(StatusStore store, TaskName task, int threads, int each) throws Exception {
    List<Thread> ts = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        try {
          for (int k = 0; k < each; k++) {
            store.update(task, s -> s.withSummary(String.valueOf(Integer.parseInt(s.summary().orElse("0")) + 1)));
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "child-update-" + t);
      ts.add(th);
    }
    System.out.println("ready");
    ts.forEach(Thread::start);
    for (Thread th : ts) {
      th.join();
    }
    if (!failures.isEmpty()) {
      failures.get(0).printStackTrace(System.out);
      System.exit(3);
    }
  }

  private static void lock(Path repo) throws Exception {
    try (RepositoryLock lock = StatusFiles.lock(repo, Duration.ofSeconds(20))) {
      System.out.println("locked " + ProcessHandle.current().pid());
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    System.out.println("released");
  }

  private static void events(Path repo, int count) {
    try (EventLog log = StatusFiles.eventLog(repo)) {
      System.out.println("ready");
      for (int i = 0; i < count; i++) {
        log.onEvent(new OrchestrationEvent.Problem("child", Instant.now(), Optional.empty(), "step", "child " + i
            + " " + "x".repeat(i % 300)));
      }
    }
  }
}
