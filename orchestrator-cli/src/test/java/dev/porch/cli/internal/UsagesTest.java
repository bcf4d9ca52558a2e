package dev.porch.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.CleanupReport;
import dev.porch.core.Decision;
import dev.porch.core.RunResult;
import dev.porch.core.TaskName;
import dev.porch.core.port.Usage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/** Tokens and cost in tables, sentences and JSON; the run report's per-agent and total use. */
class UsagesTest {
  @Test
  void tokens_shortForms() {
    assertThat(Usages.tokens(new Usage(12_800, 1_500, 3, OptionalDouble.empty()))).isEqualTo("12.8k/1.5k");
    assertThat(Usages.tokens(new Usage(812, 95, 1, OptionalDouble.empty()))).isEqualTo("812/95");
    assertThat(Usages.tokens(new Usage(999_999, 1_000, 1, OptionalDouble.empty()))).isEqualTo("1.0M/1.0k");
    assertThat(Usages.tokens(new Usage(128_000, 99_949, 1, OptionalDouble.empty()))).isEqualTo("128k/99.9k");
    assertThat(Usages.tokens(new Usage(640_000_000, 99_950, 1, OptionalDouble.empty()))).isEqualTo("640M/100k");
    assertThat(Usages.tokens(Usage.NONE)).isEqualTo("-");
  }

  @Test
  void cost_twoDecimals_orADashWhenUnknown() {
    assertThat(Usages.cost(new Usage(1, 1, 1, OptionalDouble.of(0.0412)))).isEqualTo("$0.04");
    assertThat(Usages.cost(new Usage(1, 1, 1, OptionalDouble.empty()))).isEqualTo("-");
  }

  @Test
  void runReport_showsEachAgentsUseAndTheTotal() {
    Map<TaskName, AgentStatus> statuses = new LinkedHashMap<>();
    statuses.put(TaskName.of("auth-1"), done("auth-1", new Usage(12_800, 1_500, 3, OptionalDouble.of(0.04))));
    statuses.put(TaskName.of("auth-2"), done("auth-2", new Usage(900, 80, 1, OptionalDouble.empty())));
    statuses.put(TaskName.of("auth-3"), done("auth-3", null));
    RunResult result = new RunResult("auth-run", Decision.nothing("nothing passed"), Map.of(), statuses, Map.of(),
        new CleanupReport(List.of(), List.of(), List.of()), List.of(), false, Duration.ofSeconds(3));
    StringWriter text = new StringWriter();

    RunReport.print(result, new Style(Ansi.OFF), new PrintWriter(text, true));
    Map<String, Object> json = RunReport.json(result);

    assertThat(text.toString()).contains("TOKENS", "COST")
        .containsPattern("auth-1 +COMPLETE .* 12\\.8k/1\\.5k +\\$0\\.04")
        .containsPattern("auth-2 +COMPLETE .* 900/80 +- ")
        .contains("Agents used 13.7k tokens in, 1.6k out, 4 turns, $0.04.");
    assertThat(json.get("totals")).isEqualTo(Map.of("input_tokens", 13_700L, "output_tokens", 1_580L, "turns", 4,
        "cost_usd", 0.04, "agents_reporting", 2L));
  }

  private static AgentStatus done(String task, Usage usage) {
    AgentStatus s = AgentStatus.pending(TaskName.of(task), "feature/" + task, ".worktrees/" + task)
        .moveTo(AgentState.RUNNING, Instant.EPOCH).moveTo(AgentState.COMPLETE, Instant.EPOCH).withSummary("did it");
    return usage == null ? s : s.withUsage(usage);
  }
}
