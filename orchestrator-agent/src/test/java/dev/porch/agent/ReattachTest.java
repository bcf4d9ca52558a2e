package dev.porch.agent;

import static dev.porch.agent.Launches.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.agent.testing.FakeAgent;
import dev.porch.core.TaskName;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReattachTest {
  static final TaskName TASK = TaskName.of("survivor");
  @TempDir Path dir;
  Process orphan;
  AgentProcesses agents;

  @BeforeEach
  void setUp() throws Exception {
    orphan = new ProcessBuilder(FakeAgent.command("--sleep", "60000"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    agents = AgentProcesses.builder(dir).gracePeriod(Duration.ofSeconds(1)).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    agents.close();
    orphan.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
  }

  private Instant started() {
    return orphan.info().startInstant().orElseThrow();
  }

  @Test
  void reattach_sameProcessIsAdoptedAndCanBeCancelled() {
    Optional<AgentHandle> h = agents.reattach(TASK, orphan.pid(), started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

    assertThat(h).isPresent();
    assertThat(h.get().pid()).hasValue(orphan.pid());
    assertThat(h.get().processStarted()).isPresent();
    assertThat(h.get().outcome()).isNotDone();
    h.get().cancel("recovered and stopped");

    AgentOutcome o = await(h.get());
    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.CANCELLED);
    assertThat(orphan.isAlive()).isFalse();
  }

  @Test
  void reattach_endOfTheProcessCompletesWithUnknownExitCode() {
    AgentHandle h = agents.reattach(TASK, orphan.pid(), started()).orElseThrow();

    orphan.destroyForcibly();
    AgentOutcome o = await(h);

    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.EXITED);
    assertThat(o.exitCode()).isEmpty();
    assertThat(o.reason()).hasValueSatisfying(r -> assertThat(r).contains("exit code is unknown"));
  }

  @Test
  void close_leavesAReattachedAgentRunning() {
    AgentHandle h = agents.reattach(TASK, orphan.pid(), started()).orElseThrow();

    agents.close(); // as porch recover does when it ends

    assertThat(h.outcome()).isCompletedExceptionally();
    assertThat(orphan.isAlive()).as("porch recover must not kill the agents it finds").isTrue();
  }

  @Test
  void reattach_otherStartTimeIsAnotherProgram() {
    assertThat(agents.reattach(TASK, orphan.pid(), started().minusSeconds(5))).isEmpty();
  }

  @Test
  void reattach_deadProcess() throws Exception {
    Process gone = new ProcessBuilder(FakeAgent.command("--exit", "0")).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Instant started = gone.info().startInstant().orElse(Instant.now());
    gone.waitFor(60, TimeUnit.SECONDS);

    assertThat(agents.reattach(TASK, gone.pid(), started)).isEmpty();
  }
}
