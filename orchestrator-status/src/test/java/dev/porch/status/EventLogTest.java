package dev.porch.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.core.TaskName;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** events.ndjson: one explicit JSON line per event, whole lines under concurrency, read back for the CLI. */
class EventLogTest {
  @TempDir Path repo;

  private Path logFile() {
    return repo.resolve(".agent-status/events.ndjson");
  }

  private static OrchestrationEvent problem(String run, String message) {
    return new OrchestrationEvent.Problem(run, Instant.parse("2026-01-30T10:30:00Z"), Optional.empty(), "s", message);
  }

  @Test
  void onEvent_everyEventType_writesItsLine() throws Exception {
    try (EventLog log = StatusFiles.eventLog(repo)) {
      EventSamples.all().forEach(s -> log.onEvent(s.event()));
    }
    List<String> lines = Files.readAllLines(logFile());
    assertThat(lines).containsExactlyElementsOf(EventSamples.all().stream().map(EventSamples.Sample::line).toList());
  }

  @Test
  void samples_coverEveryEventTypeCoreDeclares() {
    Set<Class<?>> sampled = EventSamples.all().stream().map(s -> s.event().getClass()).collect(Collectors.toSet());
    assertThat(sampled).containsExactlyInAnyOrder(OrchestrationEvent.class.getPermittedSubclasses());
    assertThat(EventSamples.all()).noneMatch(s -> s.line().contains("unmapped"));
  }

  @Test
  void onEvent_longText_isCut() throws Exception {
    try (EventLog log = StatusFiles.eventLog(repo)) {
      log.onEvent(problem("r", "x".repeat(10_000)));
    }
    JsonNode n = new ObjectMapper().readTree(Files.readString(logFile()));
    assertThat(n.get("message").asText()).hasSize(4000).endsWith("...");
  }

  @Test
  void onEvent_afterClose_isRefused() {
    EventLog log = StatusFiles.eventLog(repo);
    log.close();
    log.close();
    assertThatThrownBy(() -> log.onEvent(problem("r", "late"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void onEvent_manyThreadsAndAnotherProcess_linesAreWholeAndInOrderPerWriter() throws Exception {
    int threads = 6;
    int each = 400;
    int childEvents = 1500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (EventLog log = StatusFiles.eventLog(repo);
        ChildJvm child = ChildJvm.start(ChildMain.class, "events", repo.toString(), "" + childEvents)) {
      child.awaitLine("ready", Duration.ofSeconds(60));
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String run = "t" + t;
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < each; i++) {
            log.onEvent(problem(run, i + " " + "\u00e9".repeat(i % 200)));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(child.await(Duration.ofSeconds(60))).as(child.output()).isZero();
    } finally {
      pool.shutdownNow();
    }
    ObjectMapper json = new ObjectMapper();
    List<String> lines = Files.readAllLines(logFile(), StandardCharsets.US_ASCII);
    assertThat(lines).hasSize(threads * each + childEvents);
    Map<String, Integer> last = new HashMap<>();
    for (String line : lines) {
      JsonNode n = json.readTree(line); // throws if two lines were interleaved
      String run = n.get("run").asText();
      int seq = Integer.parseInt(n.get("message").asText().split(" ")[run.equals("child") ? 1 : 0]);
      assertThat(seq).as("order of %s", run).isEqualTo(last.getOrDefault(run, -1) + 1);
      last.put(run, seq);
    }
    assertThat(last).hasSize(threads + 1);
  }

  @Test
  void readEvents_givesBackTypesTasksAndFields() {
    try (EventLog log = StatusFiles.eventLog(repo)) {
      EventSamples.all().forEach(s -> log.onEvent(s.event()));
    }
    List<EventRecord> events = StatusFiles.readEvents(repo);
    assertThat(events).hasSize(EventSamples.all().size());
    EventRecord started = events.get(0);
    assertThat(started.type()).isEqualTo("run-started");
    assertThat(started.run()).isEqualTo("run-1");
    assertThat(started.at()).isEqualTo(EventSamples.AT);
    assertThat(started.task()).isEmpty();
    assertThat(started.fields()).containsEntry("pattern", "competitive").containsEntry("tasks", List.of("a-1", "a-2"));
    EventRecord changed = events.get(2);
    assertThat(changed.task()).contains(TaskName.of("a-1"));
    assertThat(changed.text("to")).contains("RUNNING");
    assertThat(changed.text("reason")).contains("launched \u2713");
    EventRecord evaluated = events.stream().filter(e -> e.type().equals("evaluated")).findFirst().orElseThrow();
    assertThat(evaluated.fields()).containsEntry("score", 0.5).containsEntry("passed", false);
    assertThat(evaluated.fields().get("diff")).isEqualTo(Map.of("files", 2L, "insertions", 10L, "deletions", 3L));
  }

  @Test
  void readEvents_skipsBadLinesAndATornLastLine() throws Exception {
    try (EventLog log = StatusFiles.eventLog(repo)) {
      log.onEvent(problem("r", "one"));
    }
    Files.writeString(logFile(), "not json\n{\"type\":\"x\"}\n\n[1]\n{\"type\":\"t\",\"run\":\"r\",\"at\":\"bad\"}\n",
        StandardOpenOption.APPEND);
    try (EventLog log = StatusFiles.eventLog(repo)) {
      log.onEvent(problem("r", "two"));
    }
    Files.writeString(logFile(), "{\"type\":\"problem\",\"run\":\"r\",\"at\":\"2026-01-30T10:3", StandardOpenOption.APPEND);
    assertThat(StatusFiles.readEvents(repo)).extracting(e -> e.text("message").orElseThrow()).containsExactly("one", "two");
  }

  @Test
  void readEvents_last_readsOnlyTheEndOfABigLog() throws Exception {
    int n = 3000; // well past the first 64 KiB window
    try (EventLog log = StatusFiles.eventLog(repo)) {
      for (int i = 0; i < n; i++) {
        log.onEvent(problem("r", i + " " + "p".repeat(40)));
      }
    }
    assertThat(Files.size(logFile())).isGreaterThan(64 * 1024 * 2);
    assertThat(StatusFiles.readEvents(repo, 3)).extracting(e -> e.text("message").orElseThrow().split(" ")[0])
        .containsExactly("2997", "2998", "2999");
    assertThat(StatusFiles.readEvents(repo, 2500)).hasSize(2500).first()
        .satisfies(e -> assertThat(e.text("message").orElseThrow()).startsWith("500 "));
    assertThat(StatusFiles.readEvents(repo, n + 10)).hasSize(n);
    assertThat(StatusFiles.readEvents(repo, 0)).isEmpty();
  }

  @Test
  void readEvents_noLog_isEmpty() {
    assertThat(StatusFiles.readEvents(repo)).isEmpty();
    assertThat(StatusFiles.readEvents(repo, 5)).isEmpty();
    assertThatThrownBy(() -> StatusFiles.readEvents(repo, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eventRecord_fieldsAreUnmodifiable() {
    EventRecord r = new EventRecord("t", "r", Instant.EPOCH, Optional.empty(), new HashMap<>(Map.of("a", 1L)));
    assertThatThrownBy(() -> r.fields().put("b", 2L)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(Arrays.asList(r.text("a").orElseThrow(), r.text("zz").orElse("none"))).containsExactly("1", "none");
  }
}
