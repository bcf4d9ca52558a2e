package dev.porch.reliability;

import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.port.StatusStore;
import dev.porch.status.EventLog;
import dev.porch.status.StatusFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The main class of the child JVMs of the load tests. It prints {@code ready}, waits for {@code go}
 * on standard input (so all children start together), does its work, then prints {@code done
 * <nanoseconds>} and exits 0.
 *
 * <ul>
 *   <li>{@code status REPO WRITER OPS}: OPS operations on the shared status files, alternately an
 *       {@code update} that increments the counter in {@link #COUNTERS}' summary and a {@code
 *       write} of {@link #boardSummary} to one of {@link #BOARDS}
 *   <li>{@code events REPO WRITER COUNT}: COUNT events appended through {@link StatusFiles#eventLog},
 *       each a Problem of run {@code w<WRITER>} whose message is {@link #eventMessage}
 * </ul>
 */
public final class LoadChild {
  /** Files that only {@code update} changes; their summary is a counter. */
  static final List<TaskName> COUNTERS = List.of(TaskName.of("counter-a"), TaskName.of("counter-b"));
  /** Files that only {@code write} replaces; their summary is a {@link #boardSummary}. */
  static final List<TaskName> BOARDS = List.of(TaskName.of("board-a"), TaskName.of("board-b"));

  private LoadChild() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args[1]);
    int writer = Integer.parseInt(args[2]);
    int n = Integer.parseInt(args[3]);
    System.out.println("ready");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!"go".equals(in.readLine())) {
      System.exit(2);
    }
    long t0 = System.nanoTime();
    switch (args[0]) {
      case "status" -> status(StatusFiles.open(repo), writer, n);
      case "events" -> events(repo, writer, n);
      default -> System.exit(2);
    }
    System.out.println("done " + (System.nanoTime() - t0));
    System.exit(0);
  }

  private static void status(StatusStore store, int writer, int ops) {
    for (int i = 0; i < ops; i++) {
      if (i % 2 == 0) {
        store.update(COUNTERS.get((i / 2) % 2), s -> s.withSummary(Integer.toString(counter(s) + 1)));
      } else {
        TaskName board = BOARDS.get((i / 2) % 2);
        store.write(fresh(board).withSummary(boardSummary(writer, i)));
      }
    }
  }

  private static void events(Path repo, int writer, int count) {
    try (EventLog log = StatusFiles.eventLog(repo)) {
      for (int i = 0; i < count; i++) {
        log.onEvent(new OrchestrationEvent.Problem("w" + writer, Instant.now(), Optional.empty(), "load",
            eventMessage(i)));
      }
    }
  }

  /** A new status for one of the shared files. */
  static AgentStatus fresh(TaskName task) {
    return AgentStatus.pending(task, "feature/" + task.value(), ".worktrees/" + task.value());
  }

  /** The counter in a counter file's summary (0 when it has none). */
  static int counter(AgentStatus s) {
    return Integer.parseInt(s.summary().orElse("0"));
  }

  /**
   * What writer {@code writer} writes at step {@code seq}: {@code <writer>:<seq>:} then 0 to 16,000
   * characters that depend on both, some of them not ASCII (so they are written as escapes).
   */
  static String boardSummary(int writer, int seq) {
    int length = Math.floorMod(writer * 7919 + seq * 104729, 16_000);
    StringBuilder b = new StringBuilder(writer + ":" + seq + ":");
    for (int i = 0; i < length; i++) {
      b.append(i % 97 == 0 ? '\u00e9' : (char) ('a' + (writer + seq + i) % 26));
    }
    return b.toString();
  }

  /** Whether {@code summary} is exactly what some writer wrote at some step. */
  static boolean isBoardSummary(String summary) {
    String[] parts = summary.split(":", 3);
    try {
      return parts.length == 3 && summary.equals(boardSummary(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Event {@code seq}'s message: {@code <seq> } then up to 3,990 characters, every 3rd one not ASCII,
   * so the longest lines are about 9 KB.
   */
  static String eventMessage(int seq) {
    int length = (seq * 7_877) % 3_990;
    StringBuilder b = new StringBuilder(seq + " ");
    for (int i = 0; i < length; i++) {
      b.append(i % 3 == 0 ? '\u00e9' : (char) ('a' + (seq + i) % 26));
    }
    return b.toString();
  }
}
