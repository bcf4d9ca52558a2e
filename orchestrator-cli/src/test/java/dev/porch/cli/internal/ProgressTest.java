package dev.porch.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.AgentState;
import dev.porch.core.TaskName;
import dev.porch.core.event.OrchestrationEvent;
import dev.porch.core.port.AgentActivity;
import dev.porch.core.port.Usage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/** The live display shows what each agent does, its tokens and cost, and a notice first. */
class ProgressTest {
  private static final TaskName T = TaskName.of("auth-1");

  @Test
  void redraw_showsActivityTokensAndCost_andANoticeBeforeTheStep() {
    StringWriter err = new StringWriter();
    Progress p = new Progress(new PrintWriter(err), new Style(Ansi.OFF), true);
    p.onEvent(new OrchestrationEvent.StateChanged("run", Instant.EPOCH, T, Optional.of(AgentState.PENDING), AgentState.RUNNING,
        Optional.empty()));
    AgentActivity doing = AgentActivity.NONE.withDoing("Bash: mvn -q test")
        .withUsage(new Usage(12_800, 1_500, 2, OptionalDouble.of(0.04)));
    p.onEvent(new OrchestrationEvent.AgentProgress("run", Instant.EPOCH, T, Duration.ofSeconds(3), "{json}",
        Optional.of(doing)));
    p.close();
    String first = err.toString();
    p.onEvent(new OrchestrationEvent.AgentProgress("run", Instant.EPOCH, T, Duration.ofSeconds(4), "{json}",
        Optional.of(doing.withNotice("rate limited (429); the CLI is retrying"))));
    p.close();

    assertThat(first).contains("auth-1", "RUNNING", "12.8k/1.5k", "$0.04", "Bash: mvn -q test").doesNotContain("{json}");
    assertThat(err.toString().substring(first.length())).contains("rate limited (429)");
  }
}
