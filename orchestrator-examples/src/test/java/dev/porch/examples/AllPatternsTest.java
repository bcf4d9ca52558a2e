package dev.porch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.Decision;
import dev.porch.core.RunResult;
import dev.porch.core.TaskName;
import dev.porch.core.pattern.Part;
import dev.porch.core.pattern.Patterns;
import dev.porch.core.port.MergeResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The five built-in patterns end to end through the real adapters and real agent processes. */
class AllPatternsTest {
  @TempDir Path tmp;

  private RunResult run(String name, dev.porch.core.pattern.OrchestrationPattern pattern, boolean tests) throws Exception {
    return EmbeddingExample.run(ExamplesTest.repo(tmp.resolve(name)), pattern, tests, new PrintWriter(new StringWriter()));
  }

  @Test
  void divide_mergesEveryPartInDependencyOrder() throws Exception {
    RunResult r = run("divide", Patterns.divide(List.of(Part.of("api", "build the api"),
        Part.of("ui", "build the ui").dependsOn("api").startingFromDependency())), false);
    assertThat(r.decision().verdict()).isEqualTo(Decision.Verdict.MERGE);
    assertThat(r.decision().merge()).containsExactly(TaskName.of("answer-api"), TaskName.of("answer-ui"));
    assertThat(r.merges().values()).extracting(MergeResult::status).allMatch(s -> s == MergeResult.Status.MERGED || s == MergeResult.Status.ALREADY_UP_TO_DATE);
    assertThat(tmp.resolve("divide/parts/api.txt")).exists();
    assertThat(tmp.resolve("divide/parts/ui.txt")).exists();
  }

  @Test
  void testFirst_theImplementerThatPassesTheWritersTestsWins() throws Exception {
    RunResult r = run("testfirst", Patterns.testFirst(2), true);
    assertThat(r.decision().winner()).contains(TaskName.of("answer-2"));
    assertThat(tmp.resolve("testfirst/tests/expected.txt")).exists();
    assertThat(tmp.resolve("testfirst/answer.txt")).hasContent("42");
  }

  @Test
  void explore_reviewsUnlessAnApproachIsChosen() throws Exception {
    Map<String, String> approaches = new LinkedHashMap<>();
    approaches.put("ws", "use websockets");
    approaches.put("sse", "use server-sent events");
    RunResult review = run("explore", Patterns.explore(approaches), false);
    assertThat(review.decision().verdict()).isEqualTo(Decision.Verdict.REVIEW);
    assertThat(review.merges()).isEmpty();
    assertThat(review.decision().ranking()).hasSize(2);
    RunResult chosen = run("explore-chosen", Patterns.explore(approaches).choose("sse"), false);
    assertThat(chosen.decision().merge()).containsExactly(TaskName.of("answer-sse"));
    assertThat(tmp.resolve("explore-chosen/parts/sse.txt")).exists();
    assertThat(tmp.resolve("explore-chosen/parts/ws.txt")).doesNotExist();
  }

  @Test
  void safetyNet_mergesOnlyWhenEnoughPass() throws Exception {
    RunResult enough = run("net", Patterns.safetyNet(3, 2), true);
    assertThat(enough.decision().verdict()).isEqualTo(Decision.Verdict.MERGE);
    assertThat(enough.decision().winner()).contains(TaskName.of("answer-2"));
    RunResult tooFew = run("net-strict", Patterns.safetyNet(3, 3), true);
    assertThat(tooFew.decision().verdict()).isEqualTo(Decision.Verdict.NOTHING);
    assertThat(tooFew.merges()).isEmpty();
    assertThat(tmp.resolve("net-strict/answer.txt")).doesNotExist();
  }
}
